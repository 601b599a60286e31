import type { RetentionKind } from './types.ts';
import { expiredSessions } from './sessions.ts';
import { readNotifications, unreadNotifications } from './notifications.ts';
import { closedCaseTexts } from './case-texts.ts';
import { revokedApiTokens } from './api-tokens.ts';

/** Every kind of data the retention job removes or pseudonymises, in the order a run applies them. */
export const RETENTION_KINDS: readonly RetentionKind[] = [
	expiredSessions,
	readNotifications,
	unreadNotifications,
	closedCaseTexts,
	revokedApiTokens
];
