import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices, closeE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { openTrajectory } from '../../src/lib/server/trajectories/service.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

let browser: Browser;
let trajectoryId: string;
let reference: string;

beforeAll(async () => {
	const deps = { ...useE2eServices(), enqueueTimers: false };
	const vt = await demoActor('vt.medewerker2@ketentafel.test', 'vt', ['medewerker']);
	const cjg = await demoActor('cjg.coordinator@ketentafel.test', 'cjg', ['coordinator']);
	const caseId = await createCase(deps, vt, completeCase(amsterdamDay(new Date(Date.now() - 2 * 86_400_000))));
	[{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
	const handoverId = await offerHandover(deps, vt, caseId, { toOrgId: cjg.organisationId, message: 'Graag samen een V&V-traject.' });
	await answerHandover(deps, cjg, handoverId, { answer: 'accept' });
	trajectoryId = await openTrajectory(deps, vt, caseId, { partnerOrgId: cjg.organisationId, vtResponsibleId: vt.userId! });
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

describe('a V&V-traject, live on both screens', () => {
	it('VT adds a condition, the partner sees it arrive and marks it nagekomen, VT sees that live', async () => {
		const vtContext = await browser.newContext();
		const vt = await vtContext.newPage();
		await signIn(vt, 'vt.medewerker2@ketentafel.test');
		await vt.getByText('Live', { exact: true }).waitFor();
		await vt.goto(`${baseUrl()}/trajecten/${trajectoryId}`);
		await vt.getByRole('heading', { name: `V&V-traject ${reference}` }).waitFor();

		const cjgContext = await browser.newContext();
		const cjg = await cjgContext.newPage();
		await signIn(cjg, 'cjg.coordinator@ketentafel.test');
		await cjg.getByText('Live', { exact: true }).waitFor();
		await cjg.goto(`${baseUrl()}/trajecten/${trajectoryId}`);
		await cjg.getByRole('heading', { name: `V&V-traject ${reference}` }).waitFor();
		expect(await cjg.getByTestId('term').textContent()).toContain('nog 70 dagen');
		let cjgLoads = 0;
		cjg.on('load', () => cjgLoads++);
		let vtLoads = 0;
		vt.on('load', () => vtLoads++);

		// VT may not close while the partner has not confirmed
		await vt.getByRole('button', { name: 'Deel van Veilig Thuis afsluiten' }).click();
		await vt
			.getByRole('alert')
			.filter({ hasText: /heeft nog niet bevestigd dat het de ondersteuning voortzet\./ })
			.waitFor();

		// the one error pattern: a failed submit focuses the error summary, which links to the field;
		// a successful one focuses the confirmation in the changed section (never the body)
		const focused = () => vt.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
		await vt.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
		await expect.poll(focused).toBe('error-summary');
		expect(
			await vt
				.getByTestId('error-summary')
				.getByRole('link', { name: /^Omschrijving: / })
				.getAttribute('href')
		).toBe('#condition-description');

		const description = 'Moeder belt het wijkteam bij nieuwe spanningen thuis.';
		await vt.getByLabel('Omschrijving').first().fill(description);
		await vt.getByLabel('Wie ziet erop toe').selectOption({ label: 'CJG Kennemerland' });
		await vt.locator('#condition-due').fill('2026-12-31');
		await vt.getByRole('button', { name: 'Voorwaarde toevoegen' }).click();
		await vt.getByText('De veiligheidsvoorwaarde is toegevoegd.').waitFor();
		await expect.poll(focused).toBe('confirmation');
		expect(await vt.getByTestId('confirmation').textContent()).toContain('De veiligheidsvoorwaarde is toegevoegd.');

		const row = cjg.getByTestId('condition').filter({ hasText: description });
		await row.waitFor({ timeout: 10_000 });
		expect(await row.getByTestId('condition-status-label').textContent()).toBe('Open');
		await row.getByTestId('condition-status').selectOption('nagekomen');
		await row.getByRole('button', { name: 'Opslaan' }).click();
		await cjg.getByText('De status is opgeslagen.').waitFor();

		const vtLabel = vt.getByTestId('condition').filter({ hasText: description }).getByTestId('condition-status-label');
		await expect.poll(() => vtLabel.textContent(), { timeout: 10_000 }).toBe('Nagekomen');
		expect(await vt.getByTestId('condition').filter({ hasText: description }).getByTestId('condition-status').inputValue()).toBe(
			'nagekomen'
		);
		expect(vtLoads).toBe(0);
		expect(cjgLoads).toBe(0);
		await vtContext.close();
		await cjgContext.close();
	});
});
