import type { Db } from '../db/client.ts';
import { daysBefore } from './policy.ts';
import type { RetentionKind } from './types.ts';

function notificationsOf(read: boolean): RetentionKind {
	const due = (sql: Db, cutoff: Date) => sql`(read_at is not null) = ${read} and created_at < ${cutoff}`;
	return {
		id: read ? 'notifications.read' : 'notifications.unread',
		label: read ? 'gelezen meldingen in de bel' : 'ongelezen meldingen in de bel',
		effect: 'deleted',
		cutoff: (now, policy) => daysBefore(now, read ? policy.readNotificationDays : policy.unreadNotificationDays),
		async due(sql, cutoff) {
			const [row] = await sql<{ count: number; oldest: Date | null }[]>`
				select count(*)::int as count, min(created_at) as oldest from notifications where ${due(sql, cutoff)}`;
			return row;
		},
		async apply(tx, cutoff, limit) {
			const deleted = await tx`
				delete from notifications where id in (
				  select id from notifications where ${due(tx, cutoff)} order by created_at, id limit ${limit} for update skip locked)`;
			return deleted.count;
		}
	};
}

/**
 * Notifications (the bell): a kind, the pseudonymous reference, organisation and colleague names.
 * They point to the case, the trajectory or the moment, where the facts stay; once read they are
 * deleted after RETENTION_READ_NOTIFICATION_DAYS, unread ones after RETENTION_UNREAD_NOTIFICATION_DAYS.
 */
export const readNotifications = notificationsOf(true);
export const unreadNotifications = notificationsOf(false);
