/**
 * The publication grid of the doorstroom figures: ISO weeks (Monday to Sunday) grouped into
 * periods of four weeks, thirteen a year ("periode 1" = weeks 1–4 … "periode 13" = weeks 49–52,
 * and week 53 where a year has one). Figures are published per period only, once it has ended, so
 * no two publications overlap (see docs/PRIVACY.md). Days are YYYY-MM-DD; pure functions, usable
 * in the browser too.
 */

const DAY_MS = 86_400_000;

/** A published period of the grid. */
export interface GridPeriod {
	/** "2026-P12" */
	id: string;
	year: number;
	number: number;
	/** Monday of its first week. */
	from: string;
	/** Monday of its last week. */
	to: string;
	/** The Mondays of its weeks (4, or 5 for a period 13 with week 53). */
	weeks: string[];
}

/** The day `days` calendar days after `day`. */
export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the ISO week of `day`. */
export function mondayOf(day: string): string {
	const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	return addDays(day, -weekday);
}

/** The Mondays from `from` up to and including `to` (both Mondays). */
export function weeksBetween(from: string, to: string): string[] {
	const weeks: string[] = [];
	for (let w = from; w <= to; w = addDays(w, 7)) weeks.push(w);
	return weeks;
}

/** The Monday of ISO week 1 of an ISO week-year (the week with 4 January). */
function firstMonday(year: number): string {
	return mondayOf(`${String(year).padStart(4, '0')}-01-04`);
}

/** ISO week number and week-year of any day, e.g. { year: 2026, week: 48 }. */
export function isoWeek(day: string): { year: number; week: number } {
	const thursday = addDays(mondayOf(day), 3);
	const year = Number(thursday.slice(0, 4));
	return { year, week: 1 + Math.round((Date.parse(mondayOf(day)) - Date.parse(firstMonday(year))) / (7 * DAY_MS)) };
}

/** The period a day falls in. */
export function periodOf(day: string): GridPeriod {
	const { year, week } = isoWeek(day);
	return gridPeriod(year, Math.min(13, Math.ceil(week / 4)));
}

/** Period `number` (1–13) of ISO week-year `year`. */
export function gridPeriod(year: number, number: number): GridPeriod {
	const start = addDays(firstMonday(year), 7 * 4 * (number - 1));
	const end = number === 13 ? addDays(firstMonday(year + 1), -7) : addDays(start, 21);
	return { id: `${year}-P${String(number).padStart(2, '0')}`, year, number, from: start, to: end, weeks: weeksBetween(start, end) };
}

const ID = /^(\d{4})-P(0[1-9]|1[0-3])$/;

/** The period with this id ("2026-P12"), or null for anything else. */
export function parsePeriodId(id: string): GridPeriod | null {
	const match = ID.exec(id);
	return match ? gridPeriod(Number(match[1]), Number(match[2])) : null;
}

/** The period right after / before a period. */
export function nextPeriod(p: GridPeriod): GridPeriod {
	return p.number === 13 ? gridPeriod(p.year + 1, 1) : gridPeriod(p.year, p.number + 1);
}
export function previousPeriod(p: GridPeriod): GridPeriod {
	return p.number === 1 ? gridPeriod(p.year - 1, 13) : gridPeriod(p.year, p.number - 1);
}

/** The periods from `first` up to and including `last`, oldest first. */
export function periodsBetween(first: GridPeriod, last: GridPeriod): GridPeriod[] {
	const out: GridPeriod[] = [];
	for (let p = first; p.from <= last.from; p = nextPeriod(p)) out.push(p);
	return out;
}

/** The Sunday a period ends on. */
export function periodEnd(p: GridPeriod): string {
	return addDays(p.to, 6);
}

const short = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const long = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const date = (day: string) => new Date(`${day}T00:00:00Z`);

/** "periode 12 van 2026" */
export function periodName(p: GridPeriod): string {
	return `periode ${p.number} van ${p.year}`;
}

/** "periode 12 van 2026 (2 nov t/m 29 nov 2026)" */
export function periodLabel(p: GridPeriod): string {
	return `${periodName(p)} (${short.format(date(p.from))} t/m ${long.format(date(periodEnd(p)))})`;
}

/** "2 nov 2026 t/m 29 nov 2026": the days a range of periods covers. */
export function rangeDays(first: GridPeriod, last: GridPeriod): string {
	return `${long.format(date(first.from))} t/m ${long.format(date(periodEnd(last)))}`;
}
