import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { createOrganisation, createUser, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { totpCode } from '../../src/lib/server/auth/totp.ts';

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

const codeAt = (key: Uint8Array, offsetSeconds = 0) => totpCode(key, new Date(Date.now() + offsetSeconds * 1000));

async function setUpTwoFactor(page: Page): Promise<{ key: Uint8Array; recovery: string[] }> {
	await page.waitForURL(/\/account\/tweestapsverificatie$/);
	const manual = (await page.getByTestId('totp-key').textContent()) ?? '';
	const key = decodeBase32IgnorePadding(manual.replace(/\s/g, ''));
	await page.getByLabel('Code uit de app').fill('000000' === codeAt(key) ? '111111' : '000000');
	await page.getByRole('button', { name: 'Tweestapsverificatie aanzetten' }).click();
	await page.locator('#code-error').waitFor();
	expect(await page.locator('#code-error').textContent()).toContain('Deze code klopt niet');
	await page.getByLabel('Code uit de app').fill(codeAt(key));
	await page.getByRole('button', { name: 'Tweestapsverificatie aanzetten' }).click();
	await page.getByText('Tweestapsverificatie staat aan.').waitFor();
	const recovery = await page.locator('.kt-codes__list code').allTextContents();
	return { key, recovery };
}

async function sessionCookie(context: BrowserContext) {
	return (await context.cookies()).find((c) => c.name === 'kt_session')!;
}

/** The session cookie no longer opens a page: a browser holding only it lands on the sign-in page. */
async function expectEnded(cookie: Awaited<ReturnType<typeof sessionCookie>>) {
	const replay = await browser.newContext();
	await replay.addCookies([cookie]);
	const page = await replay.newPage();
	await page.goto(`${baseUrl()}/`);
	expect(new URL(page.url()).pathname).toBe('/inloggen');
	await replay.close();
}

describe('two-factor authentication', () => {
	it('makes a beheerder set it up before anything else, then asks for it at every sign-in', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'cjg.beheerder@ketentafel.test');
		await page
			.getByText('Stel eerst tweestapsverificatie in')
			.waitFor()
			.catch(async (error: Error) => {
				throw new Error(`${error.message}\nat ${page.url()}:\n${(await page.locator('body').innerText()).slice(0, 800)}`);
			});
		await page.goto(`${baseUrl()}/beheer/audit`);
		expect(new URL(page.url()).pathname).toBe('/account/tweestapsverificatie');

		const beforeSetUp = await sessionCookie(context);
		const { key, recovery } = await setUpTwoFactor(page);
		expect(recovery).toHaveLength(10);
		expect((await sessionCookie(context)).value, 'a new session token after the set-up').not.toBe(beforeSetUp.value);
		await expectEnded(beforeSetUp);
		await page.getByRole('link', { name: 'Verder naar Ketentafel' }).click();
		await page.getByRole('heading', { name: 'Beheer' }).waitFor();

		await page.getByRole('button', { name: 'Uitloggen' }).click();
		await page.getByText('U bent uitgelogd.').waitFor();
		await signIn(page, 'cjg.beheerder@ketentafel.test');
		await page.waitForURL(/\/inloggen\/tweestapsverificatie$/);
		const beforeCode = await sessionCookie(context);
		await page.getByLabel('Code of herstelcode').fill(codeAt(key, 30));
		await page.getByRole('button', { name: 'Verifiëren' }).click();
		await page.getByRole('heading', { name: 'Beheer' }).waitFor();
		expect((await sessionCookie(context)).value, 'a new session token after the second factor').not.toBe(beforeCode.value);
		await expectEnded(beforeCode);

		await page.getByRole('button', { name: 'Uitloggen' }).click();
		await page.getByText('U bent uitgelogd.').waitFor();
		await signIn(page, 'cjg.beheerder@ketentafel.test');
		await page.waitForURL(/\/inloggen\/tweestapsverificatie$/);
		await page.getByLabel('Code of herstelcode').fill('zzzz-zzzz-zzzz');
		await page.getByRole('button', { name: 'Verifiëren' }).click();
		await expect.poll(() => page.locator('#code-error').textContent()).toContain('Deze code klopt niet of is al gebruikt');
		await page.getByLabel('Code of herstelcode').fill(recovery[0]);
		await page.getByRole('button', { name: 'Verifiëren' }).click();
		await page.getByRole('heading', { name: 'Beheer' }).waitFor();
		await context.close();
	});

	it('lets a medewerker turn it on from the account page', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'wijkteam.velsen@ketentafel.test');
		await page.getByRole('heading', { name: 'Aangeboden overdrachten' }).waitFor();
		await page.getByRole('link', { name: 'Mijn account' }).click();
		await page.getByText('Staat uit.').waitFor();
		await page.getByRole('link', { name: 'Tweestapsverificatie instellen' }).click();
		await setUpTwoFactor(page);
		await page.goto(`${baseUrl()}/account`);
		await page.getByText('ongebruikte herstelcodes').waitFor();
		expect(await page.locator('main').textContent()).toContain('10 ongebruikte herstelcodes');
		await context.close();
	});

	it('asks for the current password and a current code before renewing recovery codes or turning it off', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const org = await createOrganisation(sql, 'cjg');
		const { email } = await createUser(sql, [{ organisationId: org.id, role: 'medewerker' }]);
		await signIn(page, email, FIXTURE_PASSWORD);
		await page.getByRole('heading', { name: 'Aangeboden overdrachten' }).waitFor();
		await page.goto(`${baseUrl()}/account/tweestapsverificatie`);
		const { key } = await setUpTwoFactor(page);
		await page.goto(`${baseUrl()}/account`);

		await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
		await expect.poll(() => page.locator('#password-error').textContent()).toBe('Vul uw huidige wachtwoord in.');
		expect(await page.locator('#code-error').textContent()).toBe('Vul de 6 cijfers uit uw authenticator-app in.');
		expect(await page.getByLabel('Huidig wachtwoord').getAttribute('aria-describedby')).toBe('password-error');

		await page.getByLabel('Huidig wachtwoord').fill('niet-het-wachtwoord');
		await page.getByLabel('Code uit uw authenticator-app').fill(codeAt(key, 30));
		await page.getByRole('button', { name: 'Tweestapsverificatie uitzetten' }).click();
		await expect.poll(() => page.locator('#password-error').textContent()).toBe('Dit wachtwoord klopt niet.');
		expect(await page.locator('#code-error').count()).toBe(0);
		expect(await page.locator('main').textContent()).toContain('Staat aan');

		await page.getByLabel('Huidig wachtwoord').fill(FIXTURE_PASSWORD);
		await page.getByLabel('Code uit uw authenticator-app').fill(codeAt(key, 30));
		await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
		await page.getByText('Nieuwe herstelcodes aangemaakt. De oude werken niet meer.').waitFor();
		expect(await page.locator('.kt-codes__list code').count()).toBe(10);
		await context.close();
	});
});
