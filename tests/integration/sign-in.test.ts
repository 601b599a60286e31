import { LOGIN_PER_IP } from '../../src/lib/server/auth/throttle.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { env } from '../../src/lib/server/env.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { enableTotp, makeAuthDeps, passSecondFactor, signIn, signOut, type AuthDeps } from '../../src/lib/server/auth/service.ts';
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
	return db()<{ actorUserId: string | null; actorOrgId: string | null; actorRoles: string[]; ip: string | null; userAgent: string | null; details: Record<string, unknown>; recordId: string | null }[]>`
		select actor_user_id, actor_org_id, actor_roles::text[] as actor_roles, host(ip) as ip, user_agent, details, record_id from audit_log
		where action = ${action}
		${where.userId ? db()`and actor_user_id = ${where.userId}` : db()``}
		${where.ip ? db()`and ip = ${where.ip}::inet` : db()``}
		order by id`;
}

async function signedIn(deps: AuthDeps, email: string, ip = uniqueIp()): Promise<AuthContext> {
	const result = await signIn(deps, { email, password: FIXTURE_PASSWORD, ip, userAgent: UA });
	if (!result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
	const validated = await validateSessionToken(deps.sql, result.token, deps.sessionTtlMs, deps.clock);
	if (!validated) throw new Error('new session does not validate');
	return validated.auth;
}

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
	const codes = await enableTotp(deps, auth, key, totpCode(key, clock.now()), { ip: '192.0.2.1', userAgent: UA });
	if (!codes) throw new Error('enableTotp refused a valid code');
	return { key, codes };
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

		const rows = await auditRows({ userId: user.id }, 'auth.sign_in');
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ ip, userAgent: UA, details: { secondFactor: 'off' }, actorOrgId: validated!.auth.active!.organisationId, actorRoles: ['medewerker'] });
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
		expect(await signIn(deps, { email: user.email, password: FIXTURE_PASSWORD, ip, userAgent: UA })).toEqual({ ok: false, reason: 'invalid' });
		expect(await db()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
		expect(await auditRows({ ip }, 'auth.sign_in_failed')).toHaveLength(1);
	});

	it('throttles an account after 5 failures, even for the right password', async () => {
		const { deps } = setup();
		const user = await newUser();
		for (let i = 0; i < 5; i++) {
			expect(await signIn(deps, { email: user.email, password: `wrong-${i}`, ip: uniqueIp(), userAgent: UA })).toEqual({ ok: false, reason: 'invalid' });
		}
		const result = await signIn(deps, { email: user.email, password: FIXTURE_PASSWORD, ip: uniqueIp(), userAgent: UA });
		expect(result).toMatchObject({ ok: false, reason: 'throttled' });
		expect(result.ok === false && result.reason === 'throttled' && result.retryAfterSeconds).toBeGreaterThan(0);
		expect(result.ok === false && result.reason === 'throttled' && result.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
		expect(await auditRows({ userId: user.id }, 'auth.sign_in_throttled')).toHaveLength(1);
		expect(await db()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
	});

	it('does not let concurrent wrong passwords past the per-account limit', async () => {
		const { deps } = setup();
		const user = await newUser();
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) => signIn(deps, { email: user.email, password: `guess-${i}`, ip: uniqueIp(), userAgent: UA }))
		);
		const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
		expect(checked, 'passwords actually verified out of 20 parallel guesses').toBeLessThanOrEqual(5);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(15);
	});

	it('throttles an IP after LOGIN_PER_IP.limit failures over different accounts, but not another IP', async () => {
		const { deps } = setup();
		const user = await newUser();
		const noisy = uniqueIp();
		for (let i = 0; i < LOGIN_PER_IP.limit; i++) {
			const result = await signIn(deps, { email: `nobody-${i}-${user.id}@test.ketentafel.test`, password: 'guess', ip: noisy, userAgent: UA });
			expect(result).toEqual({ ok: false, reason: 'invalid' });
		}
		const blocked = await signIn(deps, { email: user.email, password: FIXTURE_PASSWORD, ip: noisy, userAgent: UA });
		expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
		const elsewhere = await signIn(deps, { email: user.email, password: FIXTURE_PASSWORD, ip: uniqueIp(), userAgent: UA });
		expect(elsewhere.ok).toBe(true);
	});

	it('clears the account counter after a success', async () => {
		const { deps } = setup();
		const user = await newUser();
		const attempt = (password: string) => signIn(deps, { email: user.email, password, ip: uniqueIp(), userAgent: UA });
		for (let i = 0; i < 4; i++) expect((await attempt('wrong')).ok).toBe(false);
		expect((await attempt(FIXTURE_PASSWORD)).ok).toBe(true);
		for (let i = 0; i < 4; i++) expect(await attempt('wrong')).toEqual({ ok: false, reason: 'invalid' });
		expect((await attempt(FIXTURE_PASSWORD)).ok).toBe(true);
	});

	it('turns on TOTP and then asks every new session for a code, once per code', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const origin = { ip: uniqueIp(), userAgent: UA };
		const first = await signedIn(deps, user.email);
		const key = generateTotpKey();

		expect(await enableTotp(deps, first, key, wrongCode(clock, key), origin)).toBeNull();
		const enableCode = totpCode(key, clock.now());
		const codes = await enableTotp(deps, first, key, enableCode, origin);
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		expect(await auditRows({ userId: user.id }, 'auth.totp_enabled')).toHaveLength(1);
		const [stored] = await db()<{ totpKey: Uint8Array }[]>`select totp_key from users where id = ${user.id}`;
		expect(Buffer.from(stored.totpKey).includes(Buffer.from(key))).toBe(false); // encrypted at rest
		const hashes = await db()<{ codeHash: string }[]>`select code_hash from recovery_codes where user_id = ${user.id}`;
		expect(hashes).toHaveLength(10);
		expect(hashes.some((h) => codes!.includes(h.codeHash))).toBe(false);

		const second = await signedIn(deps, user.email);
		expect(second.stage).toBe('needs_2fa');
		expect(await passSecondFactor(deps, second, enableCode, origin)).toEqual({ ok: false, reason: 'invalid' }); // already used
		const code = nextCode(clock, key);
		expect(await passSecondFactor(deps, second, code, origin)).toEqual({ ok: true });
		const [row] = await db()<{ twoFactorVerified: boolean }[]>`select two_factor_verified from sessions where id = ${second.session.id}`;
		expect(row.twoFactorVerified).toBe(true);
		expect((await auditRows({ userId: user.id }, 'auth.second_factor_passed')).length).toBe(1);

		const third = await signedIn(deps, user.email);
		expect(await passSecondFactor(deps, third, code, origin)).toEqual({ ok: false, reason: 'invalid' }); // replay
		expect(await passSecondFactor(deps, third, codes![0], origin)).toEqual({ ok: true });
		expect(await auditRows({ userId: user.id }, 'auth.recovery_code_used')).toHaveLength(1);

		const fourth = await signedIn(deps, user.email);
		expect(await passSecondFactor(deps, fourth, codes![0], origin)).toEqual({ ok: false, reason: 'invalid' }); // used up
		expect(await passSecondFactor(deps, fourth, codes![1].toUpperCase().replaceAll('-', ' '), origin)).toEqual({ ok: true });
		const [fourthRow] = await db()<{ twoFactorVerified: boolean }[]>`select two_factor_verified from sessions where id = ${fourth.session.id}`;
		expect(fourthRow.twoFactorVerified).toBe(true);
		expect((await auditRows({ userId: user.id }, 'auth.second_factor_failed')).length).toBe(3);
	});

	it('throttles the second factor after 5 wrong codes', async () => {
		const { clock, deps } = setup();
		const user = await newUser();
		const { key } = await withTotp(deps, clock, user.email);
		const auth = await signedIn(deps, user.email);
		const origin = { ip: uniqueIp(), userAgent: UA };
		for (let i = 0; i < 5; i++) {
			expect(await passSecondFactor(deps, auth, wrongCode(clock, key), origin)).toEqual({ ok: false, reason: 'invalid' });
		}
		const result = await passSecondFactor(deps, auth, nextCode(clock, key), origin);
		expect(result).toMatchObject({ ok: false, reason: 'throttled' });
		expect(result.ok === false && result.reason === 'throttled' && result.retryAfterSeconds).toBeGreaterThan(0);
		const [row] = await db()<{ twoFactorVerified: boolean }[]>`select two_factor_verified from sessions where id = ${auth.session.id}`;
		expect(row.twoFactorVerified).toBe(false);
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
