import { deleteExpiredSessions } from '../auth/session.ts';
import type { RetentionKind } from './types.ts';

/**
 * Expired sessions, with the IP address and browser they were signed in from: deleted as soon as
 * they expired (a session lives at most SESSION_MAX_HOURS). The sign-in itself stays in the audit log.
 */
export const expiredSessions: RetentionKind = {
	id: 'sessions',
	label: 'verlopen sessies (met IP-adres en browser)',
	effect: 'deleted',
	cutoff: (now) => now,
	async due(sql, cutoff) {
		const [row] = await sql<{ count: number; oldest: Date | null }[]>`
			select count(*)::int as count, min(expires_at) as oldest from sessions where expires_at <= ${cutoff}`;
		return row;
	},
	// auth's one home for this rule; a night's expired sessions are few, so one statement is one batch
	apply: (tx, cutoff) => deleteExpiredSessions(tx, { now: () => cutoff })
};
