import type { Job } from 'bullmq';
import { log } from '../src/lib/server/log.ts';
import { publishDuePeriods } from '../src/lib/server/dashboard/publish.ts';
import type { ServiceDeps } from '../src/lib/server/deps.ts';

/** A job of the dashboard queue that is not a publication. */
export class UnknownDashboardJobError extends Error {
	override name = 'UnknownDashboardJobError';
}

/**
 * The processor of the 'dashboard' queue: 'publish' publishes every period of four weeks that has
 * ended and is not published yet (nightly, and at start). Figures change only then.
 */
export function dashboardProcessor(deps: ServiceDeps) {
	return async (job: Job): Promise<{ published: string[] }> => {
		if (job.name !== 'publish') throw new UnknownDashboardJobError(`unknown job "${job.name}" on the dashboard queue`);
		const published = await publishDuePeriods(deps);
		if (published.length) log().info({ published }, 'doorstroom figures published');
		return { published };
	};
}
