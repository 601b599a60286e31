import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { closeQueues } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { env } from '../../src/lib/server/env.ts';
import { makeAuthDeps } from '../../src/lib/server/auth/service.ts';
import { validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { decrypt, encrypt } from '../../src/lib/server/auth/crypto.ts';
import { deactivatePerson, invitePerson } from '../../src/lib/server/accounts/service.ts';
import { inviteSchema } from '../../src/lib/server/accounts/schema.ts';
import { removeSsoConfig, saveSsoConfig, ssoOrganisations } from '../../src/lib/server/sso/config.ts';
import { ssoConfigSchema } from '../../src/lib/server/sso/schema.ts';
import { callbackUrl } from '../../src/lib/server/sso/provider.ts';
import { finishSsoSignIn, SSO_STATE_TTL_MS, startSsoSignIn } from '../../src/lib/server/sso/flow.ts';
import { generateTotpKey } from '../../src/lib/server/auth/totp.ts';
import { ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { ensureRegion, expectError, organisation, person, SESSION_TTL_MS, unique, type Org, type Person } from '../support/it-cases.ts';
import { uniqueIp } from '../support/it-helpers.ts';
import { startTestIdp, type TestIdp } from '../support/oidc.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00');
const PASSWORD = 'idp-wachtwoord';
const authDeps = () => makeAuthDeps(db(), redis(), env().REDIS_PREFIX, clock, 8);
const deps = () => ({ sql: db(), clock });
const origin = () => ({ ip: uniqueIp(), userAgent: 'vitest' });

let idp: TestIdp;
let vt: Org, cjg: Org, wijkteam: Org;
let vtBeheerder: Person, cjgBeheerder: Person, colleague: Person, vtColleague: Person, totpColleague: Person, gone: Person;
const strangerEmail = `onbekend-${unique()}@cjg.test`;
const invitedEmail = `nieuw-${unique()}@cjg.test`;

/** Follows the browser's redirects from the authorization URL through the provider's login to Ketentafel's callback; returns that URL. */
async function signInAtProvider(authorizationUrl: string, email: string, options: { otp?: boolean } = {}): Promise<URL> {
	const jar = new Map<string, string>();
	const remember = (response: Response) => {
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const index = pair.indexOf('=');
			jar.set(pair.slice(0, index), pair.slice(index + 1));
		}
	};
	const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	let url = new URL(authorizationUrl);
	let body: URLSearchParams | null = null;
	for (let hop = 0; hop < 10; hop++) {
		if (url.href.startsWith(callbackUrl())) return url;
		const response = await fetch(url, { method: body ? 'POST' : 'GET', body, headers: { cookie: cookie() }, redirect: 'manual' });
		remember(response);
		body = null;
		const location = response.headers.get('location');
		if (location) {
			url = new URL(location, url);
			continue;
		}
		expect(response.status, await response.text()).toBe(200); // the login form
		body = new URLSearchParams({ email, password: PASSWORD, ...(options.otp ? { otp: '1' } : {}) });
	}
	throw new Error('the provider never sent the browser back');
}

/** Starts a sign-in for the organisation and signs in at its provider; the sealed cookie and the callback URL. */
async function throughProvider(org: Org, email: string, options: { otp?: boolean } = {}) {
	const started = await startSsoSignIn(authDeps(), org.id, '/overdrachten', origin());
	if (!started.ok) throw new Error(`not started: ${started.reason}`);
	return { cookie: started.cookie, callback: await signInAtProvider(started.redirectTo, email, options) };
}

async function lastAudit(action: string) {
	const [row] = await db()<{ actorUserId: string | null; details: Record<string, unknown>; recordId: string | null }[]>`
		select actor_user_id, details, record_id from audit_log where action = ${action} order by id desc limit 1`;
	return row;
}

beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, wijkteam] = await Promise.all([organisation('vt'), organisation('cjg'), organisation('wijkteam')]);
	vtBeheerder = await person(vt, 'beheerder', clock);
	cjgBeheerder = await person(cjg, 'beheerder', clock);
	colleague = await person(cjg, 'medewerker', clock);
	vtColleague = await person(vt, 'medewerker', clock);
	totpColleague = await person(cjg, 'coordinator', clock);
	gone = await person(cjg, 'medewerker', clock);
	await db()`update users set totp_key = ${encrypt(generateTotpKey())}, totp_enabled_at = now() where id = ${totpColleague.user.id}`;
	await deactivatePerson(deps(), cjgBeheerder.actor, { organisationId: cjg.id, userId: gone.user.id });
	await invitePerson(
		deps(),
		cjgBeheerder.actor,
		inviteSchema.parse({ organisationId: cjg.id, name: 'Noor Bakker', email: invitedEmail, roles: ['medewerker'] })
	);
	const users = [colleague, vtColleague, totpColleague, gone].map((p) => ({ email: p.user.email, password: PASSWORD }));
	idp = await startTestIdp(callbackUrl(), [
		...users,
		{ email: strangerEmail, password: PASSWORD },
		{ email: invitedEmail, password: PASSWORD }
	]);
	const input = ssoConfigSchema(false).parse({
		issuer: idp.issuer,
		clientId: idp.clientId,
		clientSecret: idp.clientSecret,
		mfaAcrValues: ''
	});
	await saveSsoConfig(deps(), vtBeheerder.actor, cjg.id, input);
});

