/** Calendar arithmetic on days (YYYY-MM-DD) for weekly figures; weeks start on Monday (ISO). */

/** The day `days` calendar days after `day`. */
export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
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

/** ISO week number and year of a Monday, e.g. { year: 2026, week: 48 }. */
export function isoWeek(monday: string): { year: number; week: number } {
	const thursday = new Date(`${addDays(monday, 3)}T00:00:00Z`);
	const year = thursday.getUTCFullYear();
	const firstThursday = new Date(Date.UTC(year, 0, 4));
	const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000) + ((firstThursday.getUTCDay() + 6) % 7 - 3) / 7);
	return { year, week };
}
