import { amsterdamOffsetMinutes } from '../time.ts';

/** The instant of an Amsterdam wall-clock date (YYYY-MM-DD) and time (HH:MM), correct around daylight-saving changes. */
export function amsterdamInstant(day: string, time: string): Date {
	const naive = new Date(`${day}T${time}:00Z`).getTime();
	const guess = new Date(naive - amsterdamOffsetMinutes(new Date(naive)) * 60_000);
	return new Date(naive - amsterdamOffsetMinutes(guess) * 60_000);
}

const dayFormat = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });

/** "24 november 2026" in Dutch time. */
export function formatTableDay(at: Date): string {
	return dayFormat.format(at);
}
