/** The ISO week number and week-year of a Monday (YYYY-MM-DD). */
export function isoWeek(monday: string): { week: number; year: number } {
	const date = new Date(`${monday}T00:00:00Z`);
	const th = new Date(date.getTime() + (4 - (date.getUTCDay() || 7)) * 86_400_000);
	const jan1 = Date.UTC(th.getUTCFullYear(), 0, 1);
	return { week: Math.ceil(((th.getTime() - jan1) / 86_400_000 + 1) / 7), year: th.getUTCFullYear() };
}
