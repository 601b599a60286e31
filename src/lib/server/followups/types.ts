import type { Db } from '../db/client.ts';
import type { StoredEvent } from '../events/log.ts';
import type { StoredNotification } from '../notifications/service.ts';

/** A follow-up first reminds the owner of an overdue item, then escalates to the coordinators. */
export const FOLLOWUP_STAGES = ['remind', 'escalate'] as const;
export type FollowupStage = (typeof FOLLOWUP_STAGES)[number];

/** A stage of an item that has not fired yet. */
export interface PendingFollowup {
	kind: string;
	stage: FollowupStage;
	id: string;
	dueAt: Date;
}

/** What one stage did inside its transaction; sent live by the runner after commit. */
export type StageOutcome =
	| { outcome: 'fired'; stored: StoredNotification[]; events: StoredEvent[] }
	| { outcome: 'done' }
	| { outcome: 'not_due'; dueAt: Date };

/**
 * One kind of follow-up (a V&V condition, a safety check-in, …). Its rows store when each stage is
 * due and when it fired; `fire` runs inside the runner's transaction and must: lock the item, return
 * `done` when the item is finished or the stage already fired, `not_due` when it is early, and
 * otherwise mark the stage fired with a conditional update and store its notifications (dedupe key
 * `followupKey(kind, stage, id)`) and events. Repeating it is then harmless.
 */
export interface FollowupKind {
	/** Lowercase letters and dashes; part of job ids and dedupe keys. */
	name: string;
	/** Unfired stages of unfinished items due before `until`, oldest first, at most `limit`. */
	pending(sql: Db, until: Date, limit: number): Promise<PendingFollowup[]>;
	fire(tx: Db, stage: FollowupStage, id: string, now: Date): Promise<StageOutcome>;
}

/** The dedupe key of a stage's notifications: the database stores each at most once per user. */
export function followupKey(kind: string, stage: FollowupStage, id: string): string {
	return `${kind}.${stage}:${id}`;
}
