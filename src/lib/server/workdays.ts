import Holidays from 'date-holidays';
import { amsterdamOffsetMinutes, amsterdamStartOfDay } from './time.ts';

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
const cache = new Map<string, Set<string>>();

function daysOff(year: number, policy: WorkdayPolicy): Set<string> {
	const key = `${year}:${policy.goodFriday}:${policy.liberationDay}`;
	let set = cache.get(key);
	if (!set) {
		set = new Set(
			(holidays.getHolidays(year) || [])
				.filter(
					(h) =>
						h.type === 'public' ||
						(policy.goodFriday && h.name === 'Goede Vrijdag') ||
						(policy.liberationDay && h.name === 'Bevrijdingsdag')
				)
				.map((h) => h.date.slice(0, 10))
		);
		cache.set(key, set);
	}
	return set;
}

/** The calendar day (YYYY-MM-DD) of an instant in Europe/Amsterdam. */
export function amsterdamDay(at: Date): string {
	return new Date(at.getTime() + amsterdamOffsetMinutes(at) * 60_000).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

/** True on Monday to Friday when the day is not a Dutch public holiday (or a policy day off). */
export function isWorkingDay(day: string, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): boolean {
	const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
	if (weekday === 0 || weekday === 6) return false;
	return !daysOff(Number(day.slice(0, 4)), policy).has(day);
}

/** The day that is `count` working days after `day` (the day itself does not count). */
export function addWorkingDays(day: string, count: number, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): string {
	let current = day;
	let left = count;
	while (left > 0) {
		current = nextDay(current);
		if (isWorkingDay(current, policy)) left--;
	}
	return current;
}

/** Working days from `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): number {
	let count = 0;
	for (let day = nextDay(from); day <= to; day = nextDay(day)) if (isWorkingDay(day, policy)) count++;
	return count;
}

/**
 * The instant `hours` working hours after `at`, counting only 09:00–17:00 Amsterdam time on
 * working days. Time outside working hours does not count.
 */
export function addWorkingHours(at: Date, hours: number, policy: WorkdayPolicy = DEFAULT_WORKDAY_POLICY): Date {
	let day = amsterdamDay(at);
	let minute = Math.floor((at.getTime() - amsterdamStartOfDay(day).getTime()) / 60_000);
	let left = Math.round(hours * 60);
	for (;;) {
		if (!isWorkingDay(day, policy) || minute >= WORKDAY_END_MINUTES) {
			day = nextDay(day);
			minute = WORKDAY_START_MINUTES;
			continue;
		}
		minute = Math.max(minute, WORKDAY_START_MINUTES);
		const step = Math.min(left, WORKDAY_END_MINUTES - minute);
		minute += step;
		left -= step;
		if (left === 0) return new Date(amsterdamStartOfDay(day).getTime() + minute * 60_000);
	}
}
