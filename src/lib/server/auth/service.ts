import type { Redis } from 'ioredis';
import type { Db, Sql, Tx } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { env } from '../env.ts';
import { ServiceUnavailableError } from '../errors.ts';
import { audit, type AuditAction, type AuditActor } from '../audit/log.ts';
import { verifyPassword } from './password.ts';
import { createSession, invalidateSession, invalidateUserSessions, rotateSession, sessionStage, type AuthContext } from './session.ts';
import {
	LOGIN_PER_ACCOUNT,
	LOGIN_PER_ADDRESS,
	LOGIN_PER_DEVICE,
	LOGIN_PER_PAIR,
	SECOND_FACTOR_PER_USER,
	Throttle,
	type Refusal,
	type Reservation,
	type ThrottleCheck
} from './throttle.ts';
import { throttleAddress } from './address.ts';
import { issueDeviceCookie, trustedDeviceId, type DeviceCookie } from './device.ts';
import { decrypt, encrypt } from './crypto.ts';
import { generateRecoveryCodes, hashRecoveryCode, matchTotp } from './totp.ts';

export interface AuthDeps {
	sql: Sql;
	throttle: Throttle;
	clock: Clock;
	sessionTtlMs: number;
	/** Absolute maximum of a session from its sign-in (SESSION_MAX_HOURS). */
	sessionMaxMs: number;
}

export interface RequestOrigin {
	ip: string | null;
	userAgent: string | null;
}

/** The cookies of a session that just started or was replaced (see setSessionCookies). */
export interface SessionCookies {
	token: string;
	expiresAt: Date;
	/** Set after a full sign-in: this browser becomes a trusted device of the account. */
	device: DeviceCookie | null;
}

export type SignInResult = ({ ok: true; userId: string } & SessionCookies) | { ok: false; reason: 'invalid' } | Refusal;

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

/** Which limit refused, for the audit row. */
const LIMIT_NAMES: Record<string, string> = {
	[LOGIN_PER_PAIR.name]: 'pair',
	[LOGIN_PER_ACCOUNT.name]: 'account',
	[LOGIN_PER_ADDRESS.name]: 'address',
	[LOGIN_PER_DEVICE.name]: 'device',
	[SECOND_FACTOR_PER_USER.name]: 'second_factor'
};

/** Gives budgets back after a success; when Redis is away the attempt simply stays counted. */
export async function settle(work: Promise<unknown>): Promise<void> {
	await work.catch((error: unknown) => {
		if (!(error instanceof ServiceUnavailableError)) throw error;
	});
}

/** Reserves under the throttle; null when the store could not answer in time. */
export async function reserve(throttle: Throttle, checks: ThrottleCheck[]): Promise<Reservation | null> {
	try {
		return await throttle.reserve(checks);
	} catch (error) {
		if (error instanceof ServiceUnavailableError) return null;
		throw error;
	}
}

/** The budgets a client without a device cookie of the account signs in under. */
function untrustedChecks(email: string, ip: string | null): ThrottleCheck[] {
	const address = ip ? throttleAddress(ip) : 'unknown';
	const checks: ThrottleCheck[] = [
		[LOGIN_PER_PAIR, `${email}\n${address}`],
		[LOGIN_PER_ACCOUNT, email]
	];
	if (ip) checks.push([LOGIN_PER_ADDRESS, address]);
	return checks;
}

/**
 * Checks e-mail and password and opens a session, throttled the way OWASP describes for device
 * cookies. A browser holding a device cookie of this account (deviceCookie) spends only its own
 * small budget, so failures of strangers never keep it out; once that is spent it counts as any
 * other client. Other clients spend three budgets at once: per account and address together, per
 * account for all of them, and per address (room for a NAT). Budgets refill gradually; a refused
 * attempt takes nothing. Without Redis the attempt is refused ('unavailable'), never unthrottled.
 * Every outcome is audited; the answer never tells whether the account exists.
 */
