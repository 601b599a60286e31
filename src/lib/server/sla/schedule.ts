import type { Queue } from 'bullmq';
import type { Db } from '../db/client.ts';
import { JOB_POLICIES } from '../jobs.ts';
import { log } from '../log.ts';
import type { Clock } from '../clock.ts';
import { fireDueTimers, pendingTimers, timerJobId, TIMER_KINDS, type PendingTimer, type TimerDeps } from './timers.ts';

/** The data of a timer job: ids only, never personal data. */
export interface TimerJobData {
	handoverId: string;
}

/**
 * Enqueues timers as delayed jobs with deterministic ids: a timer already in the queue is left as
 * it is, so calling this again duplicates nothing. BullMQ fires a job at its add time plus its
 * delay, so each batch's delays are taken from the clock's now just before that batch is added.
 */
export async function scheduleTimers(queue: Queue, timers: PendingTimer[], clock: Clock): Promise<void> {
	for (let i = 0; i < timers.length; i += 1000) {
		const now = clock.now();
		await queue.addBulk(
			timers.slice(i, i + 1000).map((t) => ({
				name: t.kind,
				data: { handoverId: t.handoverId } satisfies TimerJobData,
				opts: { ...JOB_POLICIES['sla-timer'], jobId: timerJobId(t.kind, t.handoverId), delay: Math.max(0, t.dueAt.getTime() - now.getTime()) }
			}))
		);
	}
}

/** The pending timers of one handover (after an offer). */
export async function handoverTimers(sql: Db, handoverId: string): Promise<PendingTimer[]> {
	const [h] = await sql<{ remind50Due: Date | null; remind90Due: Date | null; respondBefore: Date; status: string }[]>`
		select remind_50_due, remind_90_due, respond_before, status::text as status from handovers where id = ${handoverId}`;
	if (!h || h.status !== 'open') return [];
	return [
		{ kind: 'sla-50' as const, handoverId, dueAt: h.remind50Due ?? h.respondBefore },
		{ kind: 'sla-90' as const, handoverId, dueAt: h.remind90Due ?? h.respondBefore },
		{ kind: 'sla-due' as const, handoverId, dueAt: h.respondBefore }
	];
}

/** Removes an answered or withdrawn offer's timers; the handlers ignore any that remain. */
export async function cancelTimers(queue: Queue, handoverId: string): Promise<void> {
	await Promise.all(TIMER_KINDS.map((kind) => queue.remove(timerJobId(kind, handoverId)).catch(() => 0)));
}

/** How far ahead reconciliation re-enqueues timers (more than its interval, so none is missed). */
export const RECONCILE_HORIZON_MS = 15 * 60_000;

/**
 * Reconciliation, re-derived from PostgreSQL: fires every timer that is due (whatever Redis lost)
 * and re-enqueues those due within the horizon. Idempotent; any number of workers may run it.
 */
export async function reconcileTimers(deps: TimerDeps, queue: Queue, horizonMs = RECONCILE_HORIZON_MS): Promise<{ fired: number; superseded: number; scheduled: number }> {
	const { fired, superseded } = await fireDueTimers(deps);
	const upcoming = await pendingTimers(deps.sql, new Date(deps.clock.now().getTime() + horizonMs), 100_000);
	await scheduleTimers(queue, upcoming, deps.clock);
	if (fired || superseded) log().info({ fired, superseded, scheduled: upcoming.length }, 'reconciliation fired due SLA timers');
	return { fired, superseded, scheduled: upcoming.length };
}
