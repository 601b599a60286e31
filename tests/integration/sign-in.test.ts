import { afterAll, describe, expect, it } from 'vitest';
import {
	LOGIN_PER_ACCOUNT,
	LOGIN_PER_ADDRESS,
	LOGIN_PER_DEVICE,
	LOGIN_PER_PAIR,
	SECOND_FACTOR_PER_USER
} from '../../src/lib/server/auth/throttle.ts';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { env } from '../../src/lib/server/env.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import {
	disableTotp,
	enableTotp,
	makeAuthDeps,
	passSecondFactor,
	renewRecoveryCodes,
	signIn,
	signOut,
	type AuthDeps,
	type SignInResult
} from '../../src/lib/server/auth/service.ts';
import { validateSessionToken, type AuthContext } from '../../src/lib/server/auth/session.ts';
import { generateTotpKey, totpCode } from '../../src/lib/server/auth/totp.ts';
import { createOrganisation, createUser, FIXTURE_PASSWORD } from '../support/fixtures.ts';
import { uniqueIp } from '../support/it-helpers.ts';

afterAll(async () => {
	await closeRedis();
	await closeDb();
});

const UA = 'Mozilla/5.0 (vitest sign-in)';

function setup() {
	const clock = new ManualClock();
	const deps = makeAuthDeps(db(), redis(), env().REDIS_PREFIX, clock, 8);
	return { clock, deps };
}

async function newUser() {
	const org = await createOrganisation(db());
	return createUser(db(), [{ organisationId: org.id, role: 'medewerker' }]);
}

async function auditRows(where: { userId?: string; ip?: string }, action: string) {
	return db()<
		{
			actorUserId: string | null;
			actorOrgId: string | null;
			actorRoles: string[];
			ip: string | null;
			userAgent: string | null;
			details: Record<string, unknown>;
			recordId: string | null;
		}[]
	>`
		select actor_user_id, actor_org_id, actor_roles::text[] as actor_roles, host(ip) as ip, user_agent, details, record_id from audit_log
		where action = ${action}
		${where.userId ? db()`and actor_user_id = ${where.userId}` : db()``}
		${where.ip ? db()`and ip = ${where.ip}::inet` : db()``}
		order by id`;
}

async function signedIn(deps: AuthDeps, email: string, ip = uniqueIp()): Promise<AuthContext> {
	const result = await signIn(deps, { email, password: FIXTURE_PASSWORD, ip, userAgent: UA });
	if (!result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
	return validated(deps, result.token);
}

async function validated(deps: AuthDeps, token: string): Promise<AuthContext> {
	const result = await validateSessionToken(deps.sql, token, deps.sessionTtlMs, deps.clock, deps.sessionMaxMs);
	if (!result) throw new Error('session does not validate');
	return result.auth;
}

/** One sign-in attempt; deviceCookie is what the browser holds. */
function attempt(deps: AuthDeps, email: string, password: string, ip: string, deviceCookie: string | null = null): Promise<SignInResult> {
	return signIn(deps, { email, password, ip, userAgent: UA, deviceCookie });
}

/** Signs in once and returns the device cookie the browser got (a trusted device from now on). */
async function trustedDevice(deps: AuthDeps, email: string): Promise<string> {
	const result = await attempt(deps, email, FIXTURE_PASSWORD, uniqueIp());
	if (!result.ok || !result.device) throw new Error(`no device cookie: ${JSON.stringify(result)}`);
	return result.device.value;
}

function retryAfter(result: SignInResult): number | null {
	return !result.ok && result.reason === 'throttled' ? result.retryAfterSeconds : null;
}

const countOf = (results: SignInResult[], outcome: 'invalid' | 'throttled' | 'ok') =>
	results.filter((r) => (outcome === 'ok' ? r.ok : !r.ok && r.reason === outcome)).length;

/** A valid TOTP code for the clock's current step, after moving to a fresh step. */
function nextCode(clock: ManualClock, key: Uint8Array): string {
	clock.advance(30_000);
	return totpCode(key, clock.now());
}

/** A six-digit code that matches none of the accepted steps around now. */
function wrongCode(clock: ManualClock, key: Uint8Array): string {
	const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(key, new Date(clock.now().getTime() + d))));
	for (let n = 0; ; n++) {
		const code = String(n).padStart(6, '0');
		if (!valid.has(code)) return code;
	}
}

