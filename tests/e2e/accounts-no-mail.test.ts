import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser } from '../support/browser.ts';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { encrypt } from '../../src/lib/server/auth/crypto.ts';
import { generateTotpKey } from '../../src/lib/server/auth/totp.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';

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

/** A new partner organisation with a signed-in beheerder (second factor done): its session cookie. */
async function newOrganisationWithBeheerder(): Promise<{ name: string; cookie: { name: string; value: string; url: string } }> {
	const org = await createOrganisation(sql, 'wijkteam');
	const beheerder = await createUser(sql, [{ organisationId: org.id, role: 'beheerder' }]);
	await sql`update users set totp_key = ${encrypt(generateTotpKey())}, totp_enabled_at = now() where id = ${beheerder.id}`;
	const session = await createSession(
		sql,
		{ userId: beheerder.id, twoFactorVerified: true, ip: '127.0.0.1', userAgent: 'e2e' },
		3_600_000,
		systemClock
	);
	return { name: org.name, cookie: { name: 'kt_session', value: session.token, url: baseUrl() } };
}

describe('without SMTP_URL (the demo)', () => {
	it('says on the status page that e-mail is off, and a beheerder hands the invitation link over by hand', async () => {
		const { name, cookie } = await newOrganisationWithBeheerder();
		const context = await browser.newContext();
		await context.addCookies([cookie]);
		const page = await context.newPage();
		await page.goto(`${baseUrl()}/beheer/status`);
		expect(await page.getByTestId('mail-status').textContent()).toContain('E-mail staat uit: er is geen SMTP_URL ingesteld');

		// (straight to the page: the status page reloads its data on every heartbeat, which can overtake a click)
		await page.goto(`${baseUrl()}/beheer/gebruikers`);
		await page.getByRole('heading', { name: `Gebruikers van ${name}` }).waitFor();
		await page.getByText('Ketentafel verstuurt nu geen e-mail').first().waitFor();
		await page.getByLabel('Naam').fill('Ravi Bakker');
		await page.getByLabel('E-mailadres').fill(`r.bakker.${Date.now()}@wijkteam.test`);
		await page.getByRole('button', { name: 'Uitnodigen' }).click();
		await page.getByRole('heading', { name: 'Ravi Bakker is uitgenodigd' }).waitFor();
		const link = await page.getByLabel('Uitnodigingslink').inputValue();
		expect(link).toMatch(new RegExp(`^${baseUrl()}/uitnodiging/[A-Za-z0-9_-]{43}$`));

		const invitee = await browser.newContext();
		const welcome = await invitee.newPage();
		await welcome.goto(link);
		await welcome.getByRole('heading', { name: 'Welkom bij Ketentafel' }).waitFor();
		await welcome.getByLabel('Nieuw wachtwoord').fill('Kustpad-Meeuw-Vuurtoren-27');
		await welcome.getByLabel('Herhaal het nieuwe wachtwoord').fill('Kustpad-Meeuw-Vuurtoren-27');
		await welcome.getByRole('button', { name: 'Wachtwoord instellen en inloggen' }).click();
		await welcome.getByTestId('panel-aangeboden').waitFor();
		expect(await welcome.getByTestId('panel-aangeboden').textContent()).toContain(
			`Er zijn op dit moment geen overdrachten aan ${name} aangeboden.`
		);

		// the beheerder's list shows the colleague as active after a reload
		await page.goto(`${baseUrl()}/beheer/gebruikers`);
		expect(
			await page
				.getByTestId('accounts')
				.getByRole('row', { name: /Ravi Bakker/ })
				.textContent()
		).toContain('Actief');
		await invitee.close();
		await context.close();
	});
});
