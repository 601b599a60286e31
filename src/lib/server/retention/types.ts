import type { Db } from '../db/client.ts';
import type { RetentionPolicy } from './policy.ts';

/** Rows that are due, and when the period of the oldest of them started. */
export interface DueRows {
	count: number;
	oldest: Date | null;
}

/**
 * One kind of data with a retention period (expired sessions, read notifications, the texts of
 * closed cases, …). A row is due when its period started before the cutoff; the set of due rows
 * can only shrink while a run goes on (the cutoff is fixed for the run). `apply` runs inside the
 * runner's transaction, takes at most `limit` due rows (skipping rows locked by someone else),
 * removes or pseudonymises them so that they are no longer due, and returns how many: repeating
 * it is harmless, and it needs only SELECT, UPDATE and DELETE.
 */
export interface RetentionKind {
	/** Stable id: the audit row's record id and the CLI's first column. */
	id: string;
	/** Dutch, for the audit log: what is removed. */
	label: string;
	effect: 'deleted' | 'pseudonymised';
	/** Rows whose period started before this moment are due. */
	cutoff(now: Date, policy: RetentionPolicy): Date;
	due(sql: Db, cutoff: Date): Promise<DueRows>;
	apply(tx: Db, cutoff: Date, limit: number, now: Date): Promise<number>;
}