afterAll(async () => {
	await idp?.stop();
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('setting up an organisation’s identity provider', () => {
	it('is for Veilig Thuis’s beheerders only, keeps the secret encrypted and out of the audit log, and checks the issuer answers discovery', async () => {
		const input = ssoConfigSchema(false).parse({
			issuer: idp.issuer,
			clientId: idp.clientId,
			clientSecret: idp.clientSecret,
			mfaAcrValues: ''
		});
		await expectError(saveSsoConfig(deps(), cjgBeheerder.actor, cjg.id, input), ForbiddenError);
		const [row] = await db()<{ clientSecret: Uint8Array }[]>`select client_secret from organisation_sso where organisation_id = ${cjg.id}`;
		expect(Buffer.from(row.clientSecret).toString('utf8')).not.toContain(idp.clientSecret);
		expect(new TextDecoder().decode(decrypt(row.clientSecret))).toBe(idp.clientSecret);
		const audited = await lastAudit('organisation.sso_configured');
		expect(JSON.stringify(audited)).not.toContain(idp.clientSecret);
		expect(audited.details).toMatchObject({ issuer: idp.issuer, clientId: idp.clientId, secretChanged: true });

		const nowhere = ssoConfigSchema(false).parse({
			issuer: 'http://127.0.0.1:9/realm',
			clientId: 'x',
			clientSecret: 'y',
			mfaAcrValues: ''
		});
		const refused = await expectError(saveSsoConfig(deps(), vtBeheerder.actor, wijkteam.id, nowhere), InputError);
		expect(refused.fields.issuer).toContain('.well-known/openid-configuration');
		expect(ssoConfigSchema(true).safeParse({ ...input, clientSecret: 'y', mfaAcrValues: '' }).success).toBe(false); // plain http only on a development machine
		expect((await ssoOrganisations(db())).map((o) => o.id)).toContain(cjg.id);
		expect((await ssoOrganisations(db())).map((o) => o.id)).not.toContain(wijkteam.id);
	});
});

describe('signing in through the organisation’s identity provider', () => {
	it('matches the person to their account of that organisation and opens a normal session acting for it', async () => {
		const { cookie, callback } = await throughProvider(cjg, colleague.user.email);
		const result = await finishSsoSignIn(authDeps(), cookie, callback, origin());
		if (!result.ok) throw new Error(result.reason);
		expect(result).toMatchObject({ userId: colleague.user.id, secondFactorDone: false, returnPath: '/overdrachten' });
		const session = await validateSessionToken(db(), result.token, SESSION_TTL_MS, clock);
		expect(session?.auth.stage).toBe('complete'); // a medewerker without an app of their own
		expect(session?.auth.active?.organisationId).toBe(cjg.id);
		const audited = await lastAudit('auth.sign_in');
		expect(audited.actorUserId).toBe(colleague.user.id);
		expect(audited.details).toMatchObject({ via: 'sso', organisation: cjg.id, providerSecondFactor: false });
		const rows = await db()<{ details: unknown }[]>`select details from audit_log where action like 'auth.sso%' or action = 'auth.sign_in'`;
		expect(JSON.stringify(rows)).not.toMatch(/eyJ|code_verifier|access_token/); // no tokens, no verifier
	});

	it('refuses an address the provider knows but Ketentafel does not, a deactivated account, and an account of another organisation', async () => {
		for (const [email, cause] of [
			[strangerEmail, 'unknown_account'],
			[gone.user.email, 'deactivated'],
			[vtColleague.user.email, 'not_a_member']
		] as const) {
			const { cookie, callback } = await throughProvider(cjg, email);
			expect(await finishSsoSignIn(authDeps(), cookie, callback, origin())).toEqual({ ok: false, reason: 'no_account' });
			const audited = await lastAudit('auth.sso_refused');
			expect(audited.details).toMatchObject({ reason: 'no_account', cause });
			expect(JSON.stringify(audited)).not.toContain(email);
		}
		expect((await db()`select 1 from users where email = ${strangerEmail}`).length).toBe(0); // no self-registration
	});

	it('lets an invited person in: the invitation counts as accepted and its link is spent', async () => {
		const { cookie, callback } = await throughProvider(cjg, invitedEmail);
		const result = await finishSsoSignIn(authDeps(), cookie, callback, origin());
		expect(result.ok).toBe(true);
		const [user] = await db()<{ activatedAt: Date | null; openLinks: number }[]>`
			select u.activated_at, (select count(*)::int from account_tokens t where t.user_id = u.id and t.used_at is null and t.revoked_at is null) as open_links
			from users u where email = ${invitedEmail}`;
		expect(user.activatedAt).not.toBeNull();
		expect(user.openLinks).toBe(0);
	});

	it('refuses a wrong state, a wrong nonce, a missing or expired sign-in cookie, and a cookie used twice', async () => {
		const wrongState = await throughProvider(cjg, colleague.user.email);
		wrongState.callback.searchParams.set('state', 'een-andere-state');
		expect(await finishSsoSignIn(authDeps(), wrongState.cookie, wrongState.callback, origin())).toEqual({ ok: false, reason: 'protocol' });

		const wrongNonce = await throughProvider(cjg, colleague.user.email);
		const sealed = JSON.parse(new TextDecoder().decode(decrypt(Buffer.from(wrongNonce.cookie, 'base64url'))));
		const forged = Buffer.from(encrypt(new TextEncoder().encode(JSON.stringify({ ...sealed, nonce: 'een-andere-nonce' })))).toString(
			'base64url'
		);
		expect(await finishSsoSignIn(authDeps(), forged, wrongNonce.callback, origin())).toEqual({ ok: false, reason: 'protocol' });
		expect((await lastAudit('auth.sso_refused')).details).toMatchObject({ reason: 'protocol' });

		const good = await throughProvider(cjg, colleague.user.email);
		expect(await finishSsoSignIn(authDeps(), null, good.callback, origin())).toEqual({ ok: false, reason: 'expired' });
		expect(await finishSsoSignIn(authDeps(), `${good.cookie}x`, good.callback, origin())).toEqual({ ok: false, reason: 'expired' });
		expect((await finishSsoSignIn(authDeps(), good.cookie, good.callback, origin())).ok).toBe(true);
		expect((await finishSsoSignIn(authDeps(), good.cookie, good.callback, origin())).ok).toBe(false); // the code is spent at the provider

		const late = await throughProvider(cjg, colleague.user.email);
		clock.advance(SSO_STATE_TTL_MS + 1000);
		expect(await finishSsoSignIn(authDeps(), late.cookie, late.callback, origin())).toEqual({ ok: false, reason: 'expired' });
	});

	it('does not start for an organisation without an identity provider', async () => {
		expect(await startSsoSignIn(authDeps(), wijkteam.id, '/', origin())).toEqual({ ok: false, reason: 'not_configured' });
	});
});

describe('the second-factor rule with single sign-on', () => {
	it('is met when the provider says a second factor was used (amr otp): no Ketentafel code is asked', async () => {
		const { cookie, callback } = await throughProvider(cjg, totpColleague.user.email, { otp: true });
		const result = await finishSsoSignIn(authDeps(), cookie, callback, origin());
		if (!result.ok) throw new Error(result.reason);
		expect(result.secondFactorDone).toBe(true);
		expect((await validateSessionToken(db(), result.token, SESSION_TTL_MS, clock))?.auth.stage).toBe('complete');
	});

	it('otherwise still asks for Ketentafel’s own second factor', async () => {
		const { cookie, callback } = await throughProvider(cjg, totpColleague.user.email);
		const result = await finishSsoSignIn(authDeps(), cookie, callback, origin());
		if (!result.ok) throw new Error(result.reason);
		expect(result.secondFactorDone).toBe(false);
		expect(result.device).toBeNull();
		expect((await validateSessionToken(db(), result.token, SESSION_TTL_MS, clock))?.auth.stage).toBe('needs_2fa');
	});

	it('is met by an acr value the organisation’s set-up marks as multi-factor', async () => {
		const input = ssoConfigSchema(false).parse({
			issuer: idp.issuer,
			clientId: idp.clientId,
			clientSecret: '',
			mfaAcrValues: 'urn:test:pwd'
		});
		await saveSsoConfig(deps(), vtBeheerder.actor, cjg.id, input); // an empty secret keeps the stored one
		try {
			const { cookie, callback } = await throughProvider(cjg, totpColleague.user.email);
			const result = await finishSsoSignIn(authDeps(), cookie, callback, origin());
			if (!result.ok) throw new Error(result.reason);
			expect(result.secondFactorDone).toBe(true);
		} finally {
			await saveSsoConfig(deps(), vtBeheerder.actor, cjg.id, { ...input, mfaAcrValues: [] });
		}
	});

	it('ends with the set-up: a started sign-in is refused once the organisation no longer uses the provider', async () => {
		const { cookie, callback } = await throughProvider(cjg, colleague.user.email);
		await removeSsoConfig(deps(), vtBeheerder.actor, cjg.id);
		expect(await finishSsoSignIn(authDeps(), cookie, callback, origin())).toEqual({ ok: false, reason: 'not_configured' });
	});
});
