/**
 * The Amsterdam calendar: the one place where an instant becomes an Amsterdam wall-clock day and
 * time and back. Every conversion uses the offset of that very moment (CET +01:00 or CEST +02:00),
 * so days the clocks change are right: 29 March 2026 has 23 hours, 25 October 2026 has 25.
 * Working days, holidays and working hours build on this in workdays.ts.
 */

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Minutes Europe/Amsterdam is ahead of UTC at an instant (60 in winter, 120 in summer). */
export function amsterdamOffsetMinutes(at: Date): number {
	const name = offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
	if (!match) return 0;
	return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The wall clock of an instant read as if it were UTC (its date and time fields are Amsterdam's). */
function wallClock(at: Date): Date {
	return new Date(at.getTime() + amsterdamOffsetMinutes(at) * MINUTE_MS);
}

/** The calendar day (YYYY-MM-DD) of an instant in Europe/Amsterdam. */
export function amsterdamDay(at: Date): string {
	return wallClock(at).toISOString().slice(0, 10);
}

/** Minutes since midnight on the Amsterdam wall clock at an instant (10:00 is 600, also on a day the clocks change). */
export function amsterdamMinuteOfDay(at: Date): number {
	const wall = wallClock(at);
	return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instant an Amsterdam wall-clock day (YYYY-MM-DD) shows a time: "HH:MM", or minutes since
 * midnight (0 up to 1440; 1440 is midnight at the end of the day). The offset is the one in force
 * at that moment, so 10:00 is 08:00 UTC on 29 March 2026 and 09:00 UTC on 25 October 2026.
 *
 * The two times a year the wall clock does not show once, it behaves as Temporal's "compatible":
 * - a time that does not exist (02:00–02:59 on the last Sunday of March: the clocks jump from
 *   02:00 to 03:00) is moved forward by the gap: 02:30 becomes 03:30 summer time (01:30 UTC);
 * - a time that exists twice (02:00–02:59 on the last Sunday of October: the clocks go back from
 *   03:00 to 02:00) is the first of the two, still summer time: 02:30 becomes 00:30 UTC.
 */
export function amsterdamInstant(day: string, time: string | number): Date {
	let minutes: number;
	if (typeof time === 'number') {
		if (!Number.isInteger(time) || time < 0 || time > 1440) throw new RangeError(`not a minute of the day: ${time}`);
		minutes = time;
	} else {
		const match = TIME.exec(time);
		if (!match) throw new RangeError(`not a time (HH:MM): ${time}`);
		minutes = Number(match[1]) * 60 + Number(match[2]);
	}
	const midnight = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
	if (Number.isNaN(midnight)) throw new RangeError(`not a calendar day: ${day}`);
	const naive = midnight + minutes * MINUTE_MS;
	// Amsterdam changes its offset at most once within a day either side: these are the candidates
	const before = amsterdamOffsetMinutes(new Date(naive - DAY_MS));
	const after = amsterdamOffsetMinutes(new Date(naive + DAY_MS));
	const valid = [...new Set([before, after])]
		.map((offset) => naive - offset * MINUTE_MS)
		.filter((t) => naive - amsterdamOffsetMinutes(new Date(t)) * MINUTE_MS === t);
	// twice: the earlier; never (the gap in spring): the offset before the change, i.e. forward by the gap
	return new Date(valid.length ? Math.min(...valid) : naive - before * MINUTE_MS);
}

/** An Amsterdam wall-clock moment as forms and the API send it ("YYYY-MM-DDTHH:MM") to an instant (amsterdamInstant). */
export function amsterdamDateTime(local: string): Date {
	const [day, time = ''] = local.split('T');
	return amsterdamInstant(day, time);
}

/** The instant a calendar day (YYYY-MM-DD) starts in Europe/Amsterdam. */
export function amsterdamStartOfDay(day: string): Date {
	return amsterdamInstant(day, 0);
}

/** The instant the day after a calendar day starts in Europe/Amsterdam (exclusive end). */
export function amsterdamEndOfDay(day: string): Date {
	return amsterdamInstant(day, 1440);
}
