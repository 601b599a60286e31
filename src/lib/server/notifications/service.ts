import type { Db, Sql } from '../db/client.ts';
import { realtime } from '../realtime/hub.ts';
import { log } from '../log.ts';
import type { AuditActor } from '../audit/log.ts';
import { auditList } from '../audit/lists.ts';
import { rooms, type NotificationItem } from '../../realtime/events.ts';
import { enqueueNotificationMails, noteNotificationMails } from '../email/deliveries.ts';
import { countUpTo, keysetPage, type ListOrder, type ListTotal, type Page, type PageRequest } from '../lists/keyset.ts';
import { referenceLike } from '../lists/query.ts';
import { amsterdamEndOfDay, amsterdamStartOfDay } from '../time.ts';

export type NotificationKind =
	| 'handover.offered'
	| 'handover.accepted'
	| 'handover.declined'
	| 'handover.withdrawn'
	| 'sla.reminder_50'
	| 'sla.reminder_90'
	| 'sla.breached'
	| 'vv.overdue'
	| 'vv.escalated'
	| 'vv.term_near'
	| 'vv.term_passed'
	| 'checkin.due'
	| 'checkin.escalated'
	| 'checkin.concern'
	| 'waiting.over_norm'
	| 'monitoring.due'
	| 'monitoring.escalated'
	| 'monitoring.assigned'
	| 'monitoring.unsafe'
	| 'case.assigned';

export interface NewNotification {
	kind: NotificationKind;
	title: string;
	body: string;
	href: string | null;
	/** Same key for the same user = the same notification: stored (and sent) once. */
	dedupeKey: string;
}

export interface StoredNotification extends NotificationItem {
	userId: string;
}

type Row = {
	id: string;
	userId: string;
	kind: string;
	title: string;
	body: string;
	href: string | null;
	createdAt: Date;
	readAt: Date | null;
};
const toItem = (r: Row): StoredNotification => ({
	id: Number(r.id),
	userId: r.userId,
	kind: r.kind,
	title: r.title,
	body: r.body,
	href: r.href,
	createdAt: r.createdAt.toISOString(),
	readAt: r.readAt?.toISOString() ?? null
});

/**
 * Stores one notification per user inside the caller's transaction. The unique (user, dedupe key)
 * makes it exactly once: a repeat inserts nothing and returns nothing, so nothing is sent twice.
 * Every kind, present and future, can lead to an e-mail by the person's choice (email/deliveries.ts).
 */
export async function insertNotifications(tx: Db, userIds: string[], n: NewNotification, at: Date): Promise<StoredNotification[]> {
	if (!userIds.length) return [];
	const rows = await tx<Row[]>`
		insert into notifications (user_id, kind, title, body, href, dedupe_key, created_at)
		select u, ${n.kind}, ${n.title}, ${n.body}, ${n.href}, ${n.dedupeKey}, ${at} from unnest(${userIds}::uuid[]) as u
		on conflict (user_id, dedupe_key) do nothing
		returning id, user_id, kind, title, body, href, created_at, read_at`;
	await noteNotificationMails(
		tx,
		rows.map((r) => r.userId),
		at
	);
	return rows.map(toItem);
}

/** After commit: sends each newly stored notification to its user's sockets, and queues the e-mails it led to. Never throws. */
export function emitNotifications(stored: StoredNotification[]): void {
	if (!stored.length) return;
	void enqueueNotificationMails(stored.map((n) => n.userId));
	try {
		const io = realtime();
		for (const { userId, ...item } of stored) io.to(rooms.user(userId)).emit('notification:new', item);
	} catch (error) {
		log().warn({ err: error instanceof Error ? error.message : String(error) }, 'sending notifications live failed; they are stored');
	}
}

