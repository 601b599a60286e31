import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, signIn } from '../support/browser.ts';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { createOrganisation, createUser, FIXTURE_PASSWORD } from '../support/fixtures.ts';

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
		expect(await page.getByLabel('E-mailadres', { exact: true }).inputValue()).toBe('vt.medewerker@ketentafel.test');
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
		const cookies = await context.cookies();
		const cookie = cookies.find((c) => c.name === 'kt_session')!;
		expect(cookie).toMatchObject({ name: 'kt_session', httpOnly: true, sameSite: 'Lax' });
		expect(cookies.find((c) => c.name === 'kt_device')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
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

	it('keeps a trusted browser in when someone guessed the password from the same address', async () => {
		const org = await createOrganisation(sql, 'cjg');
		const { email } = await createUser(sql, [{ organisationId: org.id, role: 'medewerker' }]);
		const trusted = await browser.newContext();
		const own = await trusted.newPage();
		await signIn(own, email, FIXTURE_PASSWORD);
		await own.getByRole('heading', { name: 'Aangeboden overdrachten' }).waitFor();
		await own.getByRole('button', { name: 'Uitloggen' }).click();
		await own.getByText('U bent uitgelogd.').waitFor();

		const stranger = await browser.newContext();
		const guess = await stranger.newPage();
		for (let i = 0; i < 5; i++) {
			await signIn(guess, email, `geraden-${i}`);
			await expect.poll(() => guess.getByRole('alert').textContent()).toContain('klopt niet');
		}
		await signIn(guess, email, FIXTURE_PASSWORD);
		await expect
			.poll(() => guess.getByRole('alert').textContent())
			.toContain('Te veel mislukte inlogpogingen. Probeer het over 3 minuten opnieuw.');
		expect(new URL(guess.url()).pathname).toBe('/inloggen');

		await signIn(own, email, FIXTURE_PASSWORD);
		await own.getByRole('heading', { name: 'Aangeboden overdrachten' }).waitFor();
		await stranger.close();
		await trusted.close();
	});
});
