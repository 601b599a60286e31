import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { totpCode } from '../../src/lib/server/auth/totp.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
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

describe('two-factor authentication', () => {
	it('makes a beheerder set it up before anything else, then asks for it at every sign-in', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'cjg.beheerder@ketentafel.test');
		await page.getByText('Stel eerst tweestapsverificatie in').waitFor();
		await page.goto(`${baseUrl()}/beheer/audit`);
		expect(new URL(page.url()).pathname).toBe('/account/tweestapsverificatie');

		const { key, recovery } = await setUpTwoFactor(page);
		expect(recovery).toHaveLength(10);
		await page.getByRole('link', { name: 'Verder naar Ketentafel' }).click();
		await page.getByRole('heading', { name: 'Beheer' }).waitFor();

		await page.getByRole('button', { name: 'Uitloggen' }).click();
		await page.getByText('U bent uitgelogd.').waitFor();
		await signIn(page, 'cjg.beheerder@ketentafel.test');
		await page.waitForURL(/\/inloggen\/tweestapsverificatie$/);
		await page.getByLabel('Code of herstelcode').fill(codeAt(key, 30));
		await page.getByRole('button', { name: 'Verifiëren' }).click();
		await page.getByRole('heading', { name: 'Beheer' }).waitFor();

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
});
