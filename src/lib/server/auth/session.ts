import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
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
	session: { id: string; expiresAt: Date; twoFactorVerified: boolean };
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
}

/** Creates a session acting for the user's first organisation; returns the token for the cookie (only its hash is stored). */
export async function createSession(
	sql: Db,
	input: NewSession,
	ttlMs: number,
	clock: Clock
): Promise<{ token: string; id: string; expiresAt: Date; active: Membership | null }> {
	const token = generateSessionToken();
	const id = sessionIdFromToken(token);
	const now = clock.now();
	const expiresAt = new Date(now.getTime() + ttlMs);
	const [first] = await membershipsOf(sql, input.userId);
	await sql`
		insert into sessions (id, user_id, active_organisation_id, two_factor_verified, expires_at, created_at, ip, user_agent)
		values (${id}, ${input.userId}, ${first?.organisationId ?? null}, ${input.twoFactorVerified}, ${expiresAt}, ${now},
		        ${input.ip}, ${input.userAgent?.slice(0, 400) ?? null})`;
	return { token, id, expiresAt, active: first ?? null };
}

/**
 * Looks up the session behind a cookie token. Expired sessions are deleted; a session past half its
 * lifetime slides forward by the full lifetime (sliding expiry).
 */
export async function validateSessionToken(
	sql: Db,
	token: string,
	ttlMs: number,
	clock: Clock
): Promise<SessionValidation | null> {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const id = sessionIdFromToken(token);
	const [row] = await sql<
		{
			expiresAt: Date;
			twoFactorVerified: boolean;
			activeOrganisationId: string | null;
			userId: string;
			email: string;
			name: string;
			totpEnabled: boolean;
		}[]
	>`
		select s.expires_at, s.two_factor_verified, s.active_organisation_id,
		       u.id as user_id, u.email, u.name, u.totp_enabled_at is not null as totp_enabled
		from sessions s join users u on u.id = s.user_id
		where s.id = ${id} and u.disabled_at is null`;
	if (!row) return null;
	const now = clock.now().getTime();
	if (now >= row.expiresAt.getTime()) {
		await sql`delete from sessions where id = ${id}`;
		return null;
	}
	let expiresAt = row.expiresAt;
	let renewed = false;
	if (expiresAt.getTime() - now < ttlMs / 2) {
		expiresAt = new Date(now + ttlMs);
		renewed = true;
		await sql`update sessions set expires_at = ${expiresAt} where id = ${id}`;
	}
	const memberships = await membershipsOf(sql, row.userId);
	const active =
		memberships.find((m) => m.organisationId === row.activeOrganisationId) ??
		(memberships.length === 1 ? memberships[0] : null);
	const isBeheerder = memberships.some((m) => m.roles.includes('beheerder'));
	const stage: SessionStage =
		row.totpEnabled && !row.twoFactorVerified
			? 'needs_2fa'
			: isBeheerder && !row.totpEnabled
				? 'needs_2fa_setup'
				: 'complete';
	return {
		renewed,
		auth: {
			session: { id, expiresAt, twoFactorVerified: row.twoFactorVerified },
			user: { id: row.userId, email: row.email, name: row.name, totpEnabled: row.totpEnabled },
			memberships,
			active,
			stage
		}
	};
}

/** The organisations a user belongs to, each with the user's roles there. */
export async function membershipsOf(sql: Db, userId: string): Promise<Membership[]> {
	return sql<Membership[]>`
		select o.id as organisation_id, o.name, o.kind::text as kind,
		       array_agg(m.role::text order by m.role) as roles
		from memberships m join organisations o on o.id = m.organisation_id
		where m.user_id = ${userId}
		group by o.id order by o.name`;
}

/** Ends one session. */
export async function invalidateSession(sql: Db, sessionId: string): Promise<void> {
	await sql`delete from sessions where id = ${sessionId}`;
}

/** Ends every session of a user; returns the ids that were ended. */
export async function invalidateUserSessions(sql: Db, userId: string): Promise<string[]> {
	const rows = await sql<{ id: string }[]>`delete from sessions where user_id = ${userId} returning id`;
	return rows.map((r) => r.id);
}

/** Marks the second factor as done for this session. */
export async function markTwoFactorVerified(sql: Db, sessionId: string): Promise<void> {
	await sql`update sessions set two_factor_verified = true where id = ${sessionId}`;
}

/** Switches the session's active organisation; false when the user is no member of it. */
export async function setActiveOrganisation(
	sql: Db,
	sessionId: string,
	userId: string,
	organisationId: string
): Promise<boolean> {
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
