import type { Queue } from 'bullmq';
import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { JOB_POLICIES } from '../jobs.ts';
import { log } from '../log.ts';
import { publish } from '../events/log.ts';
import { emitNotifications } from '../notifications/service.ts';
import { FOLLOWUP_KINDS } from './kinds.ts';
import type { AnyFollowupKind, FollowupKind, PendingFollowup } from './types.ts';
import type { ServiceDeps } from '../deps.ts';

/** The data of a follow-up job: ids only, never personal data. */
export interface FollowupJobData {
	kind: string;
	stage: string;
	id: string;
}

/** Deterministic BullMQ job id of a stage (BullMQ ids may not hold ":"). */
export function followupJobId(kind: string, stage: string, id: string): string {
	return `${kind}.${stage}-${id}`;
}

export type FollowupResult =
	{ outcome: 'fired'; notified: number } | { outcome: 'superseded' | 'done' } | { outcome: 'not_due'; dueAt: Date };

/**
 * Fires one stage of one item exactly once: the kind's `fire` runs in one transaction (lock,
 * conditional update, notifications unique per user and stage, events); after commit the new
 * notifications and events go out live. Safe from any number of workers, any number of times.
 */
export async function fireFollowup<S extends string>(
	deps: ServiceDeps,
	kind: FollowupKind<S>,
	stage: S,
	id: string
): Promise<FollowupResult> {
	const now = deps.clock.now();
	const result = await deps.sql.begin((tx) => kind.fire(tx, stage, id, now));
	if (result.outcome !== 'fired') return result;
	emitNotifications(result.stored);
	publish(result.events);
	return { outcome: 'fired', notified: result.stored.length };
}

/** Unfired stages of every kind due before `until`, oldest first. */
export async function pendingFollowups(
	sql: Db,
	until: Date,
	limit = 10_000,
	kinds: readonly AnyFollowupKind[] = FOLLOWUP_KINDS
): Promise<PendingFollowup<string>[]> {
	const all = (await Promise.all(kinds.map((k) => k.pending(sql, until, limit)))).flat();
	return all.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).slice(0, limit);
}

/** Fires every stage due at the clock's now (what tests drive with a ManualClock); returns how many fired. */
export async function fireDueFollowups(
	deps: ServiceDeps,
	kinds: readonly AnyFollowupKind[] = FOLLOWUP_KINDS,
	batch = 500
): Promise<number> {
	let fired = 0;
	const seen = new Set<string>();
	for (;;) {
		const due = (await pendingFollowups(deps.sql, deps.clock.now(), batch, kinds)).filter(
			(p) => !seen.has(followupJobId(p.kind, p.stage, p.id))
		);
		if (!due.length) return fired;
		for (const p of due) {
			seen.add(followupJobId(p.kind, p.stage, p.id));
			const kind = kinds.find((k) => k.name === p.kind);
			if (kind && (await fireFollowup(deps, kind, p.stage, p.id)).outcome === 'fired') fired++;
		}
	}
}

/** Enqueues stages as delayed jobs with deterministic ids (one already queued is left alone). */
export async function scheduleFollowups(queue: Queue, pending: PendingFollowup<string>[], clock: Clock): Promise<void> {
	for (let i = 0; i < pending.length; i += 1000) {
		const now = clock.now();
		await queue.addBulk(
			pending.slice(i, i + 1000).map((p) => ({
				name: 'followup',
				data: { kind: p.kind, stage: p.stage, id: p.id } satisfies FollowupJobData,
				opts: {
					...JOB_POLICIES.followup,
					jobId: followupJobId(p.kind, p.stage, p.id),
					delay: Math.max(0, p.dueAt.getTime() - now.getTime())
				}
			}))
		);
	}
}

/** How far ahead reconciliation enqueues follow-ups (more than its interval, so none is late by more than a run). */
export const FOLLOWUP_HORIZON_MS = 15 * 60_000;

/**
 * Reconciliation, re-derived from PostgreSQL: fires every due stage (whatever Redis lost) and
 * enqueues those due within the horizon. This run (every SLA_RECONCILE_SECONDS) is how most stages
 * reach the queue: their due dates are days away. Only a kind whose first stage can fall due sooner
 * (the acceptance SLA) is also enqueued by its service after commit (enqueue.ts).
 */
export async function reconcileFollowups(
	deps: ServiceDeps,
	queue: Queue,
	horizonMs = FOLLOWUP_HORIZON_MS
): Promise<{ fired: number; scheduled: number }> {
	const fired = await fireDueFollowups(deps);
	const upcoming = await pendingFollowups(deps.sql, new Date(deps.clock.now().getTime() + horizonMs), 100_000);
	await scheduleFollowups(queue, upcoming, deps.clock);
	if (fired) log().info({ fired, scheduled: upcoming.length }, 'reconciliation fired due follow-ups');
	return { fired, scheduled: upcoming.length };
}
