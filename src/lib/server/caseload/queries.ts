import type { Db } from '../db/client.ts';
import { assessmentStateOf } from '../cases/lateness.ts';
import { dueCheckinCountsByAssignee } from '../checkins/queries.ts';
import { openMomentsByMonitor } from '../monitoring/queries.ts';
import { amsterdamDay } from '../workdays.ts';
import { amsterdamStartOfDay } from '../time.ts';

/**
 * The stages of a medewerker's caseload (rule 9):
 * - assessment: an open case of the team, not (yet) offered to a partner;
 * - offered:    an open case with a live handover (offered, or accepted and the warm handover still to come);
 * - vv:         a V&V-traject of the team is running (the case may already be the partner's);
 * - monitoring: VT closed the case and a monitoring moment waits for its outcome (counted for the monitor).
 */
export type CaseloadStage = 'assessment' | 'offered' | 'vv' | 'monitoring';
export const CASELOAD_STAGES: readonly CaseloadStage[] = ['assessment', 'offered', 'vv', 'monitoring'];

export type StageCounts = Record<CaseloadStage, number>;

/** One medewerker's caseload at a moment. */
export interface CaseloadRow {
	userId: string;
	name: string;
	/** The norm held against: their own, or the team default. */
	norm: number;
	ownNorm: boolean;
	stages: StageCounts;
	/** What counts against the norm: all four stages. */
	load: number;
	overNorm: boolean;
	/** Open cases whose assessment is past its norm (rule 1, assessment_state 'overdue'). */
	overdueAssessments: number;
	/** Offers of their cases past the response time without an answer. */
	offersPastDeadline: number;
	checkinsDue: number;
	checkinsOverdue: number;
	monitoringDue: number;
}

export interface Caseload {
	teamNorm: number;
	people: CaseloadRow[];
	/** Open cases of the team without a responsible medewerker (not counted against anyone). */
	unassigned: StageCounts & { overdueAssessments: number };
}

const zero = (): StageCounts => ({ assessment: 0, offered: 0, vv: 0, monitoring: 0 });

/**
 * The open cases the team carries with their stage, for the case aliased `oc` (user_id, stage,
 * overdue): the team's open cases, and cases of a partner in which the team's V&V-traject runs.
 */
function openCasesCte(sql: Db, orgId: string, now: Date) {
	return sql`
		select c.id, c.responsible_user_id as user_id,
		       case when t.case_id is not null then 'vv'
		            when exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted')) then 'offered'
		            else 'assessment' end as stage,
		       ${assessmentStateOf(sql, now)} = 'overdue' as overdue
		from cases c
		left join trajectories t on t.case_id = c.id and t.status = 'open' and t.vt_org_id = ${orgId}
		where c.closed_at is null and (c.responsible_org_id = ${orgId} or t.case_id is not null)`;
}

/**
 * The caseload of every medewerker of a VT organisation at `now`: open cases by stage, assessments
 * past their norm, offers past their deadline, check-ins and monitoring due, against each person's
 * caseload norm. Medewerkers (and coördinatoren who carry cases) of the organisation, by name.
 */
