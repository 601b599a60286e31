import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe('sign-in', () => {
	it('sends an anonymous visitor to the sign-in page', async () => {
		const page = await browser.newPage();
		await page.goto(`${baseUrl()}/account`);
		expect(new URL(page.url()).pathname).toBe('/inloggen');
		expect(new URL(page.url()).searchParams.get('terug')).toBe('/account');
		await page.close();
	});

	it('refuses a wrong password with a Dutch message and keeps the e-mail', async () => {
		const page = await browser.newPage();
		await signIn(page, 'vt.medewerker@ketentafel.test', 'niet-het-wachtwoord');
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('Deze combinatie van e-mailadres en wachtwoord klopt niet.');
		expect(await page.getByLabel('E-mailadres').inputValue()).toBe('vt.medewerker@ketentafel.test');
		expect(new URL(page.url()).pathname).toBe('/inloggen');
		await page.close();
	});

	it('names the empty field', async () => {
		const page = await browser.newPage();
		await page.goto(`${baseUrl()}/inloggen`);
		await page.getByRole('button', { name: 'Inloggen' }).click();
		await expect.poll(() => page.locator('#email-error').textContent()).toBe('Vul uw e-mailadres in.');
		expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true');
		await page.close();
	});

	it.each([
		['vt.medewerker@ketentafel.test', 'Werkvoorraad veiligheidsbeoordelingen', 'Veilig Thuis Kennemerland'],
		['cjg.medewerker@ketentafel.test', 'Aangeboden overdrachten', 'CJG Kennemerland'],
		['gemeente.haarlem@ketentafel.test', 'Doorstroom Haarlem', 'Gemeente Haarlem'],
		['stuurgroep@ketentafel.test', 'Doorstroom regio Kennemerland', 'Stuurgroep Veilig Thuis Kennemerland']
	])('%s lands on their own home page', async (email, panel, organisation) => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, email);
		await page.getByRole('heading', { name: panel }).waitFor();
		expect(await page.locator('main').textContent()).toContain(`U werkt namens ${organisation}`);
		await context.close();
	});

	it('lets a member of two organisations switch the active one', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'flex.medewerker@ketentafel.test');
		await page.getByRole('heading', { name: 'Aangeboden overdrachten' }).waitFor();
		expect(await page.locator('main').textContent()).toContain('U werkt namens CJG Kennemerland');
		await page.getByLabel('Organisatie').selectOption({ label: 'Sociaal Wijkteam Heemstede' });
		await page.getByRole('button', { name: 'Wissel' }).click();
		await page.getByText('U werkt namens Sociaal Wijkteam Heemstede').waitFor();
		await context.close();
	});

	it('signs out, and the old session cookie no longer opens a page', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, 'ggd.medewerker@ketentafel.test');
		await page.getByRole('heading', { name: 'Aangeboden overdrachten' }).waitFor();
		const [cookie] = await context.cookies();
		expect(cookie).toMatchObject({ name: 'kt_session', httpOnly: true, sameSite: 'Lax' });
		await page.getByRole('button', { name: 'Uitloggen' }).click();
		await page.getByText('U bent uitgelogd.').waitFor();

		const replay = await browser.newContext();
		await replay.addCookies([cookie]);
		const again = await replay.newPage();
		await again.goto(`${baseUrl()}/`);
		expect(new URL(again.url()).pathname).toBe('/inloggen');
		await replay.close();
		await context.close();
	});
});
