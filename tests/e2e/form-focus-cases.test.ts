import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { closeDb } from '../../src/lib/server/db/client.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';

/**
 * The one error pattern on the case and handover forms: a failed submit puts the focus on the
 * error summary, whose links lead to the fields; a successful one on the confirmation, never on
 * the body.
 */
let browser: Browser;
let caseId: string;
let reference: string;

beforeAll(async () => {
	const deps = useE2eServices();
	const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	caseId = await createCase(deps, vt, completeCase(amsterdamDay(new Date(Date.now() - 86_400_000))));
	[{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeDb();
});

/** What has the focus: its test id, id and text (the body has neither id nor test id). */
function focused(page: Page) {
	return page.evaluate(() => {
		const el = document.activeElement;
		return {
			tag: el?.tagName.toLowerCase() ?? '',
			testid: el?.getAttribute('data-testid') ?? '',
			id: el?.id ?? '',
			text: el?.textContent ?? ''
		};
	});
}

describe('focus after submitting the case and handover forms', () => {
	it('an empty new case: the focus is on the error summary, whose links lead to the fields; created, on the confirmation', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		try {
			await signIn(page, 'vt.medewerker2@ketentafel.test');
			await page.goto(`${baseUrl()}/zaken/nieuw`);
			await page.getByRole('heading', { name: 'Nieuwe zaak' }).waitFor();
			await page.getByRole('button', { name: 'Zaak aanmaken' }).click();
			await expect.poll(async () => (await focused(page)).testid).toBe('error-summary');

			const summary = page.getByTestId('error-summary');
			expect(await summary.evaluate((el) => el.closest('form')?.firstElementChild === el)).toBe(true);
			const links = summary.getByRole('link');
			await expect.poll(() => links.count()).toBeGreaterThanOrEqual(2);
			const targets = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
			for (const href of targets) {
				expect(href).toMatch(/^#/);
				// each link leads to a control of this form
				expect(await page.locator(`form ${href}`).count()).toBe(1);
			}
			expect(await summary.textContent()).toContain('Gemeente: Kies de gemeente.');
			await summary.getByRole('link', { name: /^Gemeente:/ }).click();
			await expect.poll(async () => (await focused(page)).id).toBe('municipalityId');
			await summary.getByRole('link', { name: /^Situatieschets:/ }).click();
			await expect.poll(async () => (await focused(page)).id).toBe('summary');
			expect(await page.getByLabel('Situatieschets').getAttribute('aria-describedby')).toContain('summary-error');
			expect(await page.getByLabel('Situatieschets').getAttribute('aria-invalid')).toBe('true');

			await page.getByLabel('Gemeente').selectOption({ label: 'Velsen' });
			await page.getByLabel('Situatieschets').fill('Buren melden geschreeuw; een kind is vaak laat op straat.');
			await page.getByLabel('Omschrijving').fill('Kind 1 (11 jaar)');
			await page.getByRole('button', { name: 'Zaak aanmaken' }).click();
			await page.getByTestId('gaps').waitFor();
			await expect.poll(async () => (await focused(page)).testid).toBe('confirmation');
			expect((await focused(page)).text).toContain('De zaak is aangemaakt.');
		} finally {
			await context.close();
		}
	});

	it('a successful offer and a successful accept: the focus is on the confirmation, not on the body', async () => {
		const vtContext = await browser.newContext();
		const vt = await vtContext.newPage();
		const cjgContext = await browser.newContext();
		const cjg = await cjgContext.newPage();
		try {
			await signIn(vt, 'vt.medewerker@ketentafel.test');
			await vt.goto(`${baseUrl()}/zaken/${caseId}`);
			await vt.getByRole('heading', { name: reference }).waitFor();

			// refused first: the summary has the focus and leads to the message
			await vt.getByLabel('Ketenpartner', { exact: true }).selectOption({ label: 'CJG Kennemerland' });
			await vt.getByRole('button', { name: 'Aanbieden', exact: true }).click();
			await expect.poll(async () => (await focused(vt)).testid).toBe('error-summary');
			await vt
				.getByTestId('error-summary')
				.getByRole('link', { name: /^Bericht aan de ketenpartner:/ })
				.click();
			await expect.poll(async () => (await focused(vt)).id).toBe('message');

			await vt.getByLabel('Bericht aan de ketenpartner').fill('Graag een warme overdracht; de veiligheidsafspraken lopen.');
			await vt.getByRole('button', { name: 'Aanbieden', exact: true }).click();
			await vt.getByTestId('handover-status').getByText('Aangeboden, wacht op antwoord').waitFor();
			await expect.poll(async () => (await focused(vt)).testid).toBe('confirmation');
			expect((await focused(vt)).text).toContain('Het aanbod is verstuurd.');

			const [{ id: handoverId }] = await useE2eServices().sql<{ id: string }[]>`
				select id from handovers where case_id = ${caseId} and status = 'open'`;
			await signIn(cjg, 'cjg.medewerker2@ketentafel.test');
			await cjg.goto(`${baseUrl()}/overdrachten/${handoverId}`);
			await cjg.getByRole('heading', { name: 'Uw antwoord' }).waitFor();
			await cjg.getByLabel('Ja, wij accepteren').check();
			await cjg.getByRole('button', { name: 'Accepteren' }).click();
			await cjg.getByRole('heading', { name: 'Geaccepteerd' }).waitFor();
			await expect.poll(async () => (await focused(cjg)).testid).toBe('confirmation');
			expect((await focused(cjg)).text).toContain('U heeft de overdracht geaccepteerd');
		} finally {
			await vtContext.close();
			await cjgContext.close();
		}
	});
});
