import type { Job } from 'bullmq';
import { log } from '../src/lib/server/log.ts';
import { takeDueWaitingSnapshots } from '../src/lib/server/waiting/snapshot.ts';
import type { ServiceDeps } from '../src/lib/server/deps.ts';

/** A job of the rollups queue that names no known rollup. */
export class UnknownRollupJobError extends Error {
	override name = 'UnknownRollupJobError';
}

/**
 * The processor of the 'rollups' queue: 'waiting-snapshot' takes the daily waiting-time snapshot
 * (yesterday, plus missing days of the week before; idempotent, so repeats and several workers are
 * harmless).
 */
export function rollupsProcessor(deps: ServiceDeps) {
	return async (job: Job): Promise<{ days: string[]; changed: number }> => {
		if (job.name !== 'waiting-snapshot') throw new UnknownRollupJobError(`unknown job "${job.name}" on the rollups queue`);
		const result = await takeDueWaitingSnapshots(deps);
		if (result.changed) log().info(result, 'waiting snapshot taken');
		return result;
	};
}
