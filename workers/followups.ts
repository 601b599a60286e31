import { DelayedError, type Job, type Queue } from 'bullmq';
import { z } from 'zod';
import { followupKind } from '../src/lib/server/followups/kinds.ts';
import { fireFollowup, reconcileFollowups, type FollowupResult } from '../src/lib/server/followups/runner.ts';
import { ensureCheckins } from '../src/lib/server/checkins/schedule.ts';
import type { ServiceDeps } from '../src/lib/server/deps.ts';

const followupJob = z.object({ kind: z.string(), stage: z.string(), id: z.uuid() });

/** A job of the followups queue that names no known kind. */
export class UnknownFollowupJobError extends Error {
	override name = 'UnknownFollowupJobError';
}

/**
 * The processor of the 'followups' queue: 'followup' fires one stage of one item of any kind, the
 * acceptance SLA's included (idempotent, see fireFollowup); 'reconcile' re-derives every due stage
 * from PostgreSQL. A stage that is not due
 * yet goes back to the delayed set until it is.
 */
export function followupsProcessor(deps: ServiceDeps & { queue: Queue }) {
	return async (job: Job, token?: string): Promise<FollowupResult | Awaited<ReturnType<typeof reconcileFollowups>>> => {
		if (job.name === 'reconcile') {
			await ensureCheckins(deps);
			return reconcileFollowups(deps, deps.queue);
		}
		const data = followupJob.safeParse(job.data);
		const kind = data.success ? followupKind(data.data.kind) : undefined;
		if (job.name !== 'followup' || !data.success || !kind || !kind.stages.includes(data.data.stage)) {
			throw new UnknownFollowupJobError(`unknown job "${job.name}" on the followups queue`);
		}
		const result = await fireFollowup(deps, kind, data.data.stage, data.data.id);
		if (result.outcome === 'not_due' && token) {
			await job.moveToDelayed(result.dueAt.getTime(), token);
			throw new DelayedError();
		}
		return result;
	};
}
