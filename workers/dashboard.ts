import type { Job } from 'bullmq';
import type { Sql } from '../src/lib/server/db/client.ts';
import type { Clock } from '../src/lib/server/clock.ts';
import { refreshDashboard } from '../src/lib/server/dashboard/refresh.ts';

/** A job of the dashboard queue that is not a refresh. */
export class UnknownDashboardJobError extends Error {
	override name = 'UnknownDashboardJobError';
}

/**
 * The processor of the 'dashboard' queue: 'refresh' recomputes the current and previous week's
 * rollups (frequently, so the dashboards follow the chain live); 'refresh-all' the whole history
 * (nightly and at start, for late changes to older weeks).
 */
export function dashboardProcessor(deps: { sql: Sql; clock: Clock }) {
	return async (job: Job) => {
		if (job.name === 'refresh') return refreshDashboard(deps);
		if (job.name === 'refresh-all') return refreshDashboard(deps, true);
		throw new UnknownDashboardJobError(`unknown job "${job.name}" on the dashboard queue`);
	};
}
