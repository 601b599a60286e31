import { isWorkingDay, type WorkdayPolicy } from '../workdays.ts';
import { addDays } from '../../dashboard/grid.ts';

/** A small seeded PRNG (mulberry32): the same seed, the same numbers. */
export function prng(seed: number): () => number {
	let a = Math.floor(seed * 2 ** 31) >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Working days from `from` to `to`: the k-th working day, and per calendar day how many working days up to it. */
export interface WorkCalendar {
	base: string;
	workdays: string[];
	countUpTo: number[];
	working: boolean[];
}

export function workCalendar(from: string, to: string, policy: WorkdayPolicy): WorkCalendar {
	const cal: WorkCalendar = { base: from, workdays: [], countUpTo: [], working: [] };
	for (let day = from; day <= to; day = addDays(day, 1)) {
		const working = isWorkingDay(day, policy);
		if (working) cal.workdays.push(day);
		cal.working.push(working);
		cal.countUpTo.push(cal.workdays.length);
	}
	return cal;
}

/**
 * Temporary SQL functions over the calendar, for the set-based generator. Positions are working
 * minutes (09:00–17:00 on werkdagen, 480 a day) counted from the calendar's start, so "n working
 * minutes later" is an addition, exactly as addWorkingHours counts. Inlined by PostgreSQL (one
 * SELECT of an expression), so they cost no function call per row.
 */
export function calendarFunctions(cal: WorkCalendar): string[] {
	const fn = (signature: string, returns: string, body: string, volatility = 'immutable') =>
		`create or replace function pg_temp.${signature} returns ${returns} language sql ${volatility} as $f$ select ${body} $f$`;
	const i = (d: string) => `(${d} - date '${cal.base}' + 1)`;
	return [
		fn('hist_wd(k int)', 'date', `('{${cal.workdays.join(',')}}'::date[])[k]`),
		fn('hist_wn(d date)', 'int', `('{${cal.countUpTo.join(',')}}'::int[])[${i('d')}]`),
		fn('hist_work(d date)', 'boolean', `('{${cal.working.map((w) => (w ? 't' : 'f')).join(',')}}'::boolean[])[${i('d')}]`),
		// working minutes before the start of day d (a day off: before the next working day)
		fn('hist_dpos(d date)', 'int', `(pg_temp.hist_wn(d) - pg_temp.hist_work(d)::int) * 480`),
		// the end of working day d as a position
		fn('hist_dend(d date)', 'int', `pg_temp.hist_wn(d) * 480`),
		fn('hist_add_wd(d date, n int)', 'date', `pg_temp.hist_wd(pg_temp.hist_wn(d) + n)`),
		fn('hist_wd_from(d date)', 'date', `pg_temp.hist_wd(pg_temp.hist_wn(d) + (not pg_temp.hist_work(d))::int)`),
		// the working day of a position, and its instant (a whole day's end is 17:00 of that day)
		fn('hist_day(p int)', 'date', `pg_temp.hist_wd(ceil(p / 480.0)::int)`),
		fn(
			'hist_at(p int)',
			'timestamptz',
			`(pg_temp.hist_wd(ceil(p / 480.0)::int) + make_interval(mins => 540 + p - (ceil(p / 480.0)::int - 1) * 480)) at time zone 'Europe/Amsterdam'`,
			'stable'
		),
		fn(
			'hist_clock(d date, hours float8)',
			'timestamptz',
			`(d + make_interval(secs => hours * 3600)) at time zone 'Europe/Amsterdam'`,
			'stable'
		)
	];
}

/** Relative melding volume of a day: fewer at weekends and on holidays, dips in the school holidays. */
function seasonal(day: string, policy: WorkdayPolicy): number {
	const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
	let w = weekday === 6 ? 0.3 : weekday === 0 ? 0.25 : isWorkingDay(day, policy) ? 1 : 0.35;
	const md = day.slice(5);
	if (md >= '07-12' && md <= '08-24') w *= 0.72; // zomervakantie
	if (md >= '12-20' || md <= '01-04') w *= 0.55; // kerst
	if ((md >= '10-18' && md <= '10-26') || (md >= '04-26' && md <= '05-04')) w *= 0.9; // herfst- en meivakantie
	return w;
}

/** The share of assessments finished late: higher after the summer and in January (staff shortage, backlog). */
function lateShare(day: string, progress: number): number {
	const md = day.slice(5);
	const bump = md >= '08-25' && md <= '10-05' ? 0.15 : md >= '01-05' && md <= '02-08' ? 0.12 : 0;
	return 0.115 + 0.03 * progress + bump;
}

export interface DayCounts {
	days: string[];
	municipalities: string[];
	counts: number[];
	lateShares: number[];
	trends: number[];
}

/**
 * How many meldingen each gemeente gets on each day from `from` to `to`: exactly `total`, spread by
 * population, seasonality, a slow rise over the period and some noise (seeded), rounded
 * systematically so the parts add up.
 */
export function meldingCounts(
	from: string,
	to: string,
	total: number,
	population: Record<string, number>,
	policy: WorkdayPolicy,
	seed: number
): DayCounts {
	const random = prng(seed);
	const days: string[] = [];
	for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
	const ids = Object.keys(population);
	const people = ids.reduce((s, id) => s + population[id], 0);
	const cells: { day: string; id: string; weight: number; progress: number }[] = [];
	days.forEach((day, i) => {
		const progress = days.length > 1 ? i / (days.length - 1) : 1;
		const dayWeight = seasonal(day, policy) * (0.92 + 0.16 * progress);
		for (const id of ids) cells.push({ day, id, progress, weight: dayWeight * (population[id] / people) * (0.65 + 0.7 * random()) });
	});
	const sum = cells.reduce((s, c) => s + c.weight, 0);
	const out: DayCounts = { days: [], municipalities: [], counts: [], lateShares: [], trends: [] };
	const offset = random();
	let cumulative = 0;
	for (const c of cells) {
		const before = Math.floor(cumulative + offset);
		cumulative += (c.weight / sum) * total;
		const n = Math.floor(cumulative + offset) - before;
		if (n <= 0) continue;
		out.days.push(c.day);
		out.municipalities.push(c.id);
		out.counts.push(n);
		out.lateShares.push(lateShare(c.day, c.progress));
		out.trends.push(c.progress);
	}
	return out;
}
