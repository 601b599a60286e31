import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { closeDb } from '../../src/lib/server/db/client.ts';
import { amsterdamDay, DEFAULT_WORKDAY_POLICY } from '../../src/lib/server/workdays.ts';
import { unusualMomentReasons } from '../../src/lib/server/planning.ts';

let browser: Browser;
let caseId: string;
let reference: string;

beforeAll(async () => {
	const deps = useE2eServices();
	const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	caseId = await createCase(deps, vt, completeCase(amsterdamDay(new Date(Date.now() - 2 * 86_400_000))));
	[{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeDb();
});

describe('a handover from assessment to completed warm handover, live on two screens', () => {
	it('VT offers, CJG sees it arrive, is refused a bare "anders", accepts; both complete the warm handover', async () => {
		const vtContext = await browser.newContext();
		const vt = await vtContext.newPage();
		await signIn(vt, 'vt.medewerker@ketentafel.test');
		await vt.getByText('Live', { exact: true }).waitFor();
		await vt.goto(`${baseUrl()}/zaken/${caseId}`);
		await vt.getByRole('heading', { name: reference }).waitFor();

		const cjgContext = await browser.newContext();
		const cjg = await cjgContext.newPage();
		await signIn(cjg, 'cjg.medewerker2@ketentafel.test');
		await cjg.getByText('Live', { exact: true }).waitFor();
		await cjg.goto(`${baseUrl()}/overdrachten`);
		await cjg.getByTestId('inbox-open').or(cjg.getByText('Er zijn op dit moment geen overdrachten')).first().waitFor();
		expect(await cjg.locator('main').textContent()).not.toContain(reference);
		let cjgLoads = 0;
		cjg.on('load', () => cjgLoads++);
		let vtLoads = 0;
		vt.on('load', () => vtLoads++);

		await vt.getByLabel('Ketenpartner', { exact: true }).selectOption({ label: 'CJG Kennemerland' });
		await vt.getByLabel('Bericht aan de ketenpartner').fill('Graag een warme overdracht; de veiligheidsafspraken lopen.');
		await vt.getByRole('button', { name: 'Aanbieden' }).click();
		await vt.getByTestId('handover-status').getByText('Aangeboden, wacht op antwoord').waitFor();

		await cjg.getByTestId('inbox-open').getByRole('link', { name: reference }).waitFor({ timeout: 10_000 });
		await cjg.getByTestId('inbox-open').getByRole('link', { name: reference }).click();
		await cjg.getByRole('heading', { name: 'Uw antwoord' }).waitFor();

		await cjg.getByLabel('Nee, wij wijzen af').check();
		await cjg.getByLabel('Reden').selectOption({ label: 'Anders' });
		await cjg.getByRole('button', { name: 'Afwijzen' }).click();
		await expect.poll(() => cjg.locator('#note-error').textContent()).toContain('Licht toe waarom u afwijst');
		expect(await vt.getByTestId('handover-status').textContent()).toContain('Aangeboden, wacht op antwoord');

		await cjg.getByLabel('Ja, wij accepteren').check();
		await cjg.getByRole('button', { name: 'Accepteren' }).click();
		await cjg.getByText('U heeft de overdracht geaccepteerd').waitFor();
		await vt.getByTestId('handover-status').getByText('Geaccepteerd').waitFor({ timeout: 10_000 });
		expect(await vt.getByTestId('handover-status').textContent()).toContain('Daan Oosterveld');

		const pastAt = new Date(Date.now() - 60 * 60_000);
		const past = new Intl.DateTimeFormat('sv-SE', {
			timeZone: 'Europe/Amsterdam',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit'
		})
			.format(pastAt)
			.replace(' ', 'T');
		await cjg.getByLabel('Datum en tijd').fill(past);
		await cjg.getByLabel('Huisbezoek').check();
		await cjg.getByLabel('Wie gaan er namens Veilig Thuis?').fill('Sanne Verhoef');
		await cjg.getByLabel('Wie gaan er namens CJG Kennemerland?').fill('Daan Oosterveld');
		await cjg.getByRole('button', { name: 'Contactmoment opslaan' }).click();
		// an hour ago may be in the weekend, on a holiday or outside office hours: then it asks first
		if (unusualMomentReasons(pastAt, DEFAULT_WORKDAY_POLICY).length) {
			await cjg.getByLabel('Ja, ik plan bewust op dit moment').check();
			await cjg.getByRole('button', { name: 'Contactmoment opslaan' }).click();
		}

		await vt.getByText('Huisbezoek').waitFor({ timeout: 10_000 });
		await vt.getByRole('button', { name: /Bevestigen: het contactmoment heeft plaatsgevonden/ }).click();
		await cjg
			.getByText(/Bevestigd door Veilig Thuis/)
			.locator('xpath=following-sibling::dd[1]')
			.getByText(/Sanne Verhoef/)
			.waitFor({ timeout: 10_000 });
		await cjg.getByRole('button', { name: /Bevestigen: het contactmoment heeft plaatsgevonden/ }).click();

		await cjg.getByTestId('handover-status').getByText('De warme overdracht is afgerond').waitFor({ timeout: 10_000 });
		await vt.getByRole('heading', { name: 'Overgedragen' }).waitFor({ timeout: 10_000 });
		expect(await vt.locator('main').textContent()).toContain('verantwoordelijk: CJG Kennemerland');
		expect(await vt.getByTestId('timeline').textContent()).toContain('De warme overdracht is afgerond');
		expect(cjgLoads).toBe(0);
		expect(vtLoads).toBe(0);
		await cjgContext.close();
		await vtContext.close();
	});

	it('shows a third organisation nothing of the case', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'ggd.medewerker@ketentafel.test');
		await page.getByRole('heading', { name: 'Aangeboden overdrachten' }).waitFor();
		await page.goto(`${baseUrl()}/overdrachten`);
		expect(await page.locator('main').textContent()).not.toContain(reference);
		const response = await page.goto(`${baseUrl()}/zaken/${caseId}`);
		expect(response?.status()).toBe(403);
		expect(await page.locator('main').textContent()).not.toContain(reference);
		await context.close();
	});
});

describe('the case form', () => {
	it('registers a case and says exactly what is missing before it can be offered', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'vt.medewerker2@ketentafel.test');
		await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkvoorraad' }).click();
		await page.getByRole('link', { name: 'Nieuwe zaak' }).click();
		await page.getByRole('button', { name: 'Zaak aanmaken' }).click();
		await expect.poll(() => page.locator('#municipalityId-error').textContent()).toBe('Kies de gemeente.');
		expect(await page.locator('#summary-error').textContent()).toContain('Schets de situatie');

		await page.getByLabel('Gemeente').selectOption({ label: 'Velsen' });
		await page.getByLabel('Spoed').check();
		await page.getByLabel('Situatieschets').fill('Buren melden geschreeuw; een kind is vaak laat op straat.');
		await page.getByLabel('Omschrijving').fill('Kind 1 (11 jaar)');
		await page.getByRole('button', { name: 'Zaak aanmaken' }).click();
		await page.getByTestId('gaps').waitFor();
		const gaps = await page.getByTestId('gaps').locator('li').allTextContents();
		expect(gaps).toEqual(['Kind 1 (11 jaar) is nog niet gesproken.', 'Leg de veiligheidsafspraken vast.', 'Leg vast wie monitort.']);
		await page.getByText('U kunt deze zaak aanbieden zodra de veiligheidsbeoordeling compleet is.').waitFor();
		await context.close();
	});
});
