import { z } from 'zod';
import { checkbox, endNotBeforeStart, pageCursor, period, referenceSearch } from '../lists/query.ts';

/** The query string of /meldingen: ?zoek=&ongelezen=ja&van=&tot=&na=. */
export const notificationListQuerySchema = z
	.object({
		zoek: referenceSearch,
		ongelezen: checkbox,
		...period('ontvangen'),
		na: pageCursor
	})
	.superRefine(endNotBeforeStart)
	.transform((q) => ({ search: q.zoek, unreadOnly: q.ongelezen, from: q.van, to: q.tot, cursor: q.na }));
export type NotificationListQuery = z.output<typeof notificationListQuerySchema>;
