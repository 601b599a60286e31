import type { Redis } from 'ioredis';
import type { Db, Sql } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { audit, type AuditActor } from '../audit/log.ts';
import { verifyPassword } from './password.ts';
import { createSession, invalidateSession, invalidateUserSessions, markTwoFactorVerified, type AuthContext } from './session.ts';
import { LOGIN_PER_ACCOUNT, LOGIN_PER_IP, SECOND_FACTOR_PER_USER, Throttle } from './throttle.ts';
import { decrypt, encrypt } from './crypto.ts';
import { generateRecoveryCodes, hashRecoveryCode, matchTotp } from './totp.ts';

export interface AuthDeps {
	sql: Sql;
	throttle: Throttle;
	clock: Clock;
	sessionTtlMs: number;
}

export interface RequestOrigin {
	ip: string | null;
	userAgent: string | null;
}

export type SignInResult =
	| { ok: true; token: string; expiresAt: Date; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Builds the audit actor for a signed-in context. */
export function actorOf(auth: AuthContext, origin: RequestOrigin): AuditActor {
	return {
		userId: auth.user.id,
		organisationId: auth.active?.organisationId ?? null,
		roles: auth.active?.roles ?? [],
		ip: origin.ip,
		userAgent: origin.userAgent
	};
}

/**
 * Checks e-mail and password under the per-account and per-IP throttles and opens a session.
 * Every outcome is audited; the answer never tells whether the account exists.
 */
export async function signIn(
	deps: AuthDeps,
	input: { email: string; password: string } & RequestOrigin
): Promise<SignInResult> {
	const email = input.email.trim().toLowerCase();
	const anonymous: AuditActor = { userId: null, organisationId: null, roles: [], ip: input.ip, userAgent: input.userAgent };
	const [user] = await deps.sql<{ id: string; passwordHash: string; totpEnabled: boolean }[]>`
		select id, password_hash, totp_enabled_at is not null as totp_enabled
		from users where email = ${email} and disabled_at is null`;
	const actor = { ...anonymous, userId: user?.id ?? null };

	const checks: [typeof LOGIN_PER_ACCOUNT, string][] = [[LOGIN_PER_ACCOUNT, email]];
	if (input.ip) checks.push([LOGIN_PER_IP, input.ip]);
	const wait = await deps.throttle.reserve(checks);
	if (wait > 0) {
		await audit(deps.sql, actor, 'auth.sign_in_throttled', user ? { type: 'user', id: user.id } : null);
		return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
	}

	const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
	if (!user || !valid) {
		await audit(deps.sql, actor, 'auth.sign_in_failed', user ? { type: 'user', id: user.id } : null, {
			reason: user ? 'wrong_password' : 'unknown_account'
		});
		return { ok: false, reason: 'invalid' };
	}

	await deps.throttle.clear(LOGIN_PER_ACCOUNT, email);
	if (input.ip) await deps.throttle.release(LOGIN_PER_IP, input.ip);
	const session = await createSession(
		deps.sql,
		{ userId: user.id, twoFactorVerified: false, ip: input.ip, userAgent: input.userAgent },
		deps.sessionTtlMs,
		deps.clock
	);
	const signedIn = { ...actor, organisationId: session.active?.organisationId ?? null, roles: session.active?.roles ?? [] };
	await audit(deps.sql, signedIn, 'auth.sign_in', { type: 'session', id: session.id.slice(0, 12) }, {
		secondFactor: user.totpEnabled ? 'pending' : 'off'
	});
	return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: user.id };
}

export type SecondFactorResult =
	| { ok: true }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Accepts a TOTP code or an unused recovery code for a session that still owes its second factor. */
