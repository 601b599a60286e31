import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { env } from '../env.ts';
import { sha256Hex } from './crypto.ts';
import type { OrganisationKind, Role } from './roles.ts';

export interface Membership {
	organisationId: string;
	name: string;
	kind: OrganisationKind;
	roles: Role[];
}

/** Where a signed-in session stands: fully in, or still owing a second factor. */
export type SessionStage = 'complete' | 'needs_2fa' | 'needs_2fa_setup';

export interface AuthContext {
	session: { id: string; expiresAt: Date; signedInAt: Date; twoFactorVerified: boolean };
	user: { id: string; email: string; name: string; totpEnabled: boolean };
	memberships: Membership[];
	active: Membership | null;
	stage: SessionStage;
}

export interface SessionValidation {
	auth: AuthContext;
	/** True when the expiry moved: the cookie must be sent again with the new expiry. */
	renewed: boolean;
}

/** 20 random bytes as lower-case base32: the secret that goes into the cookie. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The session id stored in the database: SHA-256 of the token. */
export function sessionIdFromToken(token: string): string {
	return sha256Hex(token);
}

export interface NewSession {
	userId: string;
	twoFactorVerified: boolean;
	ip: string | null;
	userAgent: string | null;
	/** The organisation the session acts for when the user belongs to it; else the first one. */
	organisationId?: string;
}

/** SESSION_MAX_HOURS in ms: how long a session may last from its sign-in, however it slides. */
export function sessionMaxMs(): number {
	return env().SESSION_MAX_HOURS * 3600_000;
}

/** When a session signed in at signedInAt and last seen now expires: the sliding expiry, never past the absolute maximum. */
function expiryAt(now: number, signedInAt: Date, ttlMs: number, maxMs: number): Date {
	return new Date(Math.min(now + ttlMs, signedInAt.getTime() + maxMs));
}

/**
 * Creates a session acting for the given organisation of the user, or else the user's first; returns the token for the cookie (only
 * its hash is stored) and the user's memberships.
 */
export async function createSession(
	sql: Db,
	input: NewSession,
	ttlMs: number,
	clock: Clock,
	maxMs = sessionMaxMs()
): Promise<{ token: string; id: string; expiresAt: Date; active: Membership | null; memberships: Membership[] }> {
	const token = generateSessionToken();
	const id = sessionIdFromToken(token);
	const now = clock.now();
	const expiresAt = expiryAt(now.getTime(), now, ttlMs, maxMs);
	const memberships = await membershipsOf(sql, input.userId);
	const first = memberships.find((m) => m.organisationId === input.organisationId) ?? memberships[0];
	await sql`
		insert into sessions (id, user_id, active_organisation_id, two_factor_verified, expires_at, created_at, signed_in_at, ip, user_agent)
		values (${id}, ${input.userId}, ${first?.organisationId ?? null}, ${input.twoFactorVerified}, ${expiresAt}, ${now}, ${now},
		        ${input.ip}, ${input.userAgent?.slice(0, 400) ?? null})`;
	return { token, id, expiresAt, active: first ?? null, memberships };
}

/**
 * Replaces a session by a new one with a new token (after the second factor): the old row is
 * deleted in the same statement, the new one keeps its organisation, origin and sign-in moment (so
 * the absolute maximum still counts from the sign-in) and is two-factor verified. Null when the
 * old session no longer exists.
 */
export async function rotateSession(
	sql: Db,
	session: AuthContext['session'],
	ttlMs: number,
	clock: Clock,
	maxMs = sessionMaxMs()
): Promise<{ token: string; id: string; expiresAt: Date } | null> {
	const token = generateSessionToken();
	const id = sessionIdFromToken(token);
	const now = clock.now();
	const expiresAt = expiryAt(now.getTime(), session.signedInAt, ttlMs, maxMs);
	if (expiresAt <= now) return null;
	const rows = await sql`
		with old as (delete from sessions where id = ${session.id} returning *)
		insert into sessions (id, user_id, active_organisation_id, two_factor_verified, expires_at, created_at, signed_in_at, ip, user_agent)
		select ${id}, user_id, active_organisation_id, true, ${expiresAt}, ${now}, signed_in_at, ip, user_agent from old
		returning id`;
	return rows.length === 1 ? { token, id, expiresAt } : null;
}

/**
 * Looks up the session behind a cookie token. Sessions past their expiry or past the absolute
 * maximum (maxMs from the sign-in) are deleted; a session past half its lifetime slides forward by
 * the full lifetime (sliding expiry), but never beyond the absolute maximum.
 */
