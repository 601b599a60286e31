import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices, closeE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

let browser: Browser;
let caseId: string;
let reference: string;
const day = (offset: number) => amsterdamDay(new Date(Date.now() + offset * 86_400_000));

beforeAll(async () => {
	const deps = useE2eServices();
	const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	caseId = await createCase(deps, vt, completeCase(day(-3)));
	[{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

describe('closing a case and monitoring it', () => {
	it('VT closes with a monitoring moment, the coordinator sees it arrive live, the outcome tells that a child is not safe', async () => {
		const coordinatorContext = await browser.newContext();
		const coordinator = await coordinatorContext.newPage();
		await signIn(coordinator, 'vt.coordinator@ketentafel.test');
		await coordinator.getByText('Live', { exact: true }).waitFor();
		await coordinator.goto(`${baseUrl()}/monitoring`);
		await coordinator.getByRole('heading', { name: 'Het hele team' }).waitFor();

		const vtContext = await browser.newContext();
		const vt = await vtContext.newPage();
		await signIn(vt, 'vt.medewerker@ketentafel.test');
		await vt.getByText('Live', { exact: true }).waitFor();
		await vt.goto(`${baseUrl()}/zaken/${caseId}`);
		await vt.getByRole('heading', { name: 'Zaak afsluiten' }).waitFor();
		await vt.getByText('Zaak afsluiten…', { exact: true }).click();
		await expect.poll(() => vt.evaluate(() => document.activeElement?.id)).toBe('closingSummary');

		// nothing filled in: every missing field is named
		await vt.getByRole('button', { name: 'Zaak afsluiten en monitoring plannen' }).click();
		await vt.getByText('Controleer de gemarkeerde velden.').waitFor();
		await vt
			.locator('#closingSummary-error')
			.getByText('Vat de afsluiting samen: de uitkomsten, de veiligheidsafspraken en wie erop toeziet.')
			.waitFor();
		await vt.locator('#withWhom-error').getByText('Kies met wie: de hulpverlener, gezinsleden of beide.').waitFor();
		// the error summary has the focus and names each field, with a link to it
		await expect.poll(() => vt.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
		await vt
			.getByTestId('error-summary')
			.getByRole('link', { name: /^Met wie: Kies met wie/ })
			.waitFor();
		expect(await vt.getByLabel('Samenvatting voor de afsluitbrief').getAttribute('aria-describedby')).toContain('closingSummary-error');

		await vt
			.getByLabel('Samenvatting voor de afsluitbrief')
			.fill('Onderzoek afgerond: geen geweld meer waar de kinderen bij zijn. De school ziet toe op de afspraken.');
		await vt.getByLabel('Ja, de melder is geïnformeerd').check();
		await vt.getByLabel('Wanneer', { exact: true }).fill(day(7));
		await vt.getByLabel('Gezinsleden', { exact: true }).check();
		await vt.getByLabel('Welke hulpverlener en/of gezinsleden').fill('moeder en kind');
		await vt.getByRole('button', { name: 'Zaak afsluiten en monitoring plannen' }).click();
		await vt.getByText('De zaak is afgesloten en de monitoring is gepland.').waitFor();
		await vt.getByTestId('closure').waitFor();
		await expect.poll(() => vt.getByRole('link', { name: 'Bewerken' }).count()).toBe(0);

		const row = coordinator.getByTestId('team').getByTestId('moment-row').filter({ hasText: reference });
		await row.waitFor({ timeout: 10_000 });
		expect(await row.textContent()).toContain('Gepland');

		await vt.getByRole('link', { name: 'Uitkomst vastleggen of opnieuw plannen' }).click();
		await vt.getByRole('heading', { name: `Monitoring ${reference}` }).waitFor();
		await vt.getByLabel('Effect van de hulp').fill('Moeder houdt zich aan de afspraken, maar het kind is nog steeds bang thuis.');
		await vt
			.getByRole('group', { name: /Moeder/ })
			.getByLabel('Ja, hersteld')
			.check();
		await vt
			.getByRole('group', { name: /Kind 1/ })
			.getByLabel('Nee, niet hersteld')
			.check();
		await vt.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
		await vt.getByTestId('unsafe').waitFor();
		expect(await vt.getByTestId('unsafe').textContent()).toContain('Kind 1 (8 jaar)');

		await coordinator
			.getByTestId('recorded')
			.getByTestId('moment-row')
			.filter({ hasText: reference })
			.getByText('Niet iedereen veilig')
			.waitFor({ timeout: 10_000 });
		await vtContext.close();
		await coordinatorContext.close();
	});
});
