import type { Duration, Published } from './types.ts';

const number = new Intl.NumberFormat('nl-NL');
const oneDecimal = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

/** A published count as Dutch readers expect ("1.234", "<5" or "afgeschermd"). */
export function formatCount(value: Published): string {
	return typeof value === 'number' ? number.format(value) : value;
}

/** The legend under every table and chart with counts. */
export const SUPPRESSION_NOTE =
	'<5: minder dan 5, afgeschermd. "afgeschermd": 5 of meer, maar verborgen zodat een klein aantal niet uit een totaal kan worden afgeleid.';

/** Minutes as hours below two days ("6 uur"), else days ("3,5 dagen"). */
export function formatMinutes(minutes: number): string {
	if (minutes < 48 * 60) {
		const hours = minutes / 60;
		return `${oneDecimal.format(hours)} uur`;
	}
	const days = minutes / 1440;
	return `${oneDecimal.format(days)} ${days === 1 ? 'dag' : 'dagen'}`;
}

/** A median and 90th percentile, or a dash with the reason. */
export function formatDuration(d: Duration): string {
	return d ? `${formatMinutes(d.median)} (p90 ${formatMinutes(d.p90)})` : '– (minder dan 5 gezinnen)';
}

/** The Monday of a week as "week 48 (23 nov 2026)". */
export function formatWeek(monday: string): string {
	const date = new Date(`${monday}T00:00:00Z`);
	const thursday = new Date(date.getTime() + 3 * 86_400_000);
	const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
	const week = 1 + Math.round((thursday.getTime() - jan4.getTime()) / (7 * 86_400_000) + (((jan4.getUTCDay() + 6) % 7) - 3) / 7);
	return `week ${week} (${new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date)})`;
}

/** A period of weeks as "5 okt 2026 t/m 29 nov 2026" (Monday of the first to Sunday of the last week). */
export function formatPeriod(p: { from: string; to: string }): string {
	const f = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
	const sunday = new Date(Date.parse(`${p.to}T00:00:00Z`) + 6 * 86_400_000);
	return `${f.format(new Date(`${p.from}T00:00:00Z`))} t/m ${f.format(sunday)}`;
}
