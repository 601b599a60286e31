import { z } from 'zod';

/**
 * How far from this year a date from outside may lie: plans, due dates, melding and contact dates
 * all fall within this year ± 5 years. It is a sanity bound that keeps working-day arithmetic and
 * PostgreSQL's date range out of reach of a typo or an attack; business rules (not in the past,
 * not in the future) are the services' to check against their clock.
 */
export const DATE_WINDOW_YEARS = 5;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DUTCH_DAY = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'UTC' });

/** True for a real calendar day written as YYYY-MM-DD (2026-02-31 and 0000-01-01 are not). */
export function isCalendarDay(value: string): boolean {
	const match = DAY.exec(value);
	if (!match) return false;
	const [, y, m, d] = match.map(Number);
	if (y < 1 || m < 1 || m > 12 || d < 1) return false;
	return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The first and last day a date from outside may have (this year ± DATE_WINDOW_YEARS), as YYYY-MM-DD. */
export function dateWindow(now: Date = new Date()): { first: string; last: string } {
	const year = now.getUTCFullYear();
	return { first: `${year - DATE_WINDOW_YEARS}-01-01`, last: `${year + DATE_WINDOW_YEARS}-12-31` };
}

/** "tussen 1 januari 2021 en 31 december 2031": the window in words. */
export function dateWindowInWords(now: Date = new Date()): string {
	const { first, last } = dateWindow(now);
	return `tussen ${DUTCH_DAY.format(new Date(`${first}T00:00:00Z`))} en ${DUTCH_DAY.format(new Date(`${last}T00:00:00Z`))}`;
}

/** Messages of a date field; `label` names the field in a sentence, e.g. "de uiterste datum". */
export interface DayMessages {
	label: string;
	/** When the field is empty or missing (default: "Vul {label} in."). */
	missing?: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What is wrong with a day as typed, in Dutch, or null when it is a day within the window. */
function dayProblem(value: string, label: string, empty: string): string | null {
	if (!value) return empty;
	if (!DAY.test(value)) return `Vul ${label} in als datum (dd-mm-jjjj).`;
	if (!isCalendarDay(value)) return `${capital(label)} bestaat niet: kijk de dag en de maand na.`;
	const { first, last } = dateWindow();
	if (value < first || value > last) return `${capital(label)} moet ${dateWindowInWords()} liggen.`;
	return null;
}

/** A trimmed string checked by `problem`, with at most one Dutch message per field. */
function checked(empty: string, problem: (value: string) => string | null) {
	return z
		.string({ error: empty })
		.trim()
		.superRefine((value, ctx) => {
			const message = problem(value);
			if (message) ctx.addIssue({ code: 'custom', message });
		});
}

/**
 * A calendar day from a form, query or API body (YYYY-MM-DD, as date inputs send it): it must
 * exist (no 31 February) and lie within the date window, with one Dutch message naming the field.
 */
export function calendarDay({ label, missing }: DayMessages) {
	const empty = missing ?? `Vul ${label} in.`;
	return checked(empty, (v) => dayProblem(v, label, empty));
}

/** A calendar day that may be left empty ('' and null count as not given). */
export function optionalCalendarDay(messages: DayMessages) {
	return z.preprocess((v) => (v === '' || v === null ? undefined : v), calendarDay(messages).optional());
}

/** A time of day as HH:MM (00:00–23:59). */
export function timeOfDay({ label, missing }: DayMessages) {
	const empty = missing ?? `Vul ${label} in.`;
	return checked(empty, (v) => (!v ? empty : TIME.test(v) ? null : `Vul ${label} in als uu:mm, bijvoorbeeld 10:00.`));
}

/**
 * A wall-clock moment as a datetime-local input sends it (YYYY-MM-DDTHH:MM, Amsterdam time): a
 * real day within the date window and a real time of day.
 */
export function localDateTime({ label, missing }: DayMessages) {
	const empty = missing ?? `Vul ${label} in.`;
	return checked(empty, (v) => {
		if (!v) return empty;
		const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(v);
		if (!match) return `Vul ${label} in als datum en tijd.`;
		return (
			dayProblem(match[1], label, empty) ?? (TIME.test(match[2]) ? null : `${capital(label)}: de tijd bestaat niet (00:00 tot 23:59).`)
		);
	});
}
