const when = new Intl.DateTimeFormat('nl-NL', {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Amsterdam'
});

/** When a notification arrived, in Dutch (Amsterdam time). */
export function notificationTime(iso: string): string {
	return when.format(new Date(iso));
}

/** "1 ongelezen melding", "3 ongelezen meldingen". */
export function unreadLabel(count: number): string {
	return count === 1 ? '1 ongelezen melding' : `${count} ongelezen meldingen`;
}

/** How many notifications the bell shows. */
export const BELL_SIZE = 8;

interface NotificationList {
	items: { id: number; readAt: string | null }[];
	unread: number;
}

/**
 * A list loaded from the server, joined with what arrived live meanwhile: a load that started before a
 * notification arrived must not take it away again. Newest first, at most `max` items.
 */
export function joinLive<T extends NotificationList>(loaded: T, shown: T['items'], max = BELL_SIZE): T {
	const newest = loaded.items.reduce((top, n) => Math.max(top, n.id), 0);
	const later = shown.filter((n) => n.id > newest);
	return { ...loaded, items: [...later, ...loaded.items].slice(0, max), unread: loaded.unread + later.filter((n) => !n.readAt).length };
}
