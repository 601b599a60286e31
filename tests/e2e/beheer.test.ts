import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { launchBrowser, signIn, baseUrl } from '../support/browser.ts';
import { connect } from '../../src/lib/server/db/client.ts';
import { encrypt } from '../../src/lib/server/auth/crypto.ts';
import { generateTotpKey, totpCode } from '../../src/lib/server/auth/totp.ts';

let browser: Browser;
const key = generateTotpKey();

beforeAll(async () => {
	browser = await launchBrowser();
	const sql = connect(inject('e2eDatabaseUrl'), 1);
	await sql`update users set totp_key = ${encrypt(key)}, totp_enabled_at = now() where email = 'vt.beheerder@ketentafel.test'`;
	await sql.end();
});
afterAll(async () => {
	await browser?.close();
});

describe('beheer pages', () => {
	it('shows the audit log with filters and the live worker heartbeat', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'stuurgroep@ketentafel.test', 'een-verkeerd-wachtwoord');
		await page.getByRole('alert').waitFor();
		await signIn(page, 'vt.beheerder@ketentafel.test');
		await page.waitForURL(/tweestapsverificatie$/);
		await page.getByLabel('Code of herstelcode').fill(totpCode(key, new Date()));
		await page.getByRole('button', { name: 'Verifiëren' }).click();
		await page.getByRole('heading', { name: 'Beheer' }).waitFor();

		await page.getByRole('link', { name: 'Auditlog' }).click();
		await page.getByRole('heading', { name: 'Auditlog' }).waitFor();
		const table = page.locator('table');
		expect(await table.textContent()).toContain('Tweestapsverificatie geslaagd');
		await page.getByLabel('Actie').selectOption({ label: 'Inloggen mislukt' });
		await page.getByRole('button', { name: 'Filteren' }).click();
		await page.waitForURL(/actie=auth.sign_in_failed/);
		const actions = await page.locator('tbody tr td:nth-child(4)').allTextContents();
		expect(actions.length).toBeGreaterThan(0);
		for (const action of actions) expect(action).toContain('Inloggen mislukt');

		await page.getByRole('link', { name: 'Systeemstatus' }).click();
		const heartbeat = page.getByTestId('heartbeat');
		await expect.poll(() => heartbeat.textContent(), { timeout: 10_000 }).toContain('Laatste hartslag');
		const first = await heartbeat.locator('strong').textContent();
		await expect.poll(() => heartbeat.locator('strong').textContent(), { timeout: 10_000 }).not.toBe(first);
		expect(await page.locator('table').textContent()).toContain('heartbeat');

		// the queues' status view, in Dutch, behind the same sign-in and menu
		await page.getByRole('link', { name: 'Wachtrijen beheren' }).click();
		await page.getByRole('heading', { name: 'Wachtrijen', level: 1 }).waitFor();
		const counts = page.getByRole('region', { name: 'Aantallen per wachtrij' });
		expect(await counts.textContent()).toContain('followups');
		expect(await counts.textContent()).toContain('heartbeat');
		expect(await counts.getAttribute('tabindex')).toBe('0');
		await context.close();
	});

	it('keeps a medewerker out of the beheer pages', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'cjg.medewerker2@ketentafel.test');
		await page.getByRole('heading', { name: 'Aangeboden overdrachten' }).waitFor();
		const response = await page.goto(`${baseUrl()}/beheer/audit`);
		expect(response?.status()).toBe(403);
		expect(await page.locator('main').textContent()).toContain('geen toegang');
		await context.close();
	});
});
