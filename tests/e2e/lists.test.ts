import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { completeCase, demoActor, useE2eServices, closeE2eServices } from '../support/e2e-services.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';
import type { Actor } from '../../src/lib/server/actor.ts';

// The werkvoorraad on a phone (320 px): a filter lives in the URL (it survives a reload and the back
// button), the list pages on the server, and a later page says so when the list changed live.
let browser: Browser;
let deps: ReturnType<typeof useE2eServices> & { enqueueTimers: false };
let vt: Actor;
const created: string[] = [];
const UITGEEST = 'GM0450';

const references = (page: Page) => page.locator('tbody th a').allTextContents();

beforeAll(async () => {
	deps = { ...useE2eServices(), enqueueTimers: false };
	vt = await demoActor('vt.medewerker@ketentafel.test', 'vt', ['medewerker']);
	const reportDate = amsterdamDay(new Date(Date.now() - 2 * 86_400_000));
	for (let i = 0; i < 55; i++)
		created.push(await createCase(deps, vt, { ...completeCase(reportDate, UITGEEST), helpPresent: true, childrenInvolved: false }));
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	// leave the shared demo werkvoorraad as the other browser tests expect it
	if (created.length) await deps.sql`delete from cases where id = any(${created}::uuid[])`;
	await closeE2eServices();
});

describe('the werkvoorraad at 320 px', () => {
	it('keeps a filter in the URL across a reload, pages on the server, goes back, and notices a live change on a later page', async () => {
		const [{ n: inUitgeest }] = await deps.sql<{ n: number }[]>`
			select count(*)::int as n from cases where municipality_id = ${UITGEEST} and closed_at is null and responsible_org_id = ${vt.organisationId}`;
		expect(inUitgeest).toBeGreaterThan(50);
		const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
		const page = await context.newPage();
		await signIn(page, 'vt.medewerker@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		await page.goto(`${baseUrl()}/zaken`);

		await page.getByLabel('Gemeente').selectOption({ label: 'Uitgeest' });
		await page.getByRole('button', { name: 'Filteren' }).click();
		await page.waitForURL(/\/zaken\?.*gemeente=GM0450/);
		await page.getByText(`${inUitgeest} zaken in de werkvoorraad bij deze filters.`).waitFor();
		const first = await references(page);
		expect(first).toHaveLength(50);
		expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

		await page.reload();
		expect(await page.getByLabel('Gemeente').inputValue()).toBe(UITGEEST);
		expect(await references(page)).toEqual(first);

		await page.getByRole('link', { name: 'Volgende pagina' }).click();
		await page.waitForURL(/na=/);
		expect(new URL(page.url()).searchParams.get('gemeente')).toBe(UITGEEST);
		const second = await references(page);
		expect(second).toHaveLength(inUitgeest - 50);
		expect(second.filter((r) => first.includes(r))).toEqual([]);
		expect(await page.getByLabel('Gemeente').inputValue()).toBe(UITGEEST);
		expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

		// a colleague registers a case meanwhile: the later page says the list changed and links to its start
		created.push(await createCase(deps, vt, { ...completeCase(amsterdamDay(new Date()), UITGEEST), urgent: true, helpPresent: false }));
		await page.getByText(/De lijst is intussen bijgewerkt/).waitFor({ timeout: 10_000 });
		await page.getByRole('link', { name: 'Naar het begin van de zaken' }).first().click();
		await page.waitForURL((url) => !url.searchParams.has('na') && url.searchParams.get('gemeente') === UITGEEST);
		expect(await references(page)).toContain(
			(await deps.sql<{ reference: string }[]>`select reference from cases where id = ${created.at(-1)!}`)[0].reference
		);

		await page.goBack();
		await page.waitForURL(/na=/);
		await page.goBack();
		await page.waitForURL((url) => !url.searchParams.has('na') && url.searchParams.get('gemeente') === UITGEEST);
		expect(await page.getByLabel('Gemeente').inputValue()).toBe(UITGEEST);
		await context.close();
	});

	it('finds a case by reference and explains a bad filter instead of failing', async () => {
		const [{ reference }] = await deps.sql<{ reference: string }[]>`select reference from cases where id = ${created[7]}`;
		const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
		const page = await context.newPage();
		await signIn(page, 'vt.medewerker@ketentafel.test');
		await page.getByText('Live', { exact: true }).waitFor();
		await page.goto(`${baseUrl()}/zaken`);
		await page.getByLabel('Referentie').fill(reference.slice(-6));
		await page.getByLabel('Referentie').press('Enter');
		await page.waitForURL(new RegExp(`zoek=${reference.slice(-6)}`));
		await expect.poll(() => references(page)).toEqual([reference]);

		const response = await page.goto(`${baseUrl()}/zaken?gemeente=${UITGEEST}&spoed=misschien&van=2026-02-31&na=kapot`);
		expect(response?.status()).toBe(200);
		await page.getByText('Controleer de filters:').waitFor();
		await page.getByText('Deze pagina van de lijst bestaat niet (meer). U ziet het begin van de lijst.').waitFor();
		expect(await page.getByLabel('Alleen spoed').getAttribute('aria-invalid')).toBe('true');
		expect(await references(page)).toHaveLength(50); // the good filter (gemeente) still applies
		await context.close();
	});
});
