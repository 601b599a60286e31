import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser } from '../support/browser.ts';
import { closeE2eServices, useE2eServices } from '../support/e2e-services.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { sessionCookieName } from '../../src/lib/server/auth/cookie.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await closeE2eServices();
});

/** A new partner medewerker, signed in (session cookie set) on the start page with the live channel up. */
async function signedInPartner(): Promise<{ page: Page; userId: string; organisationId: string; cookie: string }> {
	const deps = useE2eServices();
	const org = await createOrganisation(deps.sql, 'cjg');
	const user = await createUser(deps.sql, [{ organisationId: org.id, role: 'medewerker' }]);
	const { token } = await createSession(
		deps.sql,
		{ userId: user.id, twoFactorVerified: false, ip: null, userAgent: 'e2e' },
		8 * 3600_000,
		deps.clock
	);
	const context = await browser.newContext();
	await context.addCookies([{ name: sessionCookieName(), value: token, url: baseUrl() }]);
	const page = await context.newPage();
	await page.goto(`${baseUrl()}/`);
	await page.getByText('Live', { exact: true }).waitFor();
	return { page, userId: user.id, organisationId: org.id, cookie: `${sessionCookieName()}=${token}` };
}

/** What the portal answers a page request with this cookie: 200, or a redirect to sign in. */
async function answer(cookie: string): Promise<{ status: number; location: string | null }> {
	const response = await fetch(`${baseUrl()}/overdrachten`, { headers: { cookie }, redirect: 'manual' });
	const location = response.headers.get('location');
	return { status: response.status, location: location && new URL(location, baseUrl()).pathname };
}

describe('a deactivated account is out at once', () => {
	it('takes an open page of a user disabled in the database to the sign-in page within seconds, and refuses its requests', async () => {
		const { page, userId, cookie } = await signedInPartner();
		expect(await answer(cookie)).toEqual({ status: 200, location: null });
		await useE2eServices().sql`update users set disabled_at = now() where id = ${userId}`;
		await page.waitForURL((url) => url.pathname === '/inloggen', { timeout: 15_000 });
		expect(new URL(page.url()).searchParams.get('afgemeld')).toBe('1');
		expect(await answer(cookie)).toMatchObject({ status: 303, location: '/inloggen' });
		await page.context().close();
	});

	it('does the same when the membership is removed', async () => {
		const { page, userId, organisationId, cookie } = await signedInPartner();
		await useE2eServices().sql`delete from memberships where user_id = ${userId} and organisation_id = ${organisationId}`;
		await page.waitForURL((url) => url.pathname === '/inloggen', { timeout: 15_000 });
		expect(await answer(cookie)).toMatchObject({ status: 303, location: '/inloggen' });
		await page.context().close();
	});
});
