import { DelayedError, type Job, type Queue } from 'bullmq';
import { z } from 'zod';
import type { Sql } from '../src/lib/server/db/client.ts';
import type { Clock } from '../src/lib/server/clock.ts';
import { fireTimer, TIMER_KINDS, type FireResult } from '../src/lib/server/sla/timers.ts';
import { reconcileTimers } from '../src/lib/server/sla/schedule.ts';

const timerJob = z.object({ handoverId: z.uuid() });

/** A job of the timers queue that is neither a timer nor reconciliation. */
export class UnknownTimerJobError extends Error {
	override name = 'UnknownTimerJobError';
}

/**
 * The processor of the 'timers' queue: 'sla-50', 'sla-90' and 'sla-due' fire one timer of one
 * handover (idempotent, see fireTimer); 'reconcile' re-derives every due timer from PostgreSQL.
 * A timer that is not due yet (its job came early) goes back to the delayed set until it is.
 */
export function timersProcessor(deps: { sql: Sql; clock: Clock; queue: Queue }) {
	return async (job: Job, token?: string): Promise<FireResult | Awaited<ReturnType<typeof reconcileTimers>>> => {
		if (job.name === 'reconcile') return reconcileTimers(deps, deps.queue);
		const kind = TIMER_KINDS.find((k) => k === job.name);
		if (!kind) throw new UnknownTimerJobError(`unknown job "${job.name}" on the timers queue`);
		const { handoverId } = timerJob.parse(job.data);
		const result = await fireTimer(deps, kind, handoverId);
		if (result.outcome === 'not_due' && token) {
			await job.moveToDelayed(result.dueAt.getTime(), token);
			throw new DelayedError();
		}
		return result;
	};
}
