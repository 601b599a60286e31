import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices, closeE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { lastPublishable, publishDuePeriods } from '../../src/lib/server/dashboard/publish.ts';
import { addDays, periodEnd } from '../../src/lib/dashboard/grid.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { pdfPageTexts } from '../support/pdf-text.ts';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/ketentafel-shots';

/** True when the page scrolls sideways (WCAG 1.4.10 at 320 px). */
const scrollsSideways = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

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
		// the last day of the period, as the screen says "t/m …", not the Monday of its last week
		const last = lastPublishable(new Date());
		expect(response.headers()['content-disposition']).toBe(
			`attachment; filename="doorstroom-gm0453-${last.from}-tm-${periodEnd(last)}-kerncijfers.csv"`
		);
		const csv = await response.text();
		const [header, ...rows] = csv
			.replace(/^\ufeff/, '')
			.trim()
			.split('\r\n');
		expect(header).toBe('"Cijfer";"Velsen";"IJmond";"Regio Kennemerland";"Vorige periode (Velsen)";"Verschil (%)"');
		// in one period of the test region most figures are small: shown as "<5", never as 0 to 4
		expect(rows.filter((r) => r.includes('"<5"')).length).toBeGreaterThan(0);
		// numbers as numbers (bare), a suppressed count as text
		for (const row of rows) expect(row.split(';').slice(1, 5)).not.toContainEqual(expect.stringMatching(/^"?[0-4]"?$/));
		for (const row of rows) for (const cell of row.split(';').slice(1, 4)) expect(cell).toMatch(/^(\d+|"<5"|"afgeschermd")$/);
		expect(csv).not.toMatch(REFERENCE);
		await context.close();
	});

	it('reads well at 1280 and 320 px: region beside the gemeente, p90 explained, no axe violations; the report prints', async () => {
		mkdirSync(SHOTS, { recursive: true });
		for (const width of [1280, 320]) {
			const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
			const page = await context.newPage();
			await signIn(page, 'gemeente.velsen@ketentafel.test');
			await page.goto(`${baseUrl()}/dashboard?periodes=3`);
			await page.getByRole('heading', { name: 'Doorstroom Velsen', level: 1 }).waitFor();
			// the subregion and the region beside Velsen's own figure, and what p90 means
			expect(await page.getByTestId('tile-beside').first().textContent()).toMatch(/IJmond: .*Regio Kennemerland: /);
			expect(await page.getByTestId('p90-uitleg').textContent()).toMatch(/9 van de 10 gezinnen/);
			expect(await page.locator('abbr[title="90e percentiel"]').count()).toBeGreaterThan(0);
			expect(await axeViolations(page)).toEqual([]);
			expect(await scrollsSideways(page)).toBe(false);
			await page.screenshot({ path: `${SHOTS}/dashboard-${width}.png`, fullPage: true });

			await page.goto(`${baseUrl()}/dashboard/rapport?periodes=3`);
			await page.getByTestId('summary-normen').waitFor();
			expect(await page.getByTestId('summary-normen').textContent()).toMatch(/5 werkdagen na de melding, bij spoed \d werkdag/);
			expect(await page.getByTestId('summary-vergelijking').textContent()).toMatch(/Velsen/);
			expect(await axeViolations(page)).toEqual([]);
			expect(await scrollsSideways(page)).toBe(false);
			await page.screenshot({ path: `${SHOTS}/rapport-${width}.png`, fullPage: true });

			if (width === 1280) {
				// print: every chart text at least 9 pt (12 CSS px) as drawn, a running header and page numbers
				await page.emulateMedia({ media: 'print' });
				const smallest = await page.evaluate(() =>
					Math.min(
						...[...document.querySelectorAll('.kt-report svg text')]
							.filter((t) => (t as SVGTextElement).ownerSVGElement!.getBoundingClientRect().width > 0) // printed charts only
							.map((t) => {
								const svg = (t as SVGTextElement).ownerSVGElement!;
								const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
								return parseFloat(getComputedStyle(t).fontSize) * scale;
							})
					)
				);
				expect(smallest).toBeGreaterThanOrEqual(12);
				await page.screenshot({ path: `${SHOTS}/rapport-print-${width}.png`, fullPage: true });
				const pdf = await page.pdf({ format: 'A4', printBackground: true });
				writeFileSync(`${SHOTS}/rapport.pdf`, pdf);
				// read back as text: on every page the running header (gemeente and period) and "Pagina i van n",
				// and no page that holds only the header and a heading left behind by its chart
				const pages = await pdfPageTexts(pdf);
				expect(pages.length).toBeGreaterThan(1);
				expect(pages.length).toBeLessThan(12);
				pages.forEach((text, i) => {
					expect(text).toMatch(/Doorstroom Velsen · periode \d+ van \d{4} \(/);
					expect(text).toContain('Ketentafel · rapportage Ambtelijk Overleg');
					expect(text).toContain(`Pagina ${i + 1} van ${pages.length}`);
					if (i < pages.length - 1) expect(text.length, `page ${i + 1} is nearly empty: ${text}`).toBeGreaterThan(250);
				});
			}
			await context.close();
		}
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
