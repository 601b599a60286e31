import type { Sql, Tx } from '../db/client.ts';
import { amsterdamDay } from '../workdays.ts';
import { readSlaPolicies, readWorkdayPolicy } from '../sla/policy.ts';
import { readFollowupSettings } from '../followups/settings.ts';
import { addDays } from '../../dashboard/grid.ts';
import { calendarFunctions, meldingCounts, workCalendar } from './history-calendar.ts';
import { HISTORY_SCENARIOS } from './history-texts.ts';
import { BASE_WEEKS, MATERIALISE, PLAN, SUBREGION_FACTOR, caseMap } from './history-sql.ts';

/** What to generate: meldingen over `weeks` weeks up to (not including) the day of `now`. */
export interface HistoryPlan {
	now: Date;
	weeks: number;
	/** Meldingen (cases) over the whole period. */
	cases: number;
	/** Handovers per case on average (the first offers, declines and withdrawals, re-offers). */
	handoversPerCase: number;
	/** setseed() value in [-1, 1]: the same plan and seed on the same database give the same history. */
	seed?: number;
	/**
	 * Keep only the cases that are settled at `now` (closed by VT or handed over), so that the
	 * history adds nothing to VT's werkvoorraad or the partners' open offers (the demo). Off for a
	 * benchmark, where everything up to now stays as it would be.
	 */
	settledOnly?: boolean;
	/** Waiting-time reports of the consortia every two weeks up to this many days before now. */
	reportsUntilDaysAgo?: number;
}

export interface HistoryCounts {
	cases: number;
	handovers: number;
	breaches: number;
	trajectories: number;
	waitEntries: number;
	checkins: number;
	monitoring: number;
	reports: number;
}

/** Inhabitants (thousands) per gemeente: meldingen follow population. */
export const POPULATION: Record<string, number> = {
	GM0392: 162,
	GM0394: 162,
	GM0453: 68,
	GM0375: 42,
	GM0396: 39,
	GM0397: 27,
	GM0377: 24,
	GM0473: 17,
	GM0450: 13.5
};

/** Fictional VT colleagues the history is attributed to (they cannot sign in), so the demo accounts' own lists stay as the other seeds made them. */
export const HISTORY_STAFF = [
	{ email: 'vt.collega1@ketentafel.test', name: 'Anouk de Wit' },
	{ email: 'vt.collega2@ketentafel.test', name: 'Thijs Hoogland' },
	{ email: 'vt.collega3@ketentafel.test', name: 'Fatima Ouali' },
	{ email: 'vt.collega4@ketentafel.test', name: 'Jeroen Kuipers' },
	{ email: 'vt.collega5@ketentafel.test', name: 'Sevda Aydın' },
	{ email: 'vt.collega6@ketentafel.test', name: 'Mirjam Smit' }
];

/** The VT colleagues of the history (created when missing; an unusable password hash). */
export async function ensureHistoryStaff(sql: Sql | Tx): Promise<{ ids: string[]; names: string[] }> {
	const [vt] = await sql<{ id: string }[]>`select id from organisations where kind = 'vt' order by created_at, name limit 1`;
	if (!vt) throw new Error('history: run seed() first (no Veilig Thuis organisation)');
	const ids: string[] = [];
	for (const s of HISTORY_STAFF) {
		const [u] = await sql<{ id: string }[]>`
			insert into users (email, name, password_hash) values (${s.email}, ${s.name}, '!')
			on conflict (email) do update set name = excluded.name returning id`;
		await sql`insert into memberships (user_id, organisation_id, role) values (${u.id}, ${vt.id}, 'medewerker') on conflict do nothing`;
		ids.push(u.id);
	}
	return { ids, names: HISTORY_STAFF.map((s) => s.name) };
}

/** The organisations the history hands families over to (from the seeded region). */
async function partners(tx: Tx) {
	const rows = await tx<{ id: string; name: string; kind: string }[]>`
		select id, name, kind::text as kind from organisations where kind in ('vt', 'cjg', 'ggd', 'jeugdhulp', 'consortium') order by created_at, name`;
	const first = (kind: string, name?: RegExp) => rows.find((r) => r.kind === kind && (!name || name.test(r.name)))?.id;
	const found = {
		vt: first('vt'),
		cjg: first('cjg'),
		ggd: first('ggd'),
		jeugdhulp: first('jeugdhulp'),
		ijmondConsortium: first('consortium', /ijmond/i) ?? first('consortium'),
		southConsortium: first('consortium', /^(?!.*ijmond)/i) ?? first('consortium')
	};
	const missing = Object.entries(found).filter(([, v]) => !v);
	if (missing.length) throw new Error(`history: run seed() first (missing ${missing.map(([k]) => k).join(', ')})`);
	return found as Record<keyof typeof found, string>;
}

/**
 * Generates a synthetic history set-based (insert … select from generate_series, seeded with
 * setseed()), in one transaction: meldingen per gemeente and day, their safety assessments (most
 * on time, some late), chains of handovers (declined or withdrawn, re-offered, the last accepted)
 * with their SLA fields, breaches and warm handovers, V&V-trajecten with a condition and a step,
 * families waiting for a consortium with their safety check-ins, closures with monitoring, and the
 * consortia's waiting-time reports. Every instant is computed in working time like the services do,
 * and whatever would happen after `now` has not happened yet (an offer still open, care not yet
 * started). Events and audit rows are not written: this is history, not activity.
 */