export async function signIn(
	deps: AuthDeps,
	input: { email: string; password: string; deviceCookie?: string | null } & RequestOrigin
): Promise<SignInResult> {
	const email = input.email.trim().toLowerCase();
	const anonymous: AuditActor = { userId: null, organisationId: null, roles: [], ip: input.ip, userAgent: input.userAgent };
	const [user] = await deps.sql<{ id: string; passwordHash: string | null; totpEnabled: boolean; totpSetupRequired: boolean }[]>`
		select id, password_hash, totp_enabled_at is not null as totp_enabled, totp_setup_required
		from users where email = ${email} and disabled_at is null`;
	const actor = { ...anonymous, userId: user?.id ?? null };
	const record = user ? { type: 'user', id: user.id } : null;

	const deviceId = trustedDeviceId(input.deviceCookie, user?.id ?? null, deps.clock);
	let checks: ThrottleCheck[] = deviceId ? [[LOGIN_PER_DEVICE, deviceId]] : untrustedChecks(email, input.ip);
	let reservation = await reserve(deps.throttle, checks);
	if (reservation && !reservation.ok && deviceId) {
		checks = untrustedChecks(email, input.ip); // the device spent its own budget
		reservation = await reserve(deps.throttle, checks);
	}
	if (!reservation) {
		await audit(deps.sql, actor, 'auth.sign_in_unavailable', record);
		return { ok: false, reason: 'unavailable' };
	}
	if (!reservation.ok) {
		await audit(deps.sql, actor, 'auth.sign_in_throttled', record, { limit: LIMIT_NAMES[reservation.rule.name] ?? reservation.rule.name });
		return { ok: false, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
	}

	const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
	if (!user || !valid) {
		await audit(deps.sql, actor, 'auth.sign_in_failed', record, { reason: user ? 'wrong_password' : 'unknown_account' });
		return { ok: false, reason: 'invalid' };
	}

	// the budget bound to this client (its device, or account and address) starts afresh; the shared ones get this attempt back
	const [first, ...rest] = checks;
	await settle(Promise.all([deps.throttle.clear(first[0], first[1]), deps.throttle.release(rest)]));
	return startSignedInSession(deps, user, input, { secondFactorDone: false, details: { trustedDevice: first[0] === LOGIN_PER_DEVICE } });
}

/** The account a sign-in opens a session for, as far as the session's stage needs it. */
export interface SigningInAccount {
	id: string;
	totpEnabled: boolean;
	totpSetupRequired: boolean;
}

/**
 * Opens a session for an account whose identity was just established (by its password here; a
 * single sign-on sign-in can use the same door), audits 'auth.sign_in', and returns the cookies.
 * `secondFactorDone` is true only when the second factor was proven already (an identity provider
 * that says it did); otherwise the session's stage asks for it. `organisationId` is the organisation
 * the session acts for (the one whose identity provider signed the person in). The device cookie is given only to
 * a sign-in that is complete.
 */
export async function startSignedInSession(
	deps: AuthDeps,
	user: SigningInAccount,
	origin: RequestOrigin,
	options: { secondFactorDone: boolean; organisationId?: string; details?: Record<string, string | boolean> }
): Promise<{ ok: true; userId: string } & SessionCookies> {
	const session = await createSession(
		deps.sql,
		{
			userId: user.id,
			twoFactorVerified: options.secondFactorDone,
			organisationId: options.organisationId,
			ip: origin.ip,
			userAgent: origin.userAgent
		},
		deps.sessionTtlMs,
		deps.clock,
		deps.sessionMaxMs
	);
	const complete = sessionStage(user.totpEnabled, options.secondFactorDone, session.memberships, user.totpSetupRequired) === 'complete';
	const signedIn: AuditActor = {
		userId: user.id,
		organisationId: session.active?.organisationId ?? null,
		roles: session.active?.roles ?? [],
		ip: origin.ip,
		userAgent: origin.userAgent
	};
	await audit(
		deps.sql,
		signedIn,
		'auth.sign_in',
		{ type: 'session', id: session.id.slice(0, 12) },
		{
			secondFactor: options.secondFactorDone ? 'done' : user.totpEnabled ? 'pending' : 'off',
			...options.details
		}
	);
	return {
		ok: true,
		token: session.token,
		expiresAt: session.expiresAt,
		userId: user.id,
		device: complete ? issueDeviceCookie(user.id, deps.clock) : null
	};
}

/**
 * Takes one attempt from the user's second-factor budget; the audited refusal when it is spent or
 * the throttle store is away, else null.
 */
async function secondFactorBudget(
	deps: AuthDeps,
	actor: AuditActor,
	userId: string,
	details: Record<string, string> = {}
): Promise<Refusal | null> {
	const reservation = await reserve(deps.throttle, [[SECOND_FACTOR_PER_USER, userId]]);
	const record = { type: 'user', id: userId };
	if (!reservation) {
		await audit(deps.sql, actor, 'auth.second_factor_unavailable', record, details);
		return { ok: false, reason: 'unavailable' };
	}
	if (!reservation.ok) {
		await audit(deps.sql, actor, 'auth.second_factor_throttled', record, details);
		return { ok: false, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds };
	}
	return null;
}

/** The session was ended (signed out elsewhere) while its second factor was being checked. */
class SessionEndedError extends Error {
	override name = 'SessionEndedError';
}

export type SecondFactorResult =
	({ ok: true } & SessionCookies) | { ok: false; reason: 'invalid' } | { ok: false; reason: 'ended' } | Refusal;

/**
 * Accepts a TOTP code or an unused recovery code for a session that still owes its second factor,
 * and replaces the session by a new one (new token; the old one stops working at once). Throttled
 * per user; 'ended' when the session was gone meanwhile.
 */
export async function passSecondFactor(
	deps: AuthDeps,
	auth: AuthContext,
	code: string,
	origin: RequestOrigin
): Promise<SecondFactorResult> {
	const actor = actorOf(auth, origin);
	const refusal = await secondFactorBudget(deps, actor, auth.user.id);
	if (refusal) return refusal;

	let outcome: { passed: 'totp' | 'recovery'; session: { token: string; expiresAt: Date } } | null;
	try {
		outcome = await deps.sql.begin(async (tx) => {
			const passed = await checkSecondFactor(tx, deps.clock, auth.user.id, code);
			if (!passed) return null;
			const session = await rotateSession(tx, auth.session, deps.sessionTtlMs, deps.clock, deps.sessionMaxMs);
			if (!session) throw new SessionEndedError();
			return { passed, session };
		});
	} catch (error) {
		if (error instanceof SessionEndedError) return { ok: false, reason: 'ended' };
		throw error;
	}

	if (!outcome) {
		await audit(deps.sql, actor, 'auth.second_factor_failed', { type: 'user', id: auth.user.id });
		return { ok: false, reason: 'invalid' };
	}
	await settle(deps.throttle.clear(SECOND_FACTOR_PER_USER, auth.user.id));
	await audit(deps.sql, actor, outcome.passed === 'recovery' ? 'auth.recovery_code_used' : 'auth.second_factor_passed', {
		type: 'user',
		id: auth.user.id
	});
	return { ok: true, ...outcome.session, device: issueDeviceCookie(auth.user.id, deps.clock) };
}

/** Checks a TOTP code (refusing a replayed step) or uses up a recovery code, under the user's row lock. */
async function checkSecondFactor(tx: Tx, clock: Clock, userId: string, code: string): Promise<'totp' | 'recovery' | null> {
	const [user] = await tx<{ totpKey: Uint8Array | null; totpLastStep: string | null }[]>`
		select totp_key, totp_last_step from users where id = ${userId} for update`;
	if (!user?.totpKey) return null;
	const step = matchTotp(decrypt(user.totpKey), code, clock, user.totpLastStep === null ? null : BigInt(user.totpLastStep));
	if (step !== null) {
		await tx`update users set totp_last_step = ${step.toString()} where id = ${userId}`;
		return 'totp';
	}
	const used = await tx`
		update recovery_codes set used_at = ${clock.now()}
		where user_id = ${userId} and code_hash = ${hashRecoveryCode(code)} and used_at is null
		returning id`;
	return used.length === 1 ? 'recovery' : null;
}

export type EnableTotpResult =
	{ ok: true; codes: string[]; session: SessionCookies | null } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'ended' };

