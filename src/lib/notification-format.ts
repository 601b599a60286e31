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
