import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startOwnPortal, type OwnPortal } from '../support/own-portal.ts';
import { startTestIdp, type TestIdp } from '../support/oidc.ts';
import { decrypt, encrypt } from '../../src/lib/server/auth/crypto.ts';

const PASSWORD = 'wachtwoord-bij-de-organisatie';
const MEMBER = 'cjg.medewerker@ketentafel.test'; // Femke Dijkhuis, CJG Kennemerland
const DEACTIVATED = 'cjg.medewerker2@ketentafel.test';
const STRANGER = 'niet.uitgenodigd@cjg-kennemerland.test';

let own: OwnPortal;
let idp: TestIdp;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function freshPage(): Promise<Page> {
	const context = await browser.newContext();
	contexts.push(context);
	return context.newPage();
}

/** From Ketentafel's sign-in page to the organisation's own login page. */
async function toProvider(page: Page): Promise<void> {
	await page.goto(`${own.baseUrl}/inloggen`);
	await page.getByRole('link', { name: 'Inloggen via CJG Kennemerland' }).click();
	await page.getByRole('heading', { name: 'Inloggen bij de organisatie' }).waitFor();
	expect(page.url().startsWith(idp.issuer)).toBe(true);
}

async function signInAtProvider(page: Page, email: string): Promise<void> {
	await page.getByLabel('E-mailadres organisatie').fill(email);
	await page.getByLabel('Wachtwoord organisatie').fill(PASSWORD);
	await page.getByRole('button', { name: 'Inloggen bij de organisatie' }).click();
}

/** Back on Ketentafel's sign-in page with the refusal in Dutch. */
async function expectRefusal(page: Page, words: string): Promise<void> {
	await page.waitForURL((url) => url.origin === own.baseUrl && url.pathname === '/inloggen');
	expect(await page.getByRole('alert').first().textContent()).toContain(words);
	expect((await page.context().cookies(own.baseUrl)).some((c) => c.name === 'kt_session')).toBe(false);
}

/**
 * Rewrites the sealed sign-in cookie (state, nonce, verifier) as someone holding the key could: the
 * provider then answers a sign-in that started with other values than the callback expects.
 */
async function forgeSignInCookie(page: Page, change: { state?: string; nonce?: string }): Promise<void> {
	const cookie = (await page.context().cookies(own.baseUrl)).find((c) => c.name === 'kt_sso');
	if (!cookie) throw new Error('no sign-in cookie');
	const sealed = JSON.parse(new TextDecoder().decode(decrypt(Buffer.from(cookie.value, 'base64url'))));
	const forged = Buffer.from(encrypt(new TextEncoder().encode(JSON.stringify({ ...sealed, ...change })))).toString('base64url');
	await page.context().addCookies([{ ...cookie, value: forged }]);
}

beforeAll(async () => {
	own = await startOwnPortal('sso');
	idp = await startTestIdp(
		`${own.baseUrl}/inloggen/organisatie/callback`,
		[MEMBER, DEACTIVATED, STRANGER].map((email) => ({ email, password: PASSWORD }))
	);
	await own.sql`update users set disabled_at = now() where email = ${DEACTIVATED}`;
	browser = await launchBrowser();
});

afterAll(async () => {
	for (const context of contexts) await context.close().catch(() => {});
	await browser?.close();
	await idp?.stop();
	await own?.stop();
});

describe('signing in through the organisation’s own identity provider', () => {
	it('is set up by a Veilig Thuis beheerder on the organisation’s page', async () => {
		const page = await freshPage();
		const [name, value] = (await own.cookieFor('vt.beheerder@ketentafel.test')).split('=');
		await page.context().addCookies([{ name, value, url: own.baseUrl }]);
		const [cjg] = await own.sql<{ id: string }[]>`select id from organisations where name = 'CJG Kennemerland'`;
		await page.goto(`${own.baseUrl}/beheer/organisaties/${cjg.id}`);
		expect(await page.getByTestId('callback-url').textContent()).toBe(`${own.baseUrl}/inloggen/organisatie/callback`);
		await page.getByLabel('Adres van de inlogdienst (issuer)').fill(idp.issuer);
		await page.getByLabel('Client-id').fill(idp.clientId);
		await page.getByLabel('Clientgeheim').fill(idp.clientSecret);
		await page.getByRole('button', { name: 'Inlogdienst aanzetten' }).click();
		await page.getByText('De inlogdienst is opgeslagen.').waitFor();
		await page.reload();
		expect(await page.getByLabel('Clientgeheim').inputValue()).toBe(''); // never shown back
		expect(await page.content()).not.toContain(idp.clientSecret);
	});

	it('takes a colleague through the provider’s login and back into Ketentafel, signed in for the CJG', async () => {
		const page = await freshPage();
		await toProvider(page);
		await signInAtProvider(page, MEMBER);
		await page.waitForURL((url) => url.origin === own.baseUrl && !url.pathname.startsWith('/inloggen'));
		await page.getByText('Femke Dijkhuis').first().waitFor();
		expect((await page.context().cookies(own.baseUrl)).some((c) => c.name === 'kt_session')).toBe(true);
		expect((await page.context().cookies(own.baseUrl)).some((c) => c.name === 'kt_sso')).toBe(false); // used once, then gone
	});

	it('refuses an address Ketentafel has no account for, and a deactivated account', async () => {
		for (const email of [STRANGER, DEACTIVATED]) {
			const page = await freshPage();
			await toProvider(page);
			await signInAtProvider(page, email);
			await expectRefusal(page, 'geen actief account bij deze organisatie');
		}
	});

	it('refuses a callback whose state is not the one the sign-in started with', async () => {
		const page = await freshPage();
		await toProvider(page);
		await forgeSignInCookie(page, { state: 'een-andere-state' });
		await signInAtProvider(page, MEMBER);
		await expectRefusal(page, 'kon niet worden gecontroleerd');
	});

	it('refuses an ID token with another nonce than the sign-in started with', async () => {
		const page = await freshPage();
		await toProvider(page);
		await forgeSignInCookie(page, { nonce: 'een-andere-nonce' });
		await signInAtProvider(page, MEMBER);
		await expectRefusal(page, 'kon niet worden gecontroleerd');
	});
});