/**
 * Turns on TOTP after the user proved the new key with a code; returns the recovery codes to show
 * once. A session that owed this set-up (a beheerder's) completes its sign-in here and is replaced
 * by a new, verified one (new token: `session`). A session that was already complete gains no
 * rights and keeps its token (replacing it would end the live connections of its open tabs).
 */
export async function enableTotp(
	deps: AuthDeps,
	auth: AuthContext,
	key: Uint8Array,
	code: string,
	origin: RequestOrigin
): Promise<EnableTotpResult> {
	const step = matchTotp(key, code, deps.clock, null);
	if (step === null) return { ok: false, reason: 'invalid' };
	const codes = generateRecoveryCodes();
	try {
		const rotated = await deps.sql.begin(async (tx) => {
			await tx`
				update users set totp_key = ${encrypt(key)}, totp_last_step = ${step.toString()}, totp_enabled_at = ${deps.clock.now()},
				       totp_setup_required = false
				where id = ${auth.user.id}`;
			await replaceRecoveryCodes(tx, auth.user.id, codes);
			let session: { token: string; expiresAt: Date } | null = null;
			if (auth.stage === 'complete') {
				await tx`update sessions set two_factor_verified = true where id = ${auth.session.id}`;
			} else {
				session = await rotateSession(tx, auth.session, deps.sessionTtlMs, deps.clock, deps.sessionMaxMs);
				if (!session) throw new SessionEndedError();
			}
			await audit(tx, actorOf(auth, origin), 'auth.totp_enabled', { type: 'user', id: auth.user.id });
			return session;
		});
		return { ok: true, codes, session: rotated && { ...rotated, device: issueDeviceCookie(auth.user.id, deps.clock) } };
	} catch (error) {
		if (error instanceof SessionEndedError) return { ok: false, reason: 'ended' };
		throw error;
	}
}