export async function passSecondFactor(
	deps: AuthDeps,
	auth: AuthContext,
	code: string,
	origin: RequestOrigin
): Promise<SecondFactorResult> {
	const actor = actorOf(auth, origin);
	const wait = await deps.throttle.reserve([[SECOND_FACTOR_PER_USER, auth.user.id]]);
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };

	const passed = await deps.sql.begin(async (tx) => {
		const [user] = await tx<{ totpKey: Uint8Array | null; totpLastStep: string | null }[]>`
			select totp_key, totp_last_step from users where id = ${auth.user.id} for update`;
		if (!user?.totpKey) return null;
		const step = matchTotp(decrypt(user.totpKey), code, deps.clock, user.totpLastStep === null ? null : BigInt(user.totpLastStep));
		if (step !== null) {
			await tx`update users set totp_last_step = ${step.toString()} where id = ${auth.user.id}`;
			return 'totp' as const;
		}
		const used = await tx`
			update recovery_codes set used_at = ${deps.clock.now()}
			where user_id = ${auth.user.id} and code_hash = ${hashRecoveryCode(code)} and used_at is null
			returning id`;
		return used.length === 1 ? ('recovery' as const) : null;
	});

	if (!passed) {
		await audit(deps.sql, actor, 'auth.second_factor_failed', { type: 'user', id: auth.user.id });
		return { ok: false, reason: 'invalid' };
	}
	await deps.throttle.clear(SECOND_FACTOR_PER_USER, auth.user.id);
	await markTwoFactorVerified(deps.sql, auth.session.id);
	await audit(
		deps.sql,
		actor,
		passed === 'recovery' ? 'auth.recovery_code_used' : 'auth.second_factor_passed',
		{ type: 'user', id: auth.user.id }
	);
	return { ok: true };
}

/**
 * Turns on TOTP after the user proved the new key with a code; the session counts as verified.
 * Returns the recovery codes to show once, or null when the code did not match.
 */
export async function enableTotp(
	deps: AuthDeps,
	auth: AuthContext,
	key: Uint8Array,
	code: string,
	origin: RequestOrigin
): Promise<string[] | null> {
	const step = matchTotp(key, code, deps.clock, null);
	if (step === null) return null;
	const codes = generateRecoveryCodes();
	await deps.sql.begin(async (tx) => {
		await tx`
			update users set totp_key = ${encrypt(key)}, totp_last_step = ${step.toString()}, totp_enabled_at = ${deps.clock.now()}
			where id = ${auth.user.id}`;
		await replaceRecoveryCodes(tx, auth.user.id, codes);
		await tx`update sessions set two_factor_verified = true where id = ${auth.session.id}`;
		await audit(tx, actorOf(auth, origin), 'auth.totp_enabled', { type: 'user', id: auth.user.id });
	});
	return codes;
}

/** Turns TOTP off (not allowed for beheerders, who must keep it). */
export async function disableTotp(deps: AuthDeps, auth: AuthContext, origin: RequestOrigin): Promise<void> {
	await deps.sql.begin(async (tx) => {
		await tx`update users set totp_key = null, totp_last_step = null, totp_enabled_at = null where id = ${auth.user.id}`;
		await tx`delete from recovery_codes where user_id = ${auth.user.id}`;
		await audit(tx, actorOf(auth, origin), 'auth.totp_disabled', { type: 'user', id: auth.user.id });
	});
}

/** Replaces the user's recovery codes with a fresh set and returns it. */
export async function renewRecoveryCodes(deps: AuthDeps, auth: AuthContext, origin: RequestOrigin): Promise<string[]> {
	const codes = generateRecoveryCodes();
	await deps.sql.begin(async (tx) => {
		await replaceRecoveryCodes(tx, auth.user.id, codes);
		await audit(tx, actorOf(auth, origin), 'auth.recovery_codes_renewed', { type: 'user', id: auth.user.id });
	});
	return codes;
}

async function replaceRecoveryCodes(tx: Db, userId: string, codes: string[]): Promise<void> {
	await tx`delete from recovery_codes where user_id = ${userId}`;
	await tx`insert into recovery_codes ${tx(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })))}`;
}

/**
 * Ends this session, or with everywhere=true every session of the user; returns the ended ids so
 * the caller can close their sockets.
 */
export async function signOut(
	deps: AuthDeps,
	auth: AuthContext,
	everywhere: boolean,
	origin: RequestOrigin
): Promise<string[]> {
	const ended = everywhere
		? await invalidateUserSessions(deps.sql, auth.user.id)
		: (await invalidateSession(deps.sql, auth.session.id), [auth.session.id]);
	await audit(deps.sql, actorOf(auth, origin), everywhere ? 'auth.sign_out_everywhere' : 'auth.sign_out', {
		type: 'user',
		id: auth.user.id
	}, { sessions: ended.length });
	return ended;
}

/** The dependencies wired to this process's database, Redis and clock. */
export function makeAuthDeps(sql: Sql, redis: Redis, prefix: string, clock: Clock, sessionTtlHours: number): AuthDeps {
	return { sql, throttle: new Throttle(redis, prefix), clock, sessionTtlMs: sessionTtlHours * 3600_000 };
}
