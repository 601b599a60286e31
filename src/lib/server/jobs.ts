import type { JobsOptions } from 'bullmq';

/**
 * The retry policy of every job kind. Follow-up stages (the acceptance SLA's among them) retry with
 * exponential backoff (a failed attempt changed nothing: the handler is one transaction) and stay
 * visible as failed afterwards; scheduler-driven jobs do not retry, the next run comes anyway.
 */
export const JOB_POLICIES = {
	heartbeat: { attempts: 1, removeOnComplete: 100, removeOnFail: 500 },
	followup: {
		attempts: 5,
		backoff: { type: 'exponential', delay: 1000 },
		// completed stages free their deterministic id; failed ones stay a week for /beheer/wachtrijen
		removeOnComplete: true,
		removeOnFail: { age: 7 * 24 * 3600 }
	},
	// daily and rollup jobs: retried a few times, the next scheduled run repairs anything left
	rollup: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 50, removeOnFail: { age: 7 * 24 * 3600 } },
	reconcile: { attempts: 2, backoff: { type: 'fixed', delay: 5000 }, removeOnComplete: 50, removeOnFail: 500 },
	// one e-mail: retried for about an hour (30 s, 1, 2, 4, 8, 16 min) while the SMTP server is away, then recorded as failed
	email: {
		attempts: 7,
		backoff: { type: 'exponential', delay: 30_000 },
		removeOnComplete: true,
		removeOnFail: { age: 7 * 24 * 3600 }
	}
} satisfies Record<string, JobsOptions>;
