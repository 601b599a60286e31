import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { sha256Hex } from './crypto.ts';

export type OneTimePurpose = 'invitation' | 'password_reset';

/** How long a link works: a reset link an hour, an invitation three days (a new one can be sent). */
export const ONE_TIME_VALIDITY_MS: Record<OneTimePurpose, number> = {
	password_reset: 60 * 60_000,
	invitation: 3 * 24 * 3600_000
};

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether a string looks like a one-time token at all (32 random bytes, base64url). */
export function isOneTimeToken(value: string): boolean {
	return TOKEN_PATTERN.test(value);
}

/**
 * Issues a one-time token for a link in an e-mail, in the caller's transaction: 32 random bytes,
 * of which only the SHA-256 is stored. Older unused tokens of the same purpose stop working.
 * Returns the token (for the link) and when it expires.
 */
export async function issueOneTimeToken(
	tx: Db,
	userId: string,
	purpose: OneTimePurpose,
	clock: Clock
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const now = clock.now();
	const expiresAt = new Date(now.getTime() + ONE_TIME_VALIDITY_MS[purpose]);
	await tx`update account_tokens set revoked_at = ${now} where user_id = ${userId} and purpose = ${purpose} and used_at is null and revoked_at is null`;
	await tx`insert into account_tokens (user_id, purpose, token_hash, created_at, expires_at) values (${userId}, ${purpose}, ${sha256Hex(token)}, ${now}, ${expiresAt})`;
	return { token, expiresAt };
}

/** What a token is for, when it still works: its account. */
export interface OneTimeHolder {
	tokenId: string;
	userId: string;
	email: string;
	name: string;
}

/** The account a token is valid for (unused, not replaced, not expired, account active), without using it. */
export async function peekOneTimeToken(sql: Db, token: string, purpose: OneTimePurpose, clock: Clock): Promise<OneTimeHolder | null> {
	if (!isOneTimeToken(token)) return null;
	const [row] = await sql<OneTimeHolder[]>`
		select t.id::text as token_id, u.id as user_id, u.email, u.name
		from account_tokens t join users u on u.id = t.user_id
		where t.token_hash = ${sha256Hex(token)} and t.purpose = ${purpose} and t.used_at is null and t.revoked_at is null
		  and t.expires_at > ${clock.now()} and u.disabled_at is null`;
	return row ?? null;
}

/**
 * Uses a token once, in the caller's transaction: the conditional update lets exactly one of two
 * concurrent uses through. Null when it is unknown, used, replaced, expired or its account disabled.
 */
export async function useOneTimeToken(tx: Db, token: string, purpose: OneTimePurpose, clock: Clock): Promise<OneTimeHolder | null> {
	const holder = await peekOneTimeToken(tx, token, purpose, clock);
	if (!holder) return null;
	const used = await tx`
		update account_tokens set used_at = ${clock.now()}
		where id = ${holder.tokenId} and used_at is null and revoked_at is null and expires_at > ${clock.now()} returning id`;
	return used.length === 1 ? holder : null;
}
