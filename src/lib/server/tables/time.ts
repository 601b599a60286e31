const dayFormat = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });

/** "24 november 2026" in Dutch time. */
export function formatTableDay(at: Date): string {
	return dayFormat.format(at);
}
