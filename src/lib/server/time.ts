const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });

/** Minutes Europe/Amsterdam is ahead of UTC at an instant (60 in winter, 120 in summer). */
export function amsterdamOffsetMinutes(at: Date): number {
	const name = offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
	if (!match) return 0;
	return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The instant a calendar day (YYYY-MM-DD) starts in Europe/Amsterdam. */
export function amsterdamStartOfDay(day: string): Date {
	const utcMidnight = new Date(`${day}T00:00:00Z`);
	return new Date(utcMidnight.getTime() - amsterdamOffsetMinutes(utcMidnight) * 60_000);
}

/** The instant the day after a calendar day starts in Europe/Amsterdam (exclusive end). */
export function amsterdamEndOfDay(day: string): Date {
	const next = new Date(`${day}T00:00:00Z`);
	next.setUTCDate(next.getUTCDate() + 1);
	return amsterdamStartOfDay(next.toISOString().slice(0, 10));
}