async function withTotp(deps: AuthDeps, clock: ManualClock, email: string) {
	const auth = await signedIn(deps, email);
	const key = generateTotpKey();
	const enabled = await enableTotp(deps, auth, key, totpCode(key, clock.now()), { ip: '192.0.2.1', userAgent: UA });
	if (!enabled.ok) throw new Error('enableTotp refused a valid code');
	return { key, codes: enabled.codes };
}

describe('sign-in', () => {
	it('opens a session and audits it with ip and user agent', async () => {
		const { deps } = setup();
		const user = await newUser();
		const ip = uniqueIp();
		const result = await signIn(deps, { email: `  ${user.email.toUpperCase()} `, password: FIXTURE_PASSWORD, ip, userAgent: UA });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.userId).toBe(user.id);

		const validated = await validateSessionToken(db(), result.token, deps.sessionTtlMs, deps.clock);
		expect(validated?.auth.user.id).toBe(user.id);
		expect(validated?.auth.stage).toBe('complete');
		expect(result.expiresAt.getTime()).toBe(deps.clock.now().getTime() + 8 * 3600_000);
		expect(result.device?.value).toMatch(new RegExp(`^d1\\.${user.id}\\.`)); // full sign-in: this browser becomes trusted

		const rows = await auditRows({ userId: user.id }, 'auth.sign_in');
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			ip,
			userAgent: UA,
			details: { secondFactor: 'off' },
			actorOrgId: validated!.auth.active!.organisationId,
			actorRoles: ['medewerker']
		});
		expect(validated!.auth.session.id.startsWith(rows[0].recordId!)).toBe(true);
	});

	it('answers the same for a wrong password and an unknown e-mail, and audits both', async () => {
		const { deps } = setup();
		const user = await newUser();
		const ip = uniqueIp();
		const wrong = await signIn(deps, { email: user.email, password: 'not-the-password', ip, userAgent: UA });
		const unknown = await signIn(deps, { email: `nobody-${user.id}@test.ketentafel.test`, password: FIXTURE_PASSWORD, ip, userAgent: UA });
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });

		const rows = await auditRows({ ip }, 'auth.sign_in_failed');
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({ actorUserId: user.id, userAgent: UA, details: { reason: 'wrong_password' } });
		expect(rows[1]).toMatchObject({ actorUserId: null, userAgent: UA, details: { reason: 'unknown_account' } });
		expect(await db()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
	});

	it('refuses a disabled account like a wrong password', async () => {
		const { deps } = setup();
		const user = await newUser();
		await db()`update users set disabled_at = now() where id = ${user.id}`;
		const ip = uniqueIp();
		expect(await signIn(deps, { email: user.email, password: FIXTURE_PASSWORD, ip, userAgent: UA })).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await db()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
		expect(await auditRows({ ip }, 'auth.sign_in_failed')).toHaveLength(1);
	});

	it('throttles the pair of account and address after five wrong passwords, not the rightful user elsewhere or on a trusted device', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const device = await trustedDevice(deps, user.email);
		const attacker = uniqueIp();
		for (let i = 0; i < LOGIN_PER_PAIR.limit; i++) {
			expect(await attempt(deps, user.email, `wrong-${i}`, attacker)).toEqual({ ok: false, reason: 'invalid' });
		}
		const sessionsBefore = (await db()`select 1 from sessions where user_id = ${user.id}`).length;
		const blocked = await attempt(deps, user.email, FIXTURE_PASSWORD, attacker);
		expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
		expect(retryAfter(blocked)).toBe(LOGIN_PER_PAIR.windowSeconds / LOGIN_PER_PAIR.limit); // slowed down: one more attempt per 3 minutes
		expect(await db()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(sessionsBefore);
		const throttled = await auditRows({ userId: user.id }, 'auth.sign_in_throttled');
		expect(throttled).toHaveLength(1);
		expect(throttled[0]).toMatchObject({ ip: attacker, userAgent: UA, details: { limit: 'pair' } });

		expect((await attempt(deps, user.email, FIXTURE_PASSWORD, uniqueIp())).ok, 'the right password from another address').toBe(true);
		const trusted = await attempt(deps, user.email, FIXTURE_PASSWORD, attacker, device);
		expect(trusted.ok, 'the right password from a trusted device, even behind the same address').toBe(true);
		const [signInRow] = (await auditRows({ userId: user.id }, 'auth.sign_in')).slice(-1);
		expect(signInRow.details).toMatchObject({ trustedDevice: true });

		clock.advance(retryAfter(blocked)! * 1000);
		expect((await attempt(deps, user.email, FIXTURE_PASSWORD, attacker)).ok, 'the pair gets an attempt back after the wait').toBe(true);
	});

	it('lets failures from many addresses close the account to untrusted clients only: a trusted device still gets in', async () => {
		const { deps } = setup();
		const user = await newUser();
		const device = await trustedDevice(deps, user.email);
		for (let i = 0; i < LOGIN_PER_ACCOUNT.limit; i++) {
			expect(await attempt(deps, user.email, `spray-${i}`, uniqueIp())).toEqual({ ok: false, reason: 'invalid' });
		}
		const stranger = await attempt(deps, user.email, FIXTURE_PASSWORD, uniqueIp());
		expect(stranger).toMatchObject({ ok: false, reason: 'throttled' });
		expect((await auditRows({ userId: user.id }, 'auth.sign_in_throttled'))[0].details).toEqual({ limit: 'account' });

		const trusted = await attempt(deps, user.email, FIXTURE_PASSWORD, uniqueIp(), device);
		expect(trusted.ok).toBe(true);
		expect(trusted.ok && trusted.device?.value).toMatch(/^d1\./); // the trust is renewed
	});

	it('gives a trusted device a small budget of its own, after which it counts as any other client', async () => {
		const { deps } = setup();
		const user = await newUser();
		const other = await newUser();
		const device = await trustedDevice(deps, user.email);
		const ip = uniqueIp();
		for (let i = 0; i < LOGIN_PER_DEVICE.limit; i++) {
			expect(await attempt(deps, user.email, `device-${i}`, ip, device)).toEqual({ ok: false, reason: 'invalid' });
		}
		// the device's budget is spent: the next attempts spend the pair's budget
		for (let i = 0; i < LOGIN_PER_PAIR.limit; i++) {
			expect(await attempt(deps, user.email, `pair-${i}`, ip, device)).toEqual({ ok: false, reason: 'invalid' });
		}
		expect(await attempt(deps, user.email, FIXTURE_PASSWORD, ip, device)).toMatchObject({ ok: false, reason: 'throttled' });

		// a device cookie of another account, or a tampered one, exempts from nothing
		const otherIp = uniqueIp();
		for (let i = 0; i < LOGIN_PER_PAIR.limit; i++) await attempt(deps, other.email, `x-${i}`, otherIp, device);
		expect(await attempt(deps, other.email, FIXTURE_PASSWORD, otherIp, device)).toMatchObject({ ok: false, reason: 'throttled' });
		const fresh = await trustedDevice(deps, user.email);
		const parts = fresh.split('.');
		const tampered = [...parts.slice(0, 4), (parts[4][0] === 'A' ? 'B' : 'A') + parts[4].slice(1)].join('.');
		const tamperedIp = uniqueIp();
		for (let i = 0; i < LOGIN_PER_PAIR.limit; i++) await attempt(deps, user.email, `t-${i}`, tamperedIp, tampered);
		expect(await attempt(deps, user.email, FIXTURE_PASSWORD, tamperedIp, tampered)).toMatchObject({ ok: false, reason: 'throttled' });
		expect((await attempt(deps, user.email, FIXTURE_PASSWORD, tamperedIp, fresh)).ok).toBe(true);
	});

	it('does not let concurrent wrong passwords past the pair limit', async () => {
		const { deps } = setup();
		const user = await newUser();
		const ip = uniqueIp();
		const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(deps, user.email, `guess-${i}`, ip)));
		expect(countOf(results, 'invalid'), 'passwords actually verified out of 20 parallel guesses').toBe(LOGIN_PER_PAIR.limit);
		expect(countOf(results, 'throttled')).toBe(20 - LOGIN_PER_PAIR.limit);
	});

	it('does not let concurrent wrong passwords from many addresses past the per-account limit', async () => {
		const { deps } = setup();
		const user = await newUser();
		const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(deps, user.email, `guess-${i}`, uniqueIp())));
		expect(countOf(results, 'invalid'), 'passwords actually verified out of 40 parallel guesses').toBe(LOGIN_PER_ACCOUNT.limit);
		expect(countOf(results, 'throttled')).toBe(40 - LOGIN_PER_ACCOUNT.limit);
	});

	it('does not let concurrent guesses with a device cookie past its budget and the pair budget', async () => {
		const { deps } = setup();
		const user = await newUser();
		const device = await trustedDevice(deps, user.email);
		const ip = uniqueIp();
		const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(deps, user.email, `guess-${i}`, ip, device)));
		expect(countOf(results, 'invalid')).toBe(LOGIN_PER_DEVICE.limit + LOGIN_PER_PAIR.limit);
	});

	it('leaves room for a NAT: 30+ failures behind one address keep nobody out, a spent address budget keeps out only untrusted clients', async () => {
		const { deps } = setup();
		const colleague = await newUser();
		const trustedColleague = await newUser();
		const device = await trustedDevice(deps, trustedColleague.email);
		const nat = uniqueIp();
		const fail = (from: number, count: number) =>
			Promise.all(
				Array.from({ length: count }, (_, i) => attempt(deps, `nobody-${from + i}-${colleague.id}@test.ketentafel.test`, 'guess', nat))
			);
		expect(countOf(await fail(0, 35), 'invalid')).toBe(35);
		expect((await attempt(deps, colleague.email, FIXTURE_PASSWORD, nat)).ok, 'an untrusted colleague after 35 failures').toBe(true);

		expect(countOf(await fail(35, LOGIN_PER_ADDRESS.limit - 35), 'invalid')).toBe(LOGIN_PER_ADDRESS.limit - 35);
		const untrusted = await attempt(deps, colleague.email, FIXTURE_PASSWORD, nat);
		expect(untrusted).toMatchObject({ ok: false, reason: 'throttled' });
		expect((await auditRows({ userId: colleague.id }, 'auth.sign_in_throttled'))[0].details).toEqual({ limit: 'address' });
		expect(
			(await attempt(deps, trustedColleague.email, FIXTURE_PASSWORD, nat, device)).ok,
			'a trusted colleague behind the same address'
		).toBe(true);
	});

	it('starts the pair afresh after a success', async () => {
		const { deps } = setup();
		const user = await newUser();
		const ip = uniqueIp();
		const once = (password: string) => attempt(deps, user.email, password, ip);
		for (let i = 0; i < LOGIN_PER_PAIR.limit - 1; i++) expect((await once('wrong')).ok).toBe(false);
		expect((await once(FIXTURE_PASSWORD)).ok).toBe(true);
		for (let i = 0; i < LOGIN_PER_PAIR.limit - 1; i++) expect(await once('wrong')).toEqual({ ok: false, reason: 'invalid' });
		expect((await once(FIXTURE_PASSWORD)).ok).toBe(true);
	});

	it('turns on TOTP and then asks every new session for a code, once per code', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const origin = { ip: uniqueIp(), userAgent: UA };
		const first = await signedIn(deps, user.email);
		const key = generateTotpKey();

		expect(await enableTotp(deps, first, key, wrongCode(clock, key), origin)).toEqual({ ok: false, reason: 'invalid' });
		const enableCode = totpCode(key, clock.now());
		const enabled = await enableTotp(deps, first, key, enableCode, origin);
		if (!enabled.ok) throw new Error('enableTotp refused a valid code');
		const codes = enabled.codes;
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		expect(await auditRows({ userId: user.id }, 'auth.totp_enabled')).toHaveLength(1);
		const [stored] = await db()<{ totpKey: Uint8Array }[]>`select totp_key from users where id = ${user.id}`;
		expect(Buffer.from(stored.totpKey).includes(Buffer.from(key))).toBe(false); // encrypted at rest
		const hashes = await db()<{ codeHash: string }[]>`select code_hash from recovery_codes where user_id = ${user.id}`;
		expect(hashes).toHaveLength(10);
		expect(hashes.some((h) => codes.includes(h.codeHash))).toBe(false);

		const second = await signedIn(deps, user.email);
		expect(second.stage).toBe('needs_2fa');
		expect(await passSecondFactor(deps, second, enableCode, origin)).toEqual({ ok: false, reason: 'invalid' }); // already used
		const code = nextCode(clock, key);
		const passed = await passSecondFactor(deps, second, code, origin);
		expect(passed).toMatchObject({ ok: true });
		expect(passed.ok && (await validated(deps, passed.token)).stage).toBe('complete');
		expect((await auditRows({ userId: user.id }, 'auth.second_factor_passed')).length).toBe(1);

		const third = await signedIn(deps, user.email);
		expect(await passSecondFactor(deps, third, code, origin)).toEqual({ ok: false, reason: 'invalid' }); // replay
		expect(await passSecondFactor(deps, third, codes[0], origin)).toMatchObject({ ok: true });
		expect(await auditRows({ userId: user.id }, 'auth.recovery_code_used')).toHaveLength(1);

		const fourth = await signedIn(deps, user.email);
		expect(await passSecondFactor(deps, fourth, codes[0], origin)).toEqual({ ok: false, reason: 'invalid' }); // used up
		const viaRecovery = await passSecondFactor(deps, fourth, codes[1].toUpperCase().replaceAll('-', ' '), origin);
		expect(viaRecovery.ok && (await validated(deps, viaRecovery.token)).session.twoFactorVerified).toBe(true);
		expect((await auditRows({ userId: user.id }, 'auth.second_factor_failed')).length).toBe(3);
	});

	it('replaces the session token when the second factor is passed: the old token stops working, the sign-in moment stays', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const { key } = await withTotp(deps, clock, user.email);
		const signedInAt = clock.now();
		const started = await attempt(deps, user.email, FIXTURE_PASSWORD, uniqueIp());
		if (!started.ok) throw new Error('sign-in failed');
		expect(started.device, 'no device trust before the second factor').toBeNull();
		const pending = await validated(deps, started.token);
		expect(pending.stage).toBe('needs_2fa');

		clock.advance(60_000);
		const passed = await passSecondFactor(deps, pending, nextCode(clock, key), { ip: uniqueIp(), userAgent: UA });
		if (!passed.ok) throw new Error(`second factor refused: ${JSON.stringify(passed)}`);
		expect(passed.token).not.toBe(started.token);
		expect(await validateSessionToken(deps.sql, started.token, deps.sessionTtlMs, deps.clock, deps.sessionMaxMs)).toBeNull();
		expect(await db()`select 1 from sessions where id = ${pending.session.id}`).toHaveLength(0);
		const now = await validated(deps, passed.token);
		expect(now).toMatchObject({ stage: 'complete', user: { id: user.id }, active: { organisationId: pending.active!.organisationId } });
		expect(now.session.id).not.toBe(pending.session.id);
		expect(now.session.signedInAt.getTime()).toBe(signedInAt.getTime());
		expect(passed.expiresAt.getTime()).toBe(clock.now().getTime() + deps.sessionTtlMs);
		expect(passed.device?.value).toMatch(new RegExp(`^d1\\.${user.id}\\.`));

		// a second submission with the old session (another tab) finds it gone
		expect(await passSecondFactor(deps, pending, nextCode(clock, key), { ip: uniqueIp(), userAgent: UA })).toEqual({
			ok: false,
			reason: 'ended'
		});
	});

	it('replaces the session token when TOTP is first set up', async () => {
		const { clock, deps } = setup();
		const org = await createOrganisation(db());
		const beheerder = await createUser(db(), [{ organisationId: org.id, role: 'beheerder' }]);
		const started = await attempt(deps, beheerder.email, FIXTURE_PASSWORD, uniqueIp());
		if (!started.ok) throw new Error('sign-in failed');
		expect(started.device, 'a beheerder without TOTP has not completed a full sign-in').toBeNull();
		const setup2fa = await validated(deps, started.token);
		expect(setup2fa.stage).toBe('needs_2fa_setup');
		const key = generateTotpKey();
		const enabled = await enableTotp(deps, setup2fa, key, totpCode(key, clock.now()), { ip: uniqueIp(), userAgent: UA });
		if (!enabled.ok) throw new Error('enableTotp refused a valid code');
		expect(await validateSessionToken(deps.sql, started.token, deps.sessionTtlMs, deps.clock, deps.sessionMaxMs)).toBeNull();
		expect(enabled.session).not.toBeNull();
		expect((await validated(deps, enabled.session!.token)).stage).toBe('complete');
		expect(enabled.session!.device).not.toBeNull();
	});

	it('keeps the token of a complete session that turns TOTP on: it gains no rights, and its open tabs stay live', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const started = await attempt(deps, user.email, FIXTURE_PASSWORD, uniqueIp());
		if (!started.ok) throw new Error('sign-in failed');
		const complete = await validated(deps, started.token);
		const key = generateTotpKey();
		const enabled = await enableTotp(deps, complete, key, totpCode(key, clock.now()), { ip: uniqueIp(), userAgent: UA });
		expect(enabled).toMatchObject({ ok: true, session: null });
		expect(await validated(deps, started.token)).toMatchObject({
			stage: 'complete',
			session: { id: complete.session.id, twoFactorVerified: true }
		});
	});

	it('throttles the second factor after 5 wrong codes, audited', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const { key } = await withTotp(deps, clock, user.email);
		const auth = await signedIn(deps, user.email);
		const origin = { ip: uniqueIp(), userAgent: UA };
		for (let i = 0; i < SECOND_FACTOR_PER_USER.limit; i++) {
			expect(await passSecondFactor(deps, auth, wrongCode(clock, key), origin)).toEqual({ ok: false, reason: 'invalid' });
		}
		const result = await passSecondFactor(deps, auth, nextCode(clock, key), origin);
		expect(result).toMatchObject({ ok: false, reason: 'throttled' });
		expect(result.ok === false && result.reason === 'throttled' && result.retryAfterSeconds).toBeGreaterThan(0);
		const [row] = await db()<{ twoFactorVerified: boolean }[]>`select two_factor_verified from sessions where id = ${auth.session.id}`;
		expect(row.twoFactorVerified).toBe(false);
		expect(await auditRows({ userId: user.id }, 'auth.second_factor_throttled')).toHaveLength(1);
	});

	it('does not let concurrent wrong codes past the second-factor limit', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const { key } = await withTotp(deps, clock, user.email);
		const auth = await signedIn(deps, user.email);
		const origin = { ip: uniqueIp(), userAgent: UA };
		const wrong = wrongCode(clock, key);
		const results = await Promise.all(Array.from({ length: 20 }, () => passSecondFactor(deps, auth, wrong, origin)));
		const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
		expect(checked, 'codes actually checked out of 20 parallel guesses').toBeLessThanOrEqual(5);
	});

	it('turns two-factor authentication off only with the current password and a current code', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const { key } = await withTotp(deps, clock, user.email);
		const auth = await signedIn(deps, user.email);
		const origin = { ip: uniqueIp(), userAgent: UA };

		const noPassword = await disableTotp(deps, auth, { password: 'not-the-password', code: nextCode(clock, key) }, origin);
		expect(noPassword).toEqual({ ok: false, reason: 'invalid', fields: { password: 'Dit wachtwoord klopt niet.' } });
		const noCode = await disableTotp(deps, auth, { password: FIXTURE_PASSWORD, code: wrongCode(clock, key) }, origin);
		expect(noCode).toMatchObject({ ok: false, reason: 'invalid', fields: { code: expect.stringContaining('Deze code klopt niet') } });
		expect(noCode.ok === false && noCode.reason === 'invalid' && noCode.fields.password).toBeUndefined();
		const neither = await disableTotp(deps, auth, { password: 'nope', code: wrongCode(clock, key) }, origin);
		expect(neither.ok === false && neither.reason === 'invalid' && Object.keys(neither.fields).sort()).toEqual(['code', 'password']);
		const [still] = await db()<{ on: boolean }[]>`select totp_enabled_at is not null as on from users where id = ${user.id}`;
		expect(still.on).toBe(true);
		const refusals = await auditRows({ userId: user.id }, 'auth.reauthentication_failed');
		expect(refusals.map((r) => r.details)).toEqual([
			{ action: 'auth.totp_disabled', reason: 'wrong_password' },
			{ action: 'auth.totp_disabled', reason: 'wrong_code' },
			{ action: 'auth.totp_disabled', reason: 'wrong_password_and_code' }
		]);

		const code = nextCode(clock, key);
		expect(await disableTotp(deps, auth, { password: FIXTURE_PASSWORD, code }, origin)).toEqual({ ok: true, value: undefined });
		const [off] = await db()<{ on: boolean; codes: number }[]>`
			select totp_enabled_at is not null as on, (select count(*)::int from recovery_codes where user_id = ${user.id}) as codes
			from users where id = ${user.id}`;
		expect(off).toEqual({ on: false, codes: 0 });
		expect(await auditRows({ userId: user.id }, 'auth.totp_disabled')).toHaveLength(1);
	});

	it('renews recovery codes only with the current password and a current code, each code once, under the second-factor budget', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const { key, codes: old } = await withTotp(deps, clock, user.email);
		const auth = await signedIn(deps, user.email);
		const origin = { ip: uniqueIp(), userAgent: UA };

		const code = nextCode(clock, key);
		const renewed = await renewRecoveryCodes(deps, auth, { password: FIXTURE_PASSWORD, code }, origin);
		if (!renewed.ok) throw new Error(`renewal refused: ${JSON.stringify(renewed)}`);
		expect(renewed.value).toHaveLength(10);
		expect(renewed.value.some((c) => old.includes(c))).toBe(false);
		expect(await auditRows({ userId: user.id }, 'auth.recovery_codes_renewed')).toHaveLength(1);
		const replay = await renewRecoveryCodes(deps, auth, { password: FIXTURE_PASSWORD, code }, origin);
		expect(replay).toMatchObject({ ok: false, reason: 'invalid', fields: { code: expect.any(String) } });
		const recovery = await renewRecoveryCodes(deps, auth, { password: FIXTURE_PASSWORD, code: renewed.value[0] }, origin);
		expect(recovery, 'a recovery code is no current code').toMatchObject({ ok: false, reason: 'invalid' });

		for (let i = 2; i < SECOND_FACTOR_PER_USER.limit; i++) {
			expect(await renewRecoveryCodes(deps, auth, { password: FIXTURE_PASSWORD, code: wrongCode(clock, key) }, origin)).toMatchObject({
				reason: 'invalid'
			});
		}
		const throttled = await renewRecoveryCodes(deps, auth, { password: FIXTURE_PASSWORD, code: nextCode(clock, key) }, origin);
		expect(throttled).toMatchObject({ ok: false, reason: 'throttled' });
		expect((await auditRows({ userId: user.id }, 'auth.second_factor_throttled'))[0].details).toEqual({
			action: 'auth.recovery_codes_renewed'
		});
		expect(await auditRows({ userId: user.id }, 'auth.recovery_codes_renewed')).toHaveLength(1);
	});

	it('signs out here, or everywhere', async () => {
		const { deps } = setup();
		const user = await newUser();
		const bystander = await newUser();
		const origin = { ip: uniqueIp(), userAgent: UA };
		const here = await signedIn(deps, user.email);
		const a = await signedIn(deps, user.email);
		const b = await signedIn(deps, user.email);
		const other = await signedIn(deps, bystander.email);

		expect(await signOut(deps, here, false, origin)).toEqual([here.session.id]);
		expect(await db()`select 1 from sessions where id = ${here.session.id}`).toHaveLength(0);
		expect(await db()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(2);

		const ended = await signOut(deps, a, true, origin);
		expect(ended.sort()).toEqual([a.session.id, b.session.id].sort());
		expect(await db()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
		expect(await db()`select 1 from sessions where id = ${other.session.id}`).toHaveLength(1);
		const rows = await auditRows({ userId: user.id }, 'auth.sign_out_everywhere');
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ ip: origin.ip, details: { sessions: 2 } });
		expect(await auditRows({ userId: user.id }, 'auth.sign_out')).toHaveLength(1);
	});
});
