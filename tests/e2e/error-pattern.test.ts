import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { createOrganisation, createUser, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { encrypt } from '../../src/lib/server/auth/crypto.ts';
import { generateTotpKey, totpCode } from '../../src/lib/server/auth/totp.ts';

let browser: Browser;
let sql: Sql;
beforeAll(async () => {
	browser = await launchBrowser();
	sql = connect(inject('e2eDatabaseUrl'), 1);
});
afterAll(async () => {
	await browser?.close();
	await sql?.end();
});

/** What has the focus: its tag, id and test id (the body when focus was lost). */
const focused = (page: Page) =>
	page.evaluate(() => {
		const el = document.activeElement;
		return { tag: el?.tagName.toLowerCase(), id: el?.id ?? '', testid: el?.getAttribute('data-testid') ?? '' };
	});

/** A beheerder of a new organisation with a second factor already set up. */
async function beheerderWithTwoFactor() {
	const org = await createOrganisation(sql, 'cjg');
	const user = await createUser(sql, [{ organisationId: org.id, role: 'beheerder' }]);
	const key = generateTotpKey();
	await sql`update users set totp_key = ${encrypt(key)}, totp_enabled_at = now() where id = ${user.id}`;
	return { ...user, key };
}

describe('one error pattern for every form', () => {
	it('sign-in with empty fields: the summary takes the focus and links to each field', async () => {
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await page.goto(`${baseUrl()}/inloggen`);
			await page.getByRole('button', { name: 'Inloggen' }).click();
			const summary = page.getByTestId('error-summary');
			await summary.waitFor();
			await expect.poll(() => focused(page).then((f) => f.testid)).toBe('error-summary');
			expect(await summary.getByRole('alert').count()).toBe(1);
			const links = summary.getByRole('link');
			await expect.poll(() => links.count()).toBe(2);
			expect(await links.nth(0).textContent()).toMatch(/^E-mailadres: /);
			expect(await links.nth(1).textContent()).toMatch(/^Wachtwoord: /);

			await links.nth(1).click();
			expect((await focused(page)).id).toBe('password');
			const password = page.locator('#password');
			expect(await password.getAttribute('aria-invalid')).toBe('true');
			expect(await password.getAttribute('aria-describedby')).toContain('password-error');

			// the keyboard way: Enter on the first link
			await summary.focus();
			await page.keyboard.press('Tab');
			await page.keyboard.press('Enter');
			expect((await focused(page)).id).toBe('email');
		} finally {
			await context.close();
		}
	});

	it('a wrong second-factor code is announced and focused, not silent', async () => {
		const user = await beheerderWithTwoFactor();
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await signIn(page, user.email, FIXTURE_PASSWORD);
			await page.waitForURL(/tweestapsverificatie$/);
			const right = totpCode(user.key, new Date());
			await page.getByLabel('Code of herstelcode').fill(right === '000000' ? '111111' : '000000');
			await page.getByRole('button', { name: 'Verifiëren' }).click();
			const summary = page.getByTestId('error-summary');
			await summary.waitFor();
			await expect.poll(() => focused(page).then((f) => f.testid)).toBe('error-summary');
			expect(await summary.getByRole('alert').textContent()).toContain('Deze code klopt niet');
			expect(await summary.getByRole('link').textContent()).toMatch(/^Code of herstelcode: /);
			expect(await page.locator('#code').getAttribute('aria-invalid')).toBe('true');
		} finally {
			await context.close();
		}
	});

	it('the bell panel gives the focus back on Escape; focus rings are one; select boxes show an arrow', async () => {
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await signIn(page, 'vt.medewerker@ketentafel.test');
			await page.waitForURL((url) => url.pathname === '/');
			const bell = page.getByTestId('notification-bell');
			await bell.click();
			await page.locator('#meldingen-paneel').waitFor();
			await page.locator('#meldingen-paneel a, #meldingen-paneel button').first().focus();
			await page.keyboard.press('Escape');
			await page.locator('#meldingen-paneel').waitFor({ state: 'detached' });
			expect((await focused(page)).testid).toBe('notification-bell');

			await page.goto(`${baseUrl()}/zaken`);
			const ring = (selector: string) =>
				page.evaluate((s) => {
					const el = document.querySelector<HTMLElement>(s)!;
					el.focus({ focusVisible: true } as FocusOptions);
					const style = getComputedStyle(el);
					return { outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`, shadow: style.boxShadow };
				}, selector);
			await page.keyboard.press('Tab'); // keyboard modality, so programmatic focus shows the ring too
			const link = await ring('main a[href]');
			const input = await ring('main input[type="search"], main input[type="text"]');
			const select = await ring('main select');
			const button = await ring('main button');
			expect(link.outline).toMatch(/^solid 3px/);
			for (const other of [input, select, button]) expect(other).toEqual(link);

			const arrow = await page.evaluate(() => getComputedStyle(document.querySelector('main select')!).backgroundImage);
			expect(arrow).toContain('data:image/svg+xml');
		} finally {
			await context.close();
		}
	});

	it('the status page announces a change of state, not every heartbeat', async () => {
		const user = await beheerderWithTwoFactor();
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await signIn(page, user.email, FIXTURE_PASSWORD);
			await page.waitForURL(/tweestapsverificatie$/);
			await page.getByLabel('Code of herstelcode').fill(totpCode(user.key, new Date()));
			await page.getByRole('button', { name: 'Verifiëren' }).click();
			await page.waitForURL((url) => !url.pathname.includes('tweestapsverificatie'));
			await page.goto(`${baseUrl()}/beheer/status`);
			const heartbeat = page.getByTestId('heartbeat');
			await expect.poll(() => heartbeat.locator('strong').textContent(), { timeout: 15_000 }).toBeTruthy();
			const first = await heartbeat.locator('strong').textContent();
			await expect.poll(() => heartbeat.locator('strong').textContent(), { timeout: 15_000 }).not.toBe(first);
			// the changing text is in no live region; the one live region says the state
			expect(await heartbeat.evaluate((el) => el.closest('[aria-live], [role="status"], [role="alert"]') === null)).toBe(true);
			expect(await page.getByTestId('heartbeat-state').textContent()).toBe('De workers draaien.');
		} finally {
			await context.close();
		}
	});
});
