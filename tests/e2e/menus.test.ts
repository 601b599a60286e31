import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, baseUrl } from '../support/browser.ts';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { encrypt } from '../../src/lib/server/auth/crypto.ts';
import { generateTotpKey } from '../../src/lib/server/auth/totp.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { sessionCookieName } from '../../src/lib/server/auth/cookie.ts';
import { PAGES, menuFor } from '../../src/lib/server/auth/pages.ts';

let sql: Sql;
let browser: Browser;

interface Principal {
	email: string;
	organisationId: string;
	kind: string;
	roles: string[];
}

/** Every seeded account in its first organisation (the one a session starts in). */
async function principals(): Promise<Principal[]> {
	return sql<Principal[]>`
		select distinct on (u.email) u.email, o.id as organisation_id, o.kind::text as kind,
		       array(select m2.role::text from memberships m2 where m2.user_id = u.id and m2.organisation_id = o.id order by 1) as roles
		from users u join memberships m on m.user_id = u.id join organisations o on o.id = m.organisation_id
		where u.email like '%@ketentafel.test' and u.disabled_at is null
		order by u.email, o.name`;
}

/** A Cookie header for a fully signed-in session (second factor done; beheerders get one set up). */
async function cookieFor(email: string, organisationId?: string): Promise<string> {
	const [user] = await sql<{ id: string }[]>`select id from users where email = ${email}`;
	await sql`update users set totp_key = coalesce(totp_key, ${encrypt(generateTotpKey())}), totp_enabled_at = coalesce(totp_enabled_at, now())
	          where id = ${user.id} and exists (select 1 from memberships where user_id = ${user.id} and role = 'beheerder')`;
	const session = await createSession(
		sql,
		{ userId: user.id, organisationId, twoFactorVerified: true, ip: '127.0.0.1', userAgent: 'menus test' },
		3_600_000,
		systemClock
	);
	return `${sessionCookieName()}=${session.token}`;
}

/** The hrefs of the main menu on a rendered page. */
function menuOf(html: string): string[] {
	const nav = /<nav[^>]*aria-label="Hoofdmenu"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
	return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
}

beforeAll(async () => {
	sql = connect(inject('e2eDatabaseUrl'), 2);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await sql?.end();
});

describe('the menu per person', () => {
	it('offers every demo principal exactly the pages the server lets them open and that belong in their menu', async () => {
		const everyone = await principals();
		expect(everyone.length).toBeGreaterThan(15);
		for (const p of everyone) {
			const cookie = await cookieFor(p.email, p.organisationId);
			const capacity = { organisationId: p.organisationId, organisationKind: p.kind, roles: p.roles };
			const answers = await Promise.all(
				PAGES.map(async (page) => {
					const response = await fetch(baseUrl() + page.path, { redirect: 'manual', headers: { cookie } });
					return { page, status: response.status, html: page.path === '/' ? await response.text() : (await response.body?.cancel(), '') };
				})
			);
			for (const { page, status } of answers) {
				// the table's rule is the server's: 200 when it says the page may be opened, 403 when not
				expect(status, `${p.email} (${p.kind} ${p.roles.join(',')}) ${page.path}`).toBe(page.mayOpen(capacity) ? 200 : 403);
			}
			const shown = menuOf(answers.find((a) => a.page.path === '/')!.html);
			expect(shown, p.email).toEqual(menuFor(capacity).map((m) => m.href));
			const openable = new Set(answers.filter((a) => a.status === 200).map((a) => a.page.path));
			for (const href of shown) expect(openable.has(href.split('?')[0]), `${p.email}: menu item ${href} opens`).toBe(true);
		}
	}, 240_000);

	it('gives a gemeente beheerder API-koppelingen and no Termijnen or Zorgvormen', () => {
		const gemeente = { organisationId: 'x', organisationKind: 'gemeente', roles: ['beheerder'] };
		const menu = menuFor(gemeente).map((m) => m.label);
		expect(menu).toContain('API-koppelingen');
		expect(menu).not.toContain('Termijnen');
		expect(menu).not.toContain('Zorgvormen');
		expect(menuFor({ ...gemeente, organisationKind: 'vt' }).map((m) => m.label)).toEqual(
			expect.arrayContaining(['Termijnen', 'Zorgvormen', 'Organisaties'])
		);
	});

	it('shows it in the browser, and on a 320 px screen behind a Menu button that Escape closes', async () => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		try {
			const [name, value] = (await cookieFor('gemeente.beheerder@ketentafel.test')).split('=');
			await context.addCookies([{ name, value, url: baseUrl() }]);
			const page = await context.newPage();
			await page.goto(`${baseUrl()}/`);
			const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
			await nav.getByRole('link', { name: 'API-koppelingen' }).waitFor();
			expect(await nav.getByRole('link', { name: 'Termijnen' }).count()).toBe(0);
			expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);

			await page.setViewportSize({ width: 320, height: 700 });
			const button = page.getByRole('button', { name: 'Menu' });
			await button.waitFor();
			expect(await nav.isVisible()).toBe(false);
			const headerHeight = await page.locator('header').evaluate((h) => h.getBoundingClientRect().height);
			expect(headerHeight).toBeLessThan(80); // one line: brand, live dot, bell and menu button
			await button.click();
			expect(await button.getAttribute('aria-expanded')).toBe('true');
			await nav.getByRole('link', { name: 'API-koppelingen' }).focus();
			await page.keyboard.press('Escape');
			expect(await button.getAttribute('aria-expanded')).toBe('false');
			expect(await nav.isVisible()).toBe(false);
			expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

			// following a menu item closes the menu again
			await button.click();
			await nav.getByRole('link', { name: 'API-koppelingen' }).click();
			await page.waitForURL(/\/beheer\/api-tokens$/);
			expect(await button.getAttribute('aria-expanded')).toBe('false');
		} finally {
			await context.close();
		}
	});
});
