import Holidays from 'date-holidays';
import { amsterdamDay, amsterdamInstant, amsterdamMinuteOfDay } from './time.ts';

/** Where an instant falls on the Amsterdam calendar lives in time.ts; re-exported for the many callers of working-day rules. */
export { amsterdamDay };

/** Which optional Dutch days off count as non-working days (Goede Vrijdag, Bevrijdingsdag). */
export interface WorkdayPolicy {
	goodFriday: boolean;
	liberationDay: boolean;
}

export const DEFAULT_WORKDAY_POLICY: WorkdayPolicy = { goodFriday: false, liberationDay: false };

/** Working hours for deadlines counted in hours (09:00–17:00 Amsterdam time). */
export const WORKDAY_START_MINUTES = 9 * 60;
export const WORKDAY_END_MINUTES = 17 * 60;

const holidays = new Holidays('NL');
const cache = new Map<string, Map<string, string>>();

/** The days off of a year under the policy: day (YYYY-MM-DD) → the holiday's Dutch name. */
function daysOffNamed(year: number, policy: WorkdayPolicy): Map<string, string> {
	const key = `${year}:${policy.goodFriday}:${policy.liberationDay}`;
	let map = cache.get(key);
	if (!map) {
		map = new Map(
			(holidays.getHolidays(year) || [])
				.filter(
					(h) =>
						h.type === 'public' ||
						(policy.goodFriday && h.name === 'Goede Vrijdag') ||
						(policy.liberationDay && h.name === 'Bevrijdingsdag')
				)
				.map((h) => [h.date.slice(0, 10), h.name] as const)
		);
		cache.set(key, map);
	}
	return map;
}

const DAY_MS = 86_400_000;
/** Working-day arithmetic refuses spans longer than this (dates from outside are bounded long before). */
export const MAX_SPAN_DAYS = 366 * 30;

/** Days since 1970-01-01 of a YYYY-MM-DD day. */
function dayNumber(day: string): number {
	const n = Date.parse(`${day}T00:00:00Z`);
	if (Number.isNaN(n)) throw new RangeError(`not a calendar day: ${day}`);
	return Math.round(n / DAY_MS);
}

function dayString(n: number): string {
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekdayOf = (n: number) => (((n + 4) % 7) + 7) % 7;
const isWeekend = (n: number) => weekdayOf(n) === 0 || weekdayOf(n) === 6;

function checkSpan(days: number): void {
	if (!Number.isFinite(days) || Math.abs(days) > MAX_SPAN_DAYS) throw new RangeError(`working-day span too long: ${days} days`);
}

/** Monday-to-Friday days in (a, b]: whole weeks at once, then at most six single days. */
function weekdaysIn(a: number, b: number): number {
	if (b <= a) return 0;
	const weeks = Math.floor((b - a) / 7);
	let count = weeks * 5;
	for (let n = a + weeks * 7 + 1; n <= b; n++) if (!isWeekend(n)) count++;
	return count;
}

/** The `count`-th Monday-to-Friday day after day number `a` (count ≥ 1): whole weeks at once. */
function addWeekdays(a: number, count: number): number {
	const weeks = Math.floor((count - 1) / 5);
	let n = a + weeks * 7;
	let left = count - weeks * 5;
	while (left > 0) {
		n++;
		if (!isWeekend(n)) left--;
	}
	return n;
}

/** Holidays (and policy days off) on Monday to Friday in (a, b]: a lookup per year, not per day. */
function daysOffIn(a: number, b: number, policy: WorkdayPolicy): number {
	if (b <= a) return 0;
	let count = 0;
	const first = Number(dayString(a + 1).slice(0, 4));
	const last = Number(dayString(b).slice(0, 4));
	for (let year = first; year <= last; year++) {
		for (const day of daysOffNamed(year, policy).keys()) {
			const n = dayNumber(day);
			if (n > a && n <= b && !isWeekend(n)) count++;
		}
	}
	return count;
}

/** The Dutch name of the public holiday (or policy day off) on a day, e.g. "Tweede kerstdag"; null on other days. */
export function dayOffName(day: string, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): string | null {
	return daysOffNamed(Number(day.slice(0, 4)), policy).get(day) ?? null;
}

/** True on Saturday and Sunday. */
export function isWeekendDay(day: string): boolean {
	return isWeekend(dayNumber(day));
}

/** True on Monday to Friday when the day is not a Dutch public holiday (or a policy day off). */
export function isWorkingDay(day: string, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): boolean {
	if (isWeekend(dayNumber(day))) return false;
	return !daysOffNamed(Number(day.slice(0, 4)), policy).has(day);
}

/**
 * The day that is `count` working days after `day` (the day itself does not count). Computed, not
 * walked day by day: whole weeks at once, then the days off that fell in between are made up.
 */
export function addWorkingDays(day: string, count: number, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): string {
	if (!Number.isInteger(count) || count < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${count}`);
	checkSpan((count / 5) * 7);
	let from = dayNumber(day);
	let left = count;
	while (left > 0) {
		const to = addWeekdays(from, left);
		left = daysOffIn(from, to, policy);
		from = to;
	}
	return dayString(from);
}

/** Working days from `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): number {
	const a = dayNumber(from);
	const b = dayNumber(to);
	if (b <= a) return 0;
	checkSpan(b - a);
	return weekdaysIn(a, b) - daysOffIn(a, b, policy);
}

/**
 * The instant `hours` working hours after `at`, counting only 09:00–17:00 Amsterdam time on
 * working days (on the wall clock, also in a week the clocks change). Time outside working hours
 * does not count; seconds within the starting minute are dropped.
 */
export function addWorkingHours(at: Date, hours: number, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): Date {
	if (!(hours >= 0)) throw new RangeError(`working hours must be ≥ 0: ${hours}`);
	checkSpan((hours / 8 / 5) * 7);
	let day = amsterdamDay(at);
	let minute = amsterdamMinuteOfDay(at);
	let left = Math.round(hours * 60);
	for (;;) {
		if (!isWorkingDay(day, policy) || minute >= WORKDAY_END_MINUTES) {
			day = dayString(dayNumber(day) + 1);
			minute = WORKDAY_START_MINUTES;
			continue;
		}
		minute = Math.max(minute, WORKDAY_START_MINUTES);
		const step = Math.min(left, WORKDAY_END_MINUTES - minute);
		minute += step;
		left -= step;
		if (left === 0) return amsterdamInstant(day, minute);
	}
}
