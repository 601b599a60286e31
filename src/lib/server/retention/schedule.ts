import type { Queue } from 'bullmq';
import { JOB_POLICIES } from '../jobs.ts';

/** The nightly run: 03:15 Amsterdam time, before the audit verification (04:00), the dashboard publication (05:30) and the working day. */
export const RETENTION_SCHEDULE = { pattern: '15 3 * * *', tz: 'Europe/Amsterdam' } as const;
export const RETENTION_SCHEDULER_ID = 'retention-nightly';
export const RETENTION_JOB_NAME = 'retention';

/**
 * Upserts the nightly retention job scheduler on the 'retention' queue. BullMQ gives each run a
 * deterministic id (scheduler and moment), so any number of workers upserting it yields one job
 * per night; a repeated or concurrent run is harmless anyway (runRetention is idempotent).
 */
export async function scheduleRetention(queue: Queue): Promise<void> {
	await queue.upsertJobScheduler(RETENTION_SCHEDULER_ID, RETENTION_SCHEDULE, {
		name: RETENTION_JOB_NAME,
		data: {},
		opts: JOB_POLICIES.rollup
	});
}
