import type { Job } from 'bullmq';
import { log } from '../src/lib/server/log.ts';
import { runRetention } from '../src/lib/server/retention/run.ts';
import { RETENTION_JOB_NAME } from '../src/lib/server/retention/schedule.ts';
import type { ServiceDeps } from '../src/lib/server/deps.ts';

/** A job of the retention queue that is not the nightly run. */
export class UnknownRetentionJobError extends Error {
	override name = 'UnknownRetentionJobError';
}

/**
 * The processor of the 'retention' queue: applies the retention policy at the clock's now
 * (audited per kind). Returns the counts per kind, which is all that BullMQ keeps of a run.
 */
export function retentionProcessor(deps: ServiceDeps) {
	return async (job: Job): Promise<Record<string, number>> => {
		if (job.name !== RETENTION_JOB_NAME) throw new UnknownRetentionJobError(`unknown job "${job.name}" on the retention queue`);
		const report = await runRetention(deps, { via: 'job' });
		const counts = Object.fromEntries(report.kinds.map((k) => [k.kind, k.count]));
		log().info({ counts }, 'retention applied');
		return counts;
	};
}