export async function validateSessionToken(
	sql: Db,
	token: string,
	ttlMs: number,
	clock: Clock,
	maxMs = sessionMaxMs()
): Promise<SessionValidation | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = sessionIdFromToken(token);
	const [row] = await sql<
		{
			expiresAt: Date;
			signedInAt: Date;
			twoFactorVerified: boolean;
			activeOrganisationId: string | null;
			userId: string;
			email: string;
			name: string;
			totpEnabled: boolean;
			totpSetupRequired: boolean;
		}[]
	>`
		select s.expires_at, s.signed_in_at, s.two_factor_verified, s.active_organisation_id,
		       u.id as user_id, u.email, u.name, u.totp_enabled_at is not null as totp_enabled, u.totp_setup_required
		from sessions s join users u on u.id = s.user_id
		where s.id = ${id} and u.disabled_at is null`;
	if (!row) return null;
	const now = clock.now().getTime();
	const absoluteEnd = row.signedInAt.getTime() + maxMs;
	if (now >= row.expiresAt.getTime() || now >= absoluteEnd) {
		await sql`delete from sessions where id = ${id}`;
		return null;
	}
	let expiresAt = row.expiresAt;
	if (expiresAt.getTime() - now < ttlMs / 2 || expiresAt.getTime() > absoluteEnd) {
		expiresAt = expiryAt(now, row.signedInAt, ttlMs, maxMs);
	}
	const renewed = expiresAt.getTime() !== row.expiresAt.getTime();
	if (renewed) await sql`update sessions set expires_at = ${expiresAt} where id = ${id}`;
	const memberships = await membershipsOf(sql, row.userId);
	const active =
		memberships.find((m) => m.organisationId === row.activeOrganisationId) ?? (memberships.length === 1 ? memberships[0] : null);
	const stage = sessionStage(row.totpEnabled, row.twoFactorVerified, memberships, row.totpSetupRequired);
	return {
		renewed,
		auth: {
			session: { id, expiresAt, signedInAt: row.signedInAt, twoFactorVerified: row.twoFactorVerified },
			user: { id: row.userId, email: row.email, name: row.name, totpEnabled: row.totpEnabled },
			memberships,
			active,
			stage
		}
	};
}

/**
 * Where a session stands: owing a code, owing the set-up a beheerder must do (or anyone whose second
 * factor a beheerder reset: setupRequired), or complete.
 */
export function sessionStage(
	totpEnabled: boolean,
	twoFactorVerified: boolean,
	memberships: Membership[],
	setupRequired = false
): SessionStage {
	if (totpEnabled && !twoFactorVerified) return 'needs_2fa';
	if (!totpEnabled && (setupRequired || memberships.some((m) => m.roles.includes('beheerder')))) return 'needs_2fa_setup';
	return 'complete';
}

/** The organisations a user belongs to, each with the user's roles there (ended organisations left out). */
export async function membershipsOf(sql: Db, userId: string): Promise<Membership[]> {
	return sql<Membership[]>`
		select o.id as organisation_id, o.name, o.kind::text as kind,
		       array_agg(m.role::text order by m.role) as roles
		from memberships m join organisations o on o.id = m.organisation_id
		where m.user_id = ${userId} and o.ended_at is null
		group by o.id order by o.name`;
}

/** Ends one session. */
export async function invalidateSession(sql: Db, sessionId: string): Promise<void> {
	await sql`delete from sessions where id = ${sessionId}`;
}

/**
 * Ends every session of a user but one (after a password change) and announces the user on the
 * access channel, so the portals close the sockets of the ended sessions at once (013).
 */
export async function endOtherSessions(sql: Db, userId: string, keepSessionId: string): Promise<number> {
	const rows = await sql`delete from sessions where user_id = ${userId} and id <> ${keepSessionId} returning id`;
	await sql`select pg_notify('ketentafel_access', ${userId}::text)`;
	return rows.length;
}

/** Ends every session of a user; returns the ids that were ended. */
export async function invalidateUserSessions(sql: Db, userId: string): Promise<string[]> {
	const rows = await sql<{ id: string }[]>`delete from sessions where user_id = ${userId} returning id`;
	return rows.map((r) => r.id);
}

/** Switches the session's active organisation; false when the user is no member of it. */
export async function setActiveOrganisation(sql: Db, sessionId: string, userId: string, organisationId: string): Promise<boolean> {
	const rows = await sql`
		update sessions set active_organisation_id = ${organisationId}
		where id = ${sessionId} and user_id = ${userId}
		  and exists (select 1 from memberships where user_id = ${userId} and organisation_id = ${organisationId})
		returning id`;
	return rows.length === 1;
}

/** Removes expired sessions (housekeeping). */
export async function deleteExpiredSessions(sql: Db, clock: Clock): Promise<number> {
	const rows = await sql`delete from sessions where expires_at <= ${clock.now()} returning id`;
	return rows.length;
}
