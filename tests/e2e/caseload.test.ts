import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';

// The coördinator's caseload page on the seeded demo (norms, a running sprintweek and a finished
// focusgroep): readable at 1280 and 320 px without sideways scroll and without axe-core violations,
// a sprint planned through its form, and refused to a medewerker.
let own: OwnPortal;
let browser: Browser;
const SHOTS = 'test-results/caseload';

const overflow = (page: Page) =>
	page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));

async function signedIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
	// bypassCSP: axe-core is injected as a script the page's CSP would refuse
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', bypassCSP: true });
	const cookie = (await own.cookieFor(email)).split('=');
	await context.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), url: own.baseUrl }]);
	return { context, page: await context.newPage() };
}

/** Axe at 1280 and 320 px, no sideways scroll at 320, a full-page screenshot at each width. */
async function checkWidths(page: Page, name: string): Promise<string[]> {
	const problems: string[] = [];
	for (const width of [1280, 320]) {
		await page.setViewportSize({ width, height: 900 });
		const sideways = await overflow(page);
		if (sideways > 0) problems.push(`${name} @${width}: ${sideways} px sideways scroll`);
		for (const v of await axeViolations(page)) problems.push(`${name} @${width}: ${v}`);
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
	return problems;
}

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	own = await startOwnPortal('caseload');
	browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
	await browser?.close();
	await own?.stop();
});

describe('the caseload page for caseloadgesprekken', () => {
	it('shows a coördinator each medewerker against the norm, the subregions and the sprints, accessible at 1280 and 320 px', async () => {
		const { context, page } = await signedIn('vt.coordinator@ketentafel.test');
		try {
			await page.goto(`${own.baseUrl}/`);
			await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Caseload', exact: true }).click();
			await page.getByRole('heading', { name: 'Caseload en werkvoorraad', level: 1 }).waitFor();

			const table = page.getByTestId('caseload-tabel');
			// the row header is the name, and under it "Boven norm: …" when the medewerker is over the norm
			const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });
			await row('Sanne Verhoef').waitFor();
			await row('Youssef El Amrani').waitFor();
			// the seeded norms: Youssef has his own (10), Sanne the team's (15)
			await expect(row('Youssef El Amrani').getByRole('cell').nth(4).textContent()).resolves.toMatch(/ van 10 \(eigen norm\)/);
			await expect(row('Sanne Verhoef').getByRole('cell').nth(4).textContent()).resolves.toMatch(/ van 15/);
			// every subregion with its werkvoorraad and waiting time
			const subregions = await page.getByTestId('subregio-tabel').locator('tbody th').allTextContents();
			expect(subregions.map((s) => s.trim()).sort()).toEqual(['Haarlemmermeer', 'IJmond', 'Zuid-Kennemerland']);
			// the running sprintweek and the finished focusgroep
			const sprints = page.locator('.kt-sprint');
			await expect(sprints.filter({ hasText: 'Sprintweek werkvoorraad regio' }).textContent()).resolves.toMatch(/Loopt/);
			await expect(sprints.filter({ hasText: 'Focusgroep IJmond' }).textContent()).resolves.toMatch(/Afgelopen/);

			expect(await checkWidths(page, 'caseload')).toEqual([]);

			await page.getByRole('link', { name: 'Sprintweek werkvoorraad regio' }).click();
			await page.getByRole('heading', { name: 'Sprintweek werkvoorraad regio', level: 1 }).waitFor();
			await expect(page.getByTestId('sprint-status').textContent()).resolves.toMatch(/\d+ van \d+ beoordelingen afgerond/);
			expect(await page.getByTestId('sprint-tabel').getByRole('row').count()).toBeGreaterThan(2);
			expect(await checkWidths(page, 'sprint')).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('lets the coördinator plan a sprint: Dutch errors first, then its page', async () => {
		const { context, page } = await signedIn('vt.coordinator@ketentafel.test');
		try {
			await page.goto(`${own.baseUrl}/caseload/sprints/nieuw`);
			await page.getByRole('heading', { name: 'Sprintweek of focusgroep plannen', level: 1 }).waitFor();
			await page.getByRole('button', { name: 'Plannen' }).click();
			await page.getByRole('link', { name: 'Geef de sprint een naam.' }).waitFor();
			await page.getByRole('link', { name: 'Kies ten minste één deelnemer.' }).waitFor();
			// the group with the error is marked like a single field with one (the red bar at its start)
			const bar = (selector: string) =>
				page.locator(selector).evaluate((e) => {
					const style = getComputedStyle(e);
					return `${style.borderInlineStartStyle} ${style.borderInlineStartWidth} ${style.borderInlineStartColor}`;
				});
			expect(await bar('fieldset#participantIds')).toBe(await bar('.utrecht-form-field--invalid:has(input[name=name])'));
			expect(await bar('fieldset#participantIds')).toMatch(/^solid [1-9]/);
			expect(await checkWidths(page, 'sprint-form')).toEqual([]);

			await page.getByLabel('Focusgroep').check();
			await page.getByLabel('Naam').fill('Focusgroep spoed Haarlemmermeer');
			await page.getByLabel('Youssef El Amrani').check();
			await page.getByLabel('Subregio').selectOption({ label: 'Haarlemmermeer' });
			await page.getByLabel('Alleen spoed').check();
			await page.getByLabel('Werkvoorraad terugbrengen tot hoogstens').check();
			await page.getByRole('textbox', { name: 'Aantal' }).fill('2');
			await page.getByRole('button', { name: 'Plannen' }).click();
			await page.getByRole('heading', { name: 'Focusgroep spoed Haarlemmermeer', level: 1 }).waitFor();
			await expect(page.locator('.kt-facts').textContent()).resolves.toMatch(/subregio Haarlemmermeer, alleen spoed/);
			// after the redirect the confirmation has the focus, not the page body
			await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirmation');
		} finally {
			await context.close();
		}
	});

	it('refuses a medewerker', async () => {
		const { context, page } = await signedIn('vt.medewerker@ketentafel.test');
		try {
			const response = await page.goto(`${own.baseUrl}/caseload`);
			expect(response?.status()).toBe(403);
			await page.goto(`${own.baseUrl}/`);
			expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Caseload' }).count()).toBe(0);
		} finally {
			await context.close();
		}
	});
});
