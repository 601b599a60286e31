import type { Db } from '../db/client.ts';
import type { StoredEvent } from '../events/log.ts';
import type { StoredNotification } from '../notifications/service.ts';

/** The stages of most kinds: first remind the owner of an overdue item, then escalate to the coordinators. */
export const FOLLOWUP_STAGES = ['remind', 'escalate'] as const;
export type FollowupStage = (typeof FOLLOWUP_STAGES)[number];

/** A stage of an item that has not fired yet. */
export interface PendingFollowup<S extends string = FollowupStage> {
	kind: string;
	stage: S;
	id: string;
	dueAt: Date;
}

/**
 * What one stage did inside its transaction; sent live by the runner after commit. `superseded`:
 * the stage was marked fired without telling anyone, because a later stage of the item is due too
 * (after an outage one notice, not several at once).
 */
export type StageOutcome =
	| { outcome: 'fired'; stored: StoredNotification[]; events: StoredEvent[] }
	| { outcome: 'superseded' }
	| { outcome: 'done' }
	| { outcome: 'not_due'; dueAt: Date };

/**
 * One kind of follow-up (a V&V condition, a safety check-in, the acceptance SLA of an offer, …).
 * Its rows store when each stage is due and when it fired; `fire` runs inside the runner's
 * transaction and must: lock the item, return `done` when the item is finished or the stage already
 * fired, `not_due` when it is early, and otherwise mark the stage fired with a conditional update
 * and store its notifications (dedupe key `followupKey(kind, stage, id)`) and events. Repeating it
 * is then harmless.
 */
export interface FollowupKind<S extends string = FollowupStage> {
	/** Lowercase letters and dashes; part of job ids and dedupe keys. */
	name: string;
	/** Its stages, in order; a job naming another stage is refused. */
	stages: readonly S[];
	/** Unfired stages of unfinished items due before `until`, oldest first, at most `limit`. */
	pending(sql: Db, until: Date, limit: number): Promise<PendingFollowup<S>[]>;
	/**
	 * The unfired stages of one item, however far ahead. Only for a kind whose first stage can fall
	 * due before the next reconciliation: its service enqueues them after commit (see enqueue.ts).
	 */
	pendingOf?(sql: Db, id: string): Promise<PendingFollowup<S>[]>;
	fire(tx: Db, stage: S, id: string, now: Date): Promise<StageOutcome>;
}

/** Any kind, whatever its stages: what the registry and the runner hold. */
export type AnyFollowupKind = FollowupKind<string>;

/** The dedupe key of a stage's notifications: the database stores each at most once per user. */
export function followupKey(kind: string, stage: string, id: string): string {
	return `${kind}.${stage}:${id}`;
}