export async function readCaseload(sql: Db, orgId: string, now: Date): Promise<Caseload> {
	const today = amsterdamDay(now);
	const [stageRows, offerRows, checkins, moments, people, [org]] = await Promise.all([
		sql<({ userId: string | null; overdue: number } & StageCounts)[]>`
			with oc as (${openCasesCte(sql, orgId, now)})
			select oc.user_id,
			       count(*) filter (where stage = 'assessment')::int as assessment,
			       count(*) filter (where stage = 'offered')::int as offered,
			       count(*) filter (where stage = 'vv')::int as vv,
			       0 as monitoring,
			       count(*) filter (where overdue)::int as overdue
			from oc group by oc.user_id`,
		sql<{ userId: string; n: number }[]>`
			select c.responsible_user_id as user_id, count(*)::int as n
			from handovers h join cases c on c.id = h.case_id
			where h.from_org_id = ${orgId} and h.status = 'open' and h.respond_before <= ${now} and c.responsible_user_id is not null
			group by c.responsible_user_id`,
		dueCheckinCountsByAssignee(sql, orgId, today),
		openMomentsByMonitor(sql, orgId, today),
		sql<{ userId: string; name: string; ownNorm: number | null; member: boolean }[]>`
			select u.id as user_id, u.name, n.norm as own_norm,
			       exists (select 1 from memberships ms where ms.user_id = u.id and ms.organisation_id = ${orgId} and ms.role = 'medewerker') as member
			from users u
			left join caseload_norms n on n.user_id = u.id and n.organisation_id = ${orgId}
			where u.disabled_at is null
			  and exists (select 1 from memberships ms where ms.user_id = u.id and ms.organisation_id = ${orgId} and ms.role in ('medewerker', 'coordinator'))`,
		sql<{ caseloadNorm: number }[]>`select caseload_norm from organisations where id = ${orgId}`
	]);
	const teamNorm = org?.caseloadNorm ?? 20;
	const unassigned = { ...zero(), overdueAssessments: 0 };
	const byUser = new Map(stageRows.filter((r) => r.userId).map((r) => [r.userId as string, r]));
	for (const r of stageRows.filter((r) => !r.userId)) {
		unassigned.assessment += r.assessment;
		unassigned.offered += r.offered;
		unassigned.vv += r.vv;
		unassigned.overdueAssessments += r.overdue;
	}
	const offers = new Map(offerRows.map((r) => [r.userId, r.n]));
	const rows: CaseloadRow[] = [];
	for (const p of people) {
		const s = byUser.get(p.userId);
		const m = moments.get(p.userId);
		const c = checkins.get(p.userId);
		const stages: StageCounts = { assessment: s?.assessment ?? 0, offered: s?.offered ?? 0, vv: s?.vv ?? 0, monitoring: m?.open ?? 0 };
		const load = stages.assessment + stages.offered + stages.vv + stages.monitoring;
		// a coördinator who carries nothing is not part of the caseloadgesprek
		if (!p.member && load === 0) continue;
		const norm = p.ownNorm ?? teamNorm;
		rows.push({
			userId: p.userId,
			name: p.name,
			norm,
			ownNorm: p.ownNorm !== null,
			stages,
			load,
			overNorm: load > norm,
			overdueAssessments: s?.overdue ?? 0,
			offersPastDeadline: offers.get(p.userId) ?? 0,
			checkinsDue: c?.due ?? 0,
			checkinsOverdue: c?.overdue ?? 0,
			monitoringDue: m?.due ?? 0
		});
	}
	rows.sort((a, b) => a.name.localeCompare(b.name, 'nl'));
	return { teamNorm, people: rows, unassigned };
}

/** One week of the waiting-time trend: its label and, per subregion, the median (null: no assessment at all). */
export interface WeekPoint {
	/** ISO date of the week's Monday. */
	monday: string;
	/** "wk 12" */
	short: string;
	/** "week van 16 maart 2026" */
	long: string;
}

export interface SubregionFigures {
	id: string;
	name: string;
	/** The team's open cases of the subregion's gemeenten (the werkvoorraad). */
	werkvoorraad: number;
	/** Of those, assessments past their norm. */
	overdue: number;
	/** The median waiting time in days of the current week (see WAITING_TIME_DEFINITION). */
	waitingDays: number | null;
	/** How many assessments the current median is taken over. */
	waitingCount: number;
	/** The median per week, oldest first (same weeks as Balance.weeks). */
	trend: (number | null)[];
}

export interface Balance {
	weeks: WeekPoint[];
	subregions: SubregionFigures[];
}

/** How many weeks the waiting-time trend shows (this week included). */
export const TREND_WEEKS = 13;

const DAY_MS = 86_400_000;
const longDay = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The Mondays of the last `count` weeks (Amsterdam), oldest first; the last is this week's. */
export function trendWeeks(now: Date, count = TREND_WEEKS): WeekPoint[] {
	const today = new Date(`${amsterdamDay(now)}T00:00:00Z`);
	const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * DAY_MS);
	const out: WeekPoint[] = [];
	for (let i = count - 1; i >= 0; i--) {
		const d = new Date(monday.getTime() - i * 7 * DAY_MS);
		out.push({ monday: d.toISOString().slice(0, 10), short: `wk ${isoWeek(d)}`, long: `week van ${longDay.format(d)}` });
	}
	return out;
}

function isoWeek(d: Date): number {
	const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
	t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
	const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
	return Math.ceil(((t.getTime() - yearStart) / DAY_MS + 1) / 7);
}