/** The newest notifications of a user, and how many are unread. */
export async function listNotifications(sql: Db, userId: string, limit = 50): Promise<{ items: NotificationItem[]; unread: number }> {
	const rows = await sql<Row[]>`
		select id, user_id, kind, title, body, href, created_at, read_at from notifications
		where user_id = ${userId} order by id desc limit ${limit}`;
	const items = rows.map(toItem).map(({ userId: _, ...item }) => item);
	return { items, unread: await unreadCount(sql, userId) };
}

/**
 * The newest notifications of a person as the bell or /meldingen shows them, audited with the ids
 * shown (NEN 7513: their texts are about cases). `via` says where they were shown.
 */
export async function readNotifications(
	sql: Db,
	actor: AuditActor & { userId: string },
	limit: number,
	via: 'bel' | 'pagina'
): Promise<{ items: NotificationItem[]; unread: number }> {
	const list = await listNotifications(sql, actor.userId, limit);
	await auditList(
		sql,
		actor,
		'notifications.viewed',
		'notification',
		list.items.map((n) => n.id),
		{ details: { via } }
	);
	return list;
}

/** Filters of /meldingen. */
export interface NotificationFilter {
	/** (Part of) the pseudonymous reference the notification is about. */
	search?: string;
	unreadOnly?: boolean;
	/** Arrived on or after / up to and including these days (YYYY-MM-DD, Amsterdam). */
	from?: string;
	to?: string;
}

const NOTIFICATION_ORDER = (sql: Db): ListOrder => ({ id: 'meldingen', keys: [{ sql: sql`id`, type: 'int', desc: true }] });

const notificationWhere = (sql: Db, userId: string, f: NotificationFilter) => sql`
	where user_id = ${userId}
	${f.unreadOnly ? sql`and read_at is null` : sql``}
	${referenceLike(sql, sql`title`, f.search)}
	${f.from ? sql`and created_at >= ${amsterdamStartOfDay(f.from)}` : sql``}
	${f.to ? sql`and created_at < ${amsterdamEndOfDay(f.to)}` : sql``}`;

/**
 * One page of a person's notifications for /meldingen, newest first and filtered, with the unread
 * count, audited with the ids shown (NEN 7513: their texts are about cases).
 */
export async function readNotificationPage(
	sql: Db,
	actor: AuditActor & { userId: string },
	filter: NotificationFilter,
	page: PageRequest,
	audited: { filter?: string } = {}
): Promise<Page<NotificationItem> & { unread: number; total: ListTotal }> {
	const [found, total, unread] = await Promise.all([
		keysetPage(
			sql,
			NOTIFICATION_ORDER(sql),
			page,
			(k) => sql<Row[]>`
			select id, user_id, kind, title, body, href, created_at, read_at ${k.keys} from notifications
			${notificationWhere(sql, actor.userId, filter)} ${k.after} ${k.order} ${k.limit}`
		),
		countUpTo(sql, sql`from notifications ${notificationWhere(sql, actor.userId, filter)}`),
		unreadCount(sql, actor.userId)
	]);
	const rows = found.rows.map(toItem).map(({ userId: _, ...item }) => item);
	await auditList(
		sql,
		actor,
		'notifications.viewed',
		'notification',
		rows.map((n) => n.id),
		{ details: { via: 'pagina', ...audited } }
	);
	return { rows, next: found.next, unread, total };
}

/** How many notifications of the user are unread. */
export async function unreadCount(sql: Db, userId: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`;
	return row.n;
}

/** Marks one notification (or, with id null, all) of the user as read; returns the unread count. */
export async function markRead(sql: Sql, userId: string, id: number | null, at: Date): Promise<number> {
	if (id === null) await sql`update notifications set read_at = ${at} where user_id = ${userId} and read_at is null`;
	else await sql`update notifications set read_at = ${at} where user_id = ${userId} and id = ${id} and read_at is null`;
	const unread = await unreadCount(sql, userId);
	try {
		realtime().to(rooms.user(userId)).emit('notification:read', { id, unread });
	} catch {
		// other tabs catch up at their next load
	}
	return unread;
}