/** The current password and a current code from the authenticator app. */
export interface Reauthentication {
	password: string;
	code: string;
}

export type ReauthResult<T> =
	{ ok: true; value: T } | { ok: false; reason: 'invalid'; fields: { password?: string; code?: string } } | Refusal;

/**
 * Runs a sensitive change to the user's second factor only after the user proved it is them again:
 * the current password and a current TOTP code (not a recovery code; a code is used once). Shares
 * the second factor's budget per user; every refusal is audited.
 */
async function reauthenticated<T>(
	deps: AuthDeps,
	auth: AuthContext,
	proof: Reauthentication,
	origin: RequestOrigin,
	action: Extract<AuditAction, 'auth.totp_disabled' | 'auth.recovery_codes_renewed'>,
	change: (tx: Tx) => Promise<T>
): Promise<ReauthResult<T>> {
	const actor = actorOf(auth, origin);
	const record = { type: 'user', id: auth.user.id };
	const refusal = await secondFactorBudget(deps, actor, auth.user.id, { action });
	if (refusal) return refusal;

	const [user] = await deps.sql<{ passwordHash: string }[]>`select password_hash from users where id = ${auth.user.id}`;
	const passwordOk = await verifyPassword(user?.passwordHash ?? null, proof.password);
	const outcome = await deps.sql.begin(async (tx): Promise<{ codeOk: boolean; value?: T }> => {
		const [row] = await tx<{ totpKey: Uint8Array | null; totpLastStep: string | null }[]>`
			select totp_key, totp_last_step from users where id = ${auth.user.id} for update`;
		const step = row?.totpKey
			? matchTotp(decrypt(row.totpKey), proof.code, deps.clock, row.totpLastStep === null ? null : BigInt(row.totpLastStep))
			: null;
		if (!passwordOk || step === null) return { codeOk: step !== null };
		await tx`update users set totp_last_step = ${step.toString()} where id = ${auth.user.id}`;
		const value = await change(tx);
		await audit(tx, actor, action, record);
		return { codeOk: true, value };
	});

	if (!passwordOk || !outcome.codeOk) {
		const reason = !passwordOk && !outcome.codeOk ? 'wrong_password_and_code' : passwordOk ? 'wrong_code' : 'wrong_password';
		await audit(deps.sql, actor, 'auth.reauthentication_failed', record, { action, reason });
		const fields: { password?: string; code?: string } = {};
		if (!passwordOk) fields.password = 'Dit wachtwoord klopt niet.';
		if (!outcome.codeOk) fields.code = 'Deze code klopt niet of is al gebruikt. Vul de nieuwste code uit uw app in.';
		return { ok: false, reason: 'invalid', fields };
	}
	await settle(deps.throttle.clear(SECOND_FACTOR_PER_USER, auth.user.id));
	return { ok: true, value: outcome.value as T };
}

