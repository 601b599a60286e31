import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { closeE2eServices, completeCase, demoActor, useE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { addDays } from '../../src/lib/server/trajectories/service.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

let browser: Browser;
let caseId: string;

/** The first Sunday at least two days from now (Amsterdam). */
function nextSunday(): string {
	let day = addDays(amsterdamDay(new Date()), 2);
	while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 0) day = addDays(day, 1);
	return day;
}

beforeAll(async () => {
	const deps = { ...useE2eServices(), enqueueTimers: false };
	const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	const cjg = await demoActor('cjg.medewerker2@ketentafel.test', 'cjg', ['medewerker']);
	caseId = await createCase(deps, vt, completeCase(amsterdamDay(new Date(Date.now() - 2 * 86_400_000))));
	const handoverId = await offerHandover(deps, vt, caseId, { toOrgId: cjg.organisationId, message: 'Graag een warme overdracht.' });
	await answerHandover(deps, cjg, handoverId, { answer: 'accept' });
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

async function signedIn(email: string): Promise<{ page: Page; close: () => Promise<void> }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	await page.getByText('Live', { exact: true }).waitFor();
	return { page, close: () => context.close() };
}

describe('planning on a Sunday or early in the morning asks for an explicit confirmation', () => {
	it('a tafel on a Sunday: the coordinator is asked, confirms, and the tafel is planned', async () => {
		const { page, close } = await signedIn('vt.coordinator@ketentafel.test');
		try {
			const sunday = nextSunday();
			await page.goto(`${baseUrl()}/tafels/nieuw`);
			await page.getByLabel('Subregio').selectOption({ label: 'Zuid-Kennemerland' });
			await page.getByLabel('Datum').fill(sunday);
			await page.getByLabel('Begintijd').fill('10:00');
			await page.getByLabel('CJG Kennemerland').check();
			await page.getByRole('button', { name: 'Tafel plannen' }).click();
			const alert = page.getByRole('alert').filter({ hasText: 'De tafel valt op zondag' });
			await alert.waitFor();
			expect(await alert.textContent()).toContain('dat is in het weekend. Klopt dit?');
			expect(page.url()).toContain('/tafels/nieuw');
			await page.getByLabel('Ja, ik plan bewust op dit moment').check();
			await page.getByRole('button', { name: 'Tafel plannen' }).click();
			await page.waitForURL(/\/tafels\/[0-9a-f-]{36}\?gepland$/);
			await page.getByRole('heading', { name: 'Overdrachtstafel Zuid-Kennemerland' }).waitFor();
			expect(await page.locator('main').textContent()).toContain('zondag');
		} finally {
			await close();
		}
	});

	it('a warm handover at 05:46: asked; a changed moment is asked about again; confirmed, it is planned', async () => {
		const { page, close } = await signedIn('vt.medewerker@ketentafel.test');
		try {
			const monday = addDays(nextSunday(), 1);
			await page.goto(`${baseUrl()}/zaken/${caseId}`);
			await page.getByLabel('Datum en tijd').fill(`${monday}T05:46`);
			await page.getByLabel('Gesprek').check();
			await page.getByLabel('Wie gaan er namens Veilig Thuis?').fill('VT-medewerker');
			await page.getByLabel(/Wie gaan er namens CJG/).fill('CJG-medewerker');
			await page.getByRole('button', { name: 'Contactmoment opslaan' }).click();
			await page
				.getByRole('alert')
				.filter({ hasText: 'om 05:46: dat is buiten kantoortijd (08:00–18:00)' })
				.waitFor()
				.catch(async (e) => {
					throw new Error(`${e}\n${(await page.locator('main').textContent())?.replace(/\s+/g, ' ').slice(0, 2500)}`);
				});

			// ticked, but the moment changed to another early one: asked again for that one
			await page.getByLabel('Ja, ik plan bewust op dit moment').check();
			await page.getByLabel('Datum en tijd').fill(`${monday}T06:15`);
			await page.getByRole('button', { name: 'Contactmoment opslaan' }).click();
			await page.getByRole('alert').filter({ hasText: 'om 06:15: dat is buiten kantoortijd' }).waitFor();

			await page.getByLabel('Ja, ik plan bewust op dit moment').check();
			await page.getByRole('button', { name: 'Contactmoment opslaan' }).click();
			await page.getByText('Het contactmoment is opgeslagen.').waitFor();
			const [row] = await useE2eServices().sql<{ plannedAt: Date }[]>`
				select w.planned_at from warm_handovers w join handovers h on h.id = w.handover_id where h.case_id = ${caseId}`;
			expect(
				new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' }).format(row.plannedAt)
			).toBe(`${monday} 06:15`);
		} finally {
			await close();
		}
	});
});
