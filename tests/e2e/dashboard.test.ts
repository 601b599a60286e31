import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices, closeE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { lastPublishable, publishDuePeriods } from '../../src/lib/server/dashboard/publish.ts';
import { addDays, periodEnd } from '../../src/lib/dashboard/grid.ts';

const VELSEN = 'GM0453';
const REFERENCE = /VT-\d{4}-\d{6}/;
let browser: Browser;
let deps: ReturnType<typeof useE2eServices>;

beforeAll(async () => {
	deps = useE2eServices();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

/** The key figure of a row in the gemeente's own column (the first after the figure's name). */
function ownFigure(page: Page, figure: string) {
	return page
		.getByTestId('kerncijfers')
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: figure, exact: true }) })
		.getByRole('cell')
		.first();
}

describe('the doorstroom dashboard', () => {
	it('shows a gemeente its own figures next to the subregion and the region, never a case, and a new publication live', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'gemeente.velsen@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		await page.getByRole('link', { name: 'Doorstroom', exact: true }).click();
		await page.getByRole('heading', { name: 'Doorstroom', level: 1 }).waitFor();
		await page.getByText('Er zijn nog geen cijfers gepubliceerd.').waitFor();
		let loads = 0;
		page.on('load', () => loads++);

		// six meldingen in Velsen in the last period that has ended, then that period is published: the open page follows
		const vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
		const day = addDays(periodEnd(lastPublishable(new Date())), -3);
		for (let i = 0; i < 6; i++) await createCase(deps, vt, completeCase(day, VELSEN));
		expect((await publishDuePeriods(deps)).length).toBeGreaterThan(0);

		await page.getByRole('heading', { name: 'Doorstroom Velsen', level: 1 }).waitFor({ timeout: 20_000 });
		await page
			.getByTestId('dashboard-live-note')
			.filter({ hasText: /^Cijfers bijgewerkt om \d{2}:\d{2}$/ })
			.waitFor();
		expect(loads).toBe(0);
		const headers = await page.getByTestId('kerncijfers').locator('thead th').allTextContents();
		expect(headers.map((h) => h.trim())).toEqual([
			'Cijfer',
			'Velsen',
			'IJmond',
			'Regio Kennemerland',
			'Vorige periode (Velsen)',
			'Verschil'
		]);
		// six meldingen: published as a number, or hidden as "afgeschermd" when it would give a small one away; never 0 to 4
		expect((await ownFigure(page, 'Meldingen').textContent())!.trim()).toMatch(/^(6|afgeschermd)$/);
		expect(await page.locator('main').textContent()).not.toMatch(REFERENCE);
		await page.getByRole('img', { name: /Mediaan wachttijd per fase in Velsen/ }).waitFor();

		// the printable report: same scope, the summary, a print button
		await page.getByRole('link', { name: 'Rapport voor het Ambtelijk Overleg' }).click();
		await page.getByRole('heading', { name: 'Doorstroom Velsen', level: 1 }).waitFor();
		await page.getByRole('button', { name: 'Afdrukken of opslaan als PDF' }).waitFor();
		expect(await page.locator('main').textContent()).not.toMatch(REFERENCE);
		await context.close();
	});

	it('exports a table as CSV with the page’s session, small numbers as "<5"', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'gemeente.velsen@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		await page.goto(`${baseUrl()}/dashboard?periodes=1`);
		const href = await page.getByRole('link', { name: /^Kerncijfers, periode \d+ van \d{4} \(CSV\)/ }).getAttribute('href');
		expect(href).toBe('/dashboard/export/kerncijfers.csv?periodes=1');

		const response = await context.request.get(`${baseUrl()}${href}`);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect(response.headers()['content-disposition']).toMatch(
			/^attachment; filename="doorstroom-gm0453-(\d{4}-P\d{2})-\1-kerncijfers\.csv"$/
		);
		const csv = await response.text();
		const [header, ...rows] = csv
			.replace(/^\ufeff/, '')
			.trim()
			.split('\r\n');
		expect(header).toBe('"Cijfer";"Velsen";"IJmond";"Regio Kennemerland";"Vorige periode (Velsen)";"Verschil"');
		// in one period of the test region most figures are small: shown as "<5", never as 0 to 4
		expect(rows.filter((r) => r.includes('"<5"')).length).toBeGreaterThan(0);
		for (const row of rows) expect(row.split(';').slice(1, 5)).not.toContainEqual(expect.stringMatching(/^"[0-4]"$/));
		expect(csv).not.toMatch(REFERENCE);
		await context.close();
	});

	it('is not there for partners: 403 for the page and the export', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'cjg.medewerker@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		expect(await page.getByRole('link', { name: 'Doorstroom', exact: true }).count()).toBe(0);
		const response = await page.goto(`${baseUrl()}/dashboard`);
		expect(response?.status()).toBe(403);
		expect((await context.request.get(`${baseUrl()}/dashboard/export/kerncijfers.csv`)).status()).toBe(403);
		await context.close();
	});
});
