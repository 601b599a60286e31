import type { Db } from '../db/client.ts';
import { daysBefore, RETENTION_MARKER } from './policy.ts';
import type { RetentionKind } from './types.ts';

/** What replaces the hash of a long-revoked token: never a SHA-256 hex digest, so no token matches it. */
const REMOVED_HASH_PREFIX = 'verwijderd:';

const due = (sql: Db, cutoff: Date) => sql`revoked_at < ${cutoff} and token_hash not like ${REMOVED_HASH_PREFIX + '%'}`;

/**
 * API tokens revoked longer than RETENTION_REVOKED_TOKEN_DAYS ago: the row stays (the audit log
 * refers to it, with the organisation, scopes and dates), its name and hash go. A request with
 * the old token is then refused as an unknown token instead of a revoked one.
 */
export const revokedApiTokens: RetentionKind = {
	id: 'api_tokens',
	label: 'naam en hash van lang ingetrokken API-tokens',
	effect: 'pseudonymised',
	cutoff: (now, policy) => daysBefore(now, policy.revokedTokenDays),
	async due(sql, cutoff) {
		const [row] = await sql<{ count: number; oldest: Date | null }[]>`
			select count(*)::int as count, min(revoked_at) as oldest from api_tokens where ${due(sql, cutoff)}`;
		return row;
	},
	async apply(tx, cutoff, limit) {
		const changed = await tx`
			update api_tokens set name = ${RETENTION_MARKER}, token_hash = ${REMOVED_HASH_PREFIX} || id::text
			where id in (select id from api_tokens where ${due(tx, cutoff)} order by revoked_at, id limit ${limit} for update skip locked)`;
		return changed.count;
	}
};