/** Turns TOTP off after re-authentication (the route refuses beheerders, who must keep it). */
export function disableTotp(
	deps: AuthDeps,
	auth: AuthContext,
	proof: Reauthentication,
	origin: RequestOrigin
): Promise<ReauthResult<void>> {
	return reauthenticated(deps, auth, proof, origin, 'auth.totp_disabled', async (tx) => {
		await tx`update users set totp_key = null, totp_last_step = null, totp_enabled_at = null where id = ${auth.user.id}`;
		await tx`delete from recovery_codes where user_id = ${auth.user.id}`;
	});
}

/** After re-authentication, replaces the user's recovery codes with a fresh set and returns it. */
export function renewRecoveryCodes(
	deps: AuthDeps,
	auth: AuthContext,
	proof: Reauthentication,
	origin: RequestOrigin
): Promise<ReauthResult<string[]>> {
	return reauthenticated(deps, auth, proof, origin, 'auth.recovery_codes_renewed', async (tx) => {
		const codes = generateRecoveryCodes();
		await replaceRecoveryCodes(tx, auth.user.id, codes);
		return codes;
	});
}

async function replaceRecoveryCodes(tx: Db, userId: string, codes: string[]): Promise<void> {
	await tx`delete from recovery_codes where user_id = ${userId}`;
	await tx`insert into recovery_codes ${tx(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })))}`;
}

/**
 * Ends this session, or with everywhere=true every session of the user; returns the ended ids so
 * the caller can close their sockets.
 */
export async function signOut(deps: AuthDeps, auth: AuthContext, everywhere: boolean, origin: RequestOrigin): Promise<string[]> {
	const ended = everywhere
		? await invalidateUserSessions(deps.sql, auth.user.id)
		: (await invalidateSession(deps.sql, auth.session.id), [auth.session.id]);
	await audit(
		deps.sql,
		actorOf(auth, origin),
		everywhere ? 'auth.sign_out_everywhere' : 'auth.sign_out',
		{
			type: 'user',
			id: auth.user.id
		},
		{ sessions: ended.length }
	);
	return ended;
}

/** The dependencies wired to this process's database, Redis and clock. */
export function makeAuthDeps(
	sql: Sql,
	redis: Redis,
	prefix: string,
	clock: Clock,
	sessionTtlHours: number,
	sessionMaxHours = env().SESSION_MAX_HOURS
): AuthDeps {
	return {
		sql,
		throttle: new Throttle(redis, prefix, clock),
		clock,
		sessionTtlMs: sessionTtlHours * 3600_000,
		sessionMaxMs: sessionMaxHours * 3600_000
	};
}
