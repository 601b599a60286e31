/** Dutch date and time formats for the tafel pages (Amsterdam time). */
const moment = new Intl.DateTimeFormat('nl-NL', {
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Amsterdam'
});
const time = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** "dinsdag 24 november 2026 om 10:00". */
export function formatMoment(value: Date | string): string {
	const parts = moment.formatToParts(new Date(value));
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')} om ${get('hour')}:${get('minute')}`;
}

const day = new Intl.DateTimeFormat('nl-NL', {
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/Amsterdam'
});

/** When a tafel was held: "dinsdag 24 november 2026, 10:02–11:15" (with the closing day when it differs). */
export function formatHeld(openedAt: Date | string, closedAt: Date | string): string {
	const [opened, closed] = [day.format(new Date(openedAt)), day.format(new Date(closedAt))];
	return opened === closed
		? `${opened}, ${formatTime(openedAt)}–${formatTime(closedAt)}`
		: `${formatMoment(openedAt)} tot ${formatMoment(closedAt)}`;
}

/** "10:42". */
export function formatTime(value: Date | string): string {
	return time.format(new Date(value));
}

export const TABLE_STATUS_LABELS: Record<string, string> = {
	scheduled: 'Gepland',
	running: 'Bezig',
	closed: 'Gesloten'
};
