import { env, type Env } from '../env.ts';

/** What replaces a free text or person label of a case once its retention period has passed. */
export const RETENTION_MARKER = '[verwijderd na bewaartermijn]';

/** The retention periods (days of 24 hours) and the batch size; the defaults live in env.ts. */
export interface RetentionPolicy {
	/** Free texts and person labels of a closed case, counted from the end of its monitoring. */
	caseTextDays: number;
	/** Read notifications, counted from when they were sent. */
	readNotificationDays: number;
	/** Unread notifications, counted from when they were sent. */
	unreadNotificationDays: number;
	/** Name and hash of a revoked API token, counted from the revocation. */
	revokedTokenDays: number;
	/** Rows (cases, for the case texts) one transaction changes at most. */
	batchSize: number;
}

/** The retention policy of this deployment (RETENTION_* in the environment). */
export function retentionPolicy(config: Env = env()): RetentionPolicy {
	return {
		caseTextDays: config.RETENTION_CASE_TEXT_DAYS,
		readNotificationDays: config.RETENTION_READ_NOTIFICATION_DAYS,
		unreadNotificationDays: config.RETENTION_UNREAD_NOTIFICATION_DAYS,
		revokedTokenDays: config.RETENTION_REVOKED_TOKEN_DAYS,
		batchSize: config.RETENTION_BATCH_SIZE
	};
}

/** The moment `days` periods of 24 hours before `now`. */
export function daysBefore(now: Date, days: number): Date {
	return new Date(now.getTime() - days * 86_400_000);
}
