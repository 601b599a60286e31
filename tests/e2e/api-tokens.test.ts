import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { encrypt } from '../../src/lib/server/auth/crypto.ts';
import { generateTotpKey, totpCode } from '../../src/lib/server/auth/totp.ts';

// A partner beheerder of its own: cjg.beheerder is the two-factor test's. This account gets an extra
// beheerder membership and a TOTP key for this file only; afterAll takes both away again.
const EMAIL = 'wijkteam.haarlemmermeer@ketentafel.test';
const ORGANISATION = 'Sociaal Wijkteam Haarlemmermeer';
const key = generateTotpKey();
let browser: Browser;
let sql: Sql;

beforeAll(async () => {
	browser = await launchBrowser();
	sql = connect(inject('e2eDatabaseUrl'), 1);
	await sql`
		insert into memberships (user_id, organisation_id, role)
		select u.id, o.id, 'beheerder' from users u, organisations o where u.email = ${EMAIL} and o.name = ${ORGANISATION}
		on conflict do nothing`;
	await sql`update users set totp_key = ${encrypt(key)}, totp_enabled_at = now(), totp_last_step = null where email = ${EMAIL}`;
});

afterAll(async () => {
	await sql`delete from memberships where role = 'beheerder' and user_id = (select id from users where email = ${EMAIL})`;
	await sql`update users set totp_key = null, totp_enabled_at = null, totp_last_step = null where email = ${EMAIL}`;
	await sql`delete from sessions where user_id = (select id from users where email = ${EMAIL})`;
	await sql.end();
	await browser?.close();
});

const callApi = (token?: string) => fetch(`${baseUrl()}/api/v1/handovers`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('API tokens in the browser', () => {
	it('creates a token shown once, which works on the API until it is revoked', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, EMAIL);
		await page.waitForURL(/\/inloggen\/tweestapsverificatie$/);
		await page.getByLabel('Code of herstelcode').fill(totpCode(key, new Date()));
		await page.getByRole('button', { name: 'Verifiëren' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));

		await page.getByRole('link', { name: 'API-koppelingen' }).click();
		await page.getByRole('heading', { name: 'API-koppelingen', level: 1 }).waitFor();
		expect(await page.locator('main').textContent()).toContain('nog geen API-tokens');

		// the name is required: the error is linked to the field, and the error summary gets the focus and links to the field
		await page.getByRole('button', { name: 'Token aanmaken' }).click();
		await page.locator('#name-error').waitFor();
		expect(await page.getByLabel('Naam', { exact: true }).getAttribute('aria-describedby')).toContain('name-error');
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
		await page.getByTestId('error-summary').getByRole('link', { name: /^Naam/ }).click();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('name');

		await page.getByLabel('Naam', { exact: true }).fill('Registratiesysteem wijkteam');
		await page.getByRole('button', { name: 'Token aanmaken' }).click();
		const secret = page.getByTestId('new-token');
		await secret.waitFor();
		const token = await secret.inputValue();
		expect(token).toMatch(/^kt_[a-z2-7]{52}$/);
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('nieuw-token');
		expect(await page.getByTestId('new-token-panel').textContent()).toContain('maar één keer');

		const ok = await callApi(token);
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toContain('application/json');
		const body = await ok.json();
		expect(body).toMatchObject({ status: 'open', handovers: expect.any(Array) });

		const anonymous = await callApi();
		expect(anonymous.status).toBe(401);
		expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
		expect((await anonymous.json()).error.code).toBe('unauthenticated');

		// shown once: after a reload only the name is left, now marked as used
		await page.reload();
		expect(await page.getByTestId('new-token').count()).toBe(0);
		expect(await page.locator('main').textContent()).not.toContain(token);
		const row = page.getByRole('row', { name: /Registratiesysteem wijkteam/ });
		expect(await row.textContent()).toContain('Actief');
		expect(await row.textContent()).not.toContain('Nog nooit');

		await row.locator('summary').click();
		await row.getByRole('button', { name: 'Ja, token intrekken' }).click();
		await page.getByText('Token "Registratiesysteem wijkteam" is ingetrokken').waitFor();
		await expect
			.poll(async () => (await page.getByRole('row', { name: /Registratiesysteem wijkteam/ }).textContent()) ?? '')
			.toContain('Ingetrokken');

		const revoked = await callApi(token);
		expect(revoked.status).toBe(401);
		expect((await revoked.json()).error.code).toBe('unauthenticated');

		await page.getByRole('link', { name: 'API-documentatie' }).click();
		await page.getByRole('heading', { name: /documentatie/, level: 1 }).waitFor();
		expect(await page.locator('main').textContent()).toContain('/api/v1/handovers/{id}/decline');
		await context.close();
	});

	it('keeps partner staff without the beheerder role out of the token page', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'cjg.medewerker2@ketentafel.test');
		await page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));
		expect(await page.getByRole('link', { name: 'API-koppelingen' }).count()).toBe(0);
		const response = await page.goto(`${baseUrl()}/beheer/api-tokens`);
		expect(response?.status()).toBe(403);
		await context.close();
	});

	it('serves the OpenAPI document without a token and answers unknown API addresses with JSON 404', async () => {
		const doc = await fetch(`${baseUrl()}/api/v1/openapi.json`);
		expect(doc.status).toBe(200);
		expect((await doc.json()).openapi).toBe('3.1.0');
		const missing = await fetch(`${baseUrl()}/api/v1/bestaat-niet`);
		expect(missing.status).toBe(404);
		expect((await missing.json()).error.code).toBe('not_found');
		const wrongMethod = await fetch(`${baseUrl()}/api/v1/handovers`, { method: 'DELETE' });
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('GET');
	});
});
