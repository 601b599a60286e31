import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { axeViolations, horizontalOverflow, overflowCulprits } from '../support/axe.ts';

// Every page each role reaches from its menu, and one of each detail page linked from those, at
// 1280, 640 (200 % zoom) and 320 px: no axe-core violation (WCAG 2.1 A/AA) and no sideways scroll.
let own: OwnPortal;
let browser: Browser;

const ROLES = [
	'vt.medewerker',
	'vt.coordinator',
	'vt.beheerder',
	'cjg.medewerker',
	'cjg.beheerder',
	'consortium.medewerker',
	'gemeente.haarlem',
	'gemeente.beheerder',
	'stuurgroep'
];
const WIDTHS = [1280, 640, 320];
/** Detail pages: the first link of each pattern found on a menu page is checked too. */
const DETAILS = [
	/^\/zaken\/[0-9a-f-]{36}$/,
	/^\/overdrachten\/[0-9a-f-]{36}$/,
	/^\/tafels\/[0-9a-f-]{36}$/,
	/^\/trajecten\/[0-9a-f-]{36}$/,
	/^\/beheer\/gebruikers\/[0-9a-f-]{36}$/,
	/^\/beheer\/organisaties\/[0-9a-f-]{36}$/
];
/** Links that leave the portal's pages or end the session. */
const SKIP = /^\/(uitloggen|api\/|healthz)|\.(csv|json)(\?|$)/;

beforeAll(async () => {
	own = await startOwnPortal('a11y', {}, { historyWeeks: 14 }); // the dashboard's default 13 weeks, with figures
	browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
	await browser?.close();
	await own?.stop();
});

async function links(page: Page): Promise<string[]> {
	const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
	return [...new Set(hrefs.map((h) => h.split('#')[0]).filter((h) => h && !SKIP.test(h)))];
}

async function check(page: Page, url: string, problems: string[]): Promise<void> {
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: 900 });
		const overflow = await horizontalOverflow(page);
		if (overflow > 0) problems.push(`${url} @${width}: ${overflow} px sideways scroll: ${(await overflowCulprits(page)).join('; ')}`);
		if (width === 640) continue; // axe's rules do not depend on the width between the two ends
		for (const v of await axeViolations(page)) problems.push(`${url} @${width}: ${v}`);
	}
}

describe('accessibility of every page', () => {
	for (const role of ROLES)
		it(`as ${role}: every menu page and detail page at 1280, 640 and 320 px`, { timeout: 600_000 }, async () => {
			let context: BrowserContext | undefined;
			try {
				context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
				const cookie = (await own.cookieFor(`${role}@ketentafel.test`)).split('=');
				await context.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), url: own.baseUrl }]);
				const page = await context.newPage();
				await page.goto(`${own.baseUrl}/`);
				const menu = await page.$$eval('header a[href^="/"], nav a[href^="/"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
				const queue = [...new Set(['/', ...menu.filter((h) => h && !SKIP.test(h))])];
				const seen = new Set<string>();
				const problems: string[] = [];
				const details = new Map<RegExp, string>();
				for (const url of queue) {
					if (seen.has(url)) continue;
					seen.add(url);
					const response = await page.goto(`${own.baseUrl}${url}`);
					if (!response || response.status() >= 400) {
						problems.push(`${url}: HTTP ${response?.status()} from a link in the menu`);
						continue;
					}
					await check(page, url, problems);
					for (const href of await links(page)) {
						const pattern = DETAILS.find((p) => p.test(href.split('?')[0]));
						if (pattern && !details.has(pattern)) details.set(pattern, href);
					}
				}
				for (const url of details.values()) {
					const response = await page.goto(`${own.baseUrl}${url}`);
					if (!response || response.status() >= 400) continue; // linked but refused is the access tests' subject
					await check(page, url, problems);
				}
				expect(seen.size).toBeGreaterThan(1);
				expect(problems).toEqual([]);
			} finally {
				await context?.close();
			}
		});
});