export async function generateHistory(sql: Sql, plan: HistoryPlan): Promise<HistoryCounts> {
	const today = amsterdamDay(plan.now);
	const first = addDays(today, -7 * plan.weeks);
	const last = addDays(today, -1);
	const staff = await ensureHistoryStaff(sql);
	return sql.begin(async (tx) => {
		// big generated expressions: compiling them (JIT) would cost more than running them
		await tx`set local jit = off`;
		const [policy, sla, followups, orgs] = await Promise.all([
			readWorkdayPolicy(tx),
			readSlaPolicies(tx),
			readFollowupSettings(tx),
			partners(tx)
		]);
		const calendar = workCalendar(addDays(first, -21), addDays(today, 800), policy);
		for (const statement of calendarFunctions(calendar)) await tx.unsafe(statement);
		const counts = meldingCounts(first, last, plan.cases, POPULATION, policy, Math.abs(plan.seed ?? 0.42));
		await tx`select setseed(${plan.seed ?? 0.42})`;
		await tx`
			create temporary table hist_p on commit drop as
			select ${plan.now}::timestamptz as now, ${today}::date as today, ${first}::date as first_day, ${orgs.vt}::uuid as vt,
			       ${staff.ids}::uuid[] as staff, ${staff.names}::text[] as staff_names,
			       ${orgs.cjg}::uuid as cjg, ${orgs.ggd}::uuid as ggd, ${orgs.jeugdhulp}::uuid as jeugdhulp,
			       ${orgs.southConsortium}::uuid as south, ${orgs.ijmondConsortium}::uuid as ijmond,
			       ${sla.spoed}::int as spoed_min, ${sla.regulier}::int as regulier_min, ${followups.graceWorkdays}::int as grace,
			       ${followups.checkinIntervalDays}::int as interval_days, ${followups.statutoryTermDays}::int as term_days,
			       ${Math.round(plan.cases * plan.handoversPerCase)}::bigint as handovers, ${plan.settledOnly ?? false}::boolean as settled_only`;
		await tx`
			create temporary table hist_count on commit drop as
			select * from unnest(${counts.days}::date[], ${counts.municipalities}::text[], ${counts.counts}::int[], ${counts.lateShares}::float8[], ${counts.trends}::float8[])
			  as c(day, municipality_id, n, late_p, trend)`;
		await tx`
			create temporary table hist_wijkteam on commit drop as
			select distinct on (municipality_id) municipality_id, id from organisations where kind = 'wijkteam' and municipality_id is not null
			order by municipality_id, created_at, name`;
		await tx`
			create temporary table hist_person on commit drop as
			select s.no::int as scenario, p.position::int - 1 as position, p.value->>'role' as role, p.value->>'label' as label
			from jsonb_array_elements(${JSON.stringify(HISTORY_SCENARIOS.map((s) => s.persons))}::text::jsonb) with ordinality as s(persons, no)
			cross join jsonb_array_elements(s.persons) with ordinality as p(value, position)`;
		for (const statement of PLAN) await tx.unsafe(statement);
		for (const statement of MATERIALISE) await tx.unsafe(statement);
		const reports = await insertReports(tx, plan, first);
		const [n] = await tx<Omit<HistoryCounts, 'reports'>[]>`
			select (select count(*) from hist_keep)::int as cases,
			       (select count(*) from handovers where id in (select id from hist_h))::int as handovers,
			       (select count(*) from sla_breaches where handover_id in (select id from hist_h))::int as breaches,
			       (select count(*) from trajectories where id in (select id from hist_t))::int as trajectories,
			       (select count(*) from wait_entries where id in (select id from hist_w))::int as wait_entries,
			       (select count(*) from safety_checkins where wait_entry_id in (select id from hist_w))::int as checkins,
			       (select count(*) from monitoring_moments where id in (select id from hist_mon))::int as monitoring`;
		return { ...n, reports };
	});
}

/** The consortia's reported waiting times every two weeks, per zorgvorm and subregion, growing over the year. */
async function insertReports(tx: Tx, plan: HistoryPlan, first: string): Promise<number> {
	const until = new Date(plan.now.getTime() - (plan.reportsUntilDaysAgo ?? 57) * 86_400_000);
	const rows = await tx`
		insert into waiting_time_reports (consortium_id, care_type_id, subregion_id, waiting_days, reported_at, reported_by)
		select c.id, ct.id, s.id,
		       7 * greatest(1, round(${tx.unsafe(caseMap('ct.id', BASE_WEEKS))} * ${tx.unsafe(caseMap('s.id', SUBREGION_FACTOR))}
		                             * (case when c.id = p.ijmond then 0.9 else 1 end) * (0.75 + 0.25 * (d::date - p.first_day)::float8 / greatest(1, p.today - p.first_day))))::int,
		       pg_temp.hist_clock(d::date, case when c.id = p.ijmond then 11 else 9 end), c.reporter
		from hist_p p
		cross join generate_series(${addDays(first, 7)}::date, ${amsterdamDay(until)}::date, interval '14 days') d
		cross join (select distinct on (o.id) o.id, m.user_id as reporter from organisations o join memberships m on m.organisation_id = o.id
		            where o.kind = 'consortium' order by o.id, m.created_at) c
		cross join care_types ct cross join subregions s
		returning 1`;
	return rows.length;
}