/**
 * The cases of a VT organisation for the waiting time: its own, and those it handed over (the
 * assessment was VT's). For the case aliased `c`.
 */
function vtCase(sql: Db, orgId: string) {
	return sql`(c.responsible_org_id = ${orgId} or exists (select 1 from handovers h where h.case_id = c.id and h.from_org_id = ${orgId}))`;
}

/**
 * Per subregion: the werkvoorraad, the assessments in it past their norm, and the assessment
 * waiting time now and per week over the last TREND_WEEKS weeks. The waiting time of a week is the
 * median, over the assessments completed that week and the meldingen still waiting for theirs at
 * the end of it, of the calendar days from the melding to the completed assessment (or to the end of
 * the week; this week: to `now`).
 */
export async function readBalance(sql: Db, orgId: string, now: Date): Promise<Balance> {
	const weeks = trendWeeks(now);
	const starts = weeks.map((w) => amsterdamStartOfDay(w.monday));
	const ends = weeks.map((w, i) =>
		i === weeks.length - 1 ? now : amsterdamStartOfDay(new Date(Date.parse(w.monday) + 7 * DAY_MS).toISOString().slice(0, 10))
	);
	const [stock, waiting] = await Promise.all([
		sql<{ id: string; name: string; werkvoorraad: number; overdue: number }[]>`
			select s.id, s.name, count(c.id)::int as werkvoorraad,
			       count(c.id) filter (where ${assessmentStateOf(sql, now)} = 'overdue')::int as overdue
			from subregions s
			left join municipalities m on m.subregion_id = s.id
			left join cases c on c.municipality_id = m.id and c.responsible_org_id = ${orgId} and c.closed_at is null
			group by s.id, s.name order by s.name`,
		sql<{ subregionId: string; week: number; median: number | null; n: number }[]>`
			with w as (
				select * from unnest(${starts.map((d) => d.toISOString())}::timestamptz[], ${ends.map((d) => d.toISOString())}::timestamptz[]) with ordinality as w(start_at, end_at, week)
			),
			vc as (
				select m.subregion_id, c.report_date, c.assessment_completed_at as done, c.closed_at
				from cases c join municipalities m on m.id = c.municipality_id
				where ${vtCase(sql, orgId)} and c.report_date <= ${amsterdamDay(now)}::date
				  and (c.assessment_completed_at is null or c.assessment_completed_at >= ${starts[0]})
				  and (c.closed_at is null or c.closed_at >= ${starts[0]})
			),
			d as (
				select vc.subregion_id, w.week,
				       ((case when vc.done < w.end_at then vc.done else w.end_at end) at time zone 'Europe/Amsterdam')::date - vc.report_date as days
				from vc join w on vc.report_date <= ((w.end_at - interval '1 microsecond') at time zone 'Europe/Amsterdam')::date
				where (vc.done >= w.start_at and vc.done < w.end_at)
				   or ((vc.done is null or vc.done >= w.end_at) and (vc.closed_at is null or vc.closed_at >= w.end_at))
			)
			select subregion_id, week::int as week, percentile_cont(0.5) within group (order by days)::float8 as median, count(*)::int as n
			from d group by subregion_id, week`
	]);
	const subregions = stock.map((s): SubregionFigures => {
		const trend = weeks.map((_, i) => {
			const row = waiting.find((r) => r.subregionId === s.id && r.week === i + 1);
			return row?.median ?? null;
		});
		const current = waiting.find((r) => r.subregionId === s.id && r.week === weeks.length);
		return {
			id: s.id,
			name: s.name,
			werkvoorraad: s.werkvoorraad,
			overdue: s.overdue,
			waitingDays: current?.median ?? null,
			waitingCount: current?.n ?? 0,
			trend
		};
	});
	return { weeks, subregions };
}

/** The medewerkers of a VT organisation who may take part in a sprint, by name. */
export async function teamMembers(sql: Db, orgId: string): Promise<{ id: string; name: string }[]> {
	return sql<{ id: string; name: string }[]>`
		select distinct u.id, u.name from users u join memberships ms on ms.user_id = u.id
		where ms.organisation_id = ${orgId} and ms.role in ('medewerker', 'coordinator') and u.disabled_at is null
		order by u.name`;
}
