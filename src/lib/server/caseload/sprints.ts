import type { Db } from '../db/client.ts';
import { amsterdamDay } from '../workdays.ts';
import { amsterdamStartOfDay } from '../time.ts';
import type { SprintKind, SprintTarget } from './schema.ts';

/** A sprintweek or focusgroep as stored. */
export interface Sprint {
	id: string;
	kind: SprintKind;
	name: string;
	startsOn: string;
	endsOn: string;
	subregionId: string | null;
	subregionName: string | null;
	municipalityId: string | null;
	municipalityName: string | null;
	urgentOnly: boolean;
	olderThanDays: number | null;
	targetKind: SprintTarget;
	targetValue: number;
	createdByName: string | null;
	participants: { id: string; name: string }[];
}

/** Where a sprint stands on a day: not begun, running, or over. */
export type SprintPhase = 'planned' | 'running' | 'finished';

/** One day of a sprint's progress. */
export interface ProgressPoint {
	day: string;
	/** Assessments in scope completed by participants from the start up to the end of this day. */
	completed: number;
	/** Open assessments in scope at the end of this day. */
	remaining: number;
}

export interface SprintProgress {
	phase: SprintPhase;
	/** The werkvoorraad in scope when the sprint began (at the start of its first day). */
	remainingAtStart: number;
	/** From the first day up to today (or the last day), one point per day; empty before the start. */
	days: ProgressPoint[];
	/** The figure the target is about, now (or at the end). */
	value: number;
	/** Whether the target is reached (at the end: was reached). */
	reached: boolean;
}

const DAY_MS = 86_400_000;

/** The phase of a sprint on the Amsterdam day of `now`. */
export function sprintPhase(sprint: Pick<Sprint, 'startsOn' | 'endsOn'>, now: Date): SprintPhase {
	const today = amsterdamDay(now);
	if (today < sprint.startsOn) return 'planned';
	return today > sprint.endsOn ? 'finished' : 'running';
}

/**
 * The part of the werkvoorraad a sprint is about, for the case aliased `c` joined with its
 * gemeente `m`: the organisation's assessments, narrowed by every filter the sprint sets. "Older
 * than N days" counts from the sprint's first day.
 */
function inScope(sql: Db, orgId: string, s: Sprint) {
	return sql`
		(c.responsible_org_id = ${orgId} or exists (select 1 from handovers h where h.case_id = c.id and h.from_org_id = ${orgId}))
		${s.subregionId ? sql`and m.subregion_id = ${s.subregionId}` : sql``}
		${s.municipalityId ? sql`and c.municipality_id = ${s.municipalityId}` : sql``}
		${s.urgentOnly ? sql`and c.urgent` : sql``}
		${s.olderThanDays ? sql`and c.report_date <= ${s.startsOn}::date - ${s.olderThanDays}::int` : sql``}`;
}

/**
 * A sprint's progress at `now`, computed from the cases (nothing is stored): per day from the first
 * day to today (or the last), the assessments in scope completed since the start by participants
 * (the case's responsible medewerker is a participant), and the open assessments in scope.
 */
export async function sprintProgress(sql: Db, orgId: string, sprint: Sprint, now: Date): Promise<SprintProgress> {
	const phase = sprintPhase(sprint, now);
	const today = amsterdamDay(now);
	const last = phase === 'finished' ? sprint.endsOn : today;
	const start = amsterdamStartOfDay(sprint.startsOn);
	const participants = sprint.participants.map((p) => p.id);
	// the end of a day is the start of the next; today's end is now (nothing later has happened)
	const [base] = await sql<{ n: number }[]>`
		select count(*)::int as n from cases c join municipalities m on m.id = c.municipality_id
		where ${inScope(sql, orgId, sprint)} and c.report_date < ${sprint.startsOn}::date
		  and (c.assessment_completed_at is null or c.assessment_completed_at >= ${start})
		  and (c.closed_at is null or c.closed_at >= ${start})`;
	const days =
		phase === 'planned'
			? []
			: await sql<ProgressPoint[]>`
		with sc as (
			-- the scope's cases that can still count from the start: read once, then counted per day
			select c.report_date, c.assessment_completed_at as done, c.closed_at, c.responsible_user_id = any(${participants}::uuid[]) as mine
			from cases c join municipalities m on m.id = c.municipality_id
			where ${inScope(sql, orgId, sprint)} and c.report_date <= ${last}::date
			  and (c.assessment_completed_at is null or c.assessment_completed_at >= ${start})
			  and (c.closed_at is null or c.closed_at >= ${start})
		),
		d as (
			select day::date as day,
			       least((day::date + 1)::timestamp at time zone 'Europe/Amsterdam', ${now}::timestamptz) as end_at
			from generate_series(${sprint.startsOn}::date, ${last}::date, interval '1 day') as day
		)
		select d.day::text as day,
		       count(sc.report_date) filter (where sc.mine and sc.done < d.end_at)::int as completed,
		       count(sc.report_date) filter (where sc.report_date <= d.day and (sc.done is null or sc.done >= d.end_at)
		                                       and (sc.closed_at is null or sc.closed_at >= d.end_at))::int as remaining
		from d left join sc on true
		group by d.day order by d.day`;
	const latest = days[days.length - 1];
	const value = sprint.targetKind === 'assessments_completed' ? (latest?.completed ?? 0) : (latest?.remaining ?? base.n);
	const reached =
		phase !== 'planned' && (sprint.targetKind === 'assessments_completed' ? value >= sprint.targetValue : value <= sprint.targetValue);
	return { phase, remainingAtStart: base.n, days, value, reached };
}

/** How many days a sprint lasts (both ends included). */
export function sprintLength(s: Pick<Sprint, 'startsOn' | 'endsOn'>): number {
	return Math.round((Date.parse(s.endsOn) - Date.parse(s.startsOn)) / DAY_MS) + 1;
}

const SPRINT_COLUMNS = (sql: Db) => sql`
	s.id, s.kind::text as kind, s.name, s.starts_on::text as starts_on, s.ends_on::text as ends_on,
	s.scope_subregion_id as subregion_id, sr.name as subregion_name, s.scope_municipality_id as municipality_id, mu.name as municipality_name,
	s.scope_urgent_only as urgent_only, s.scope_older_than_days as older_than_days, s.target_kind::text as target_kind, s.target_value,
	cb.name as created_by_name,
	coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name)
	          from sprint_participants sp join users u on u.id = sp.user_id where sp.sprint_id = s.id), '[]'::json) as participants`;

const SPRINT_FROM = (sql: Db) => sql`
	from sprints s
	left join subregions sr on sr.id = s.scope_subregion_id
	left join municipalities mu on mu.id = s.scope_municipality_id
	left join users cb on cb.id = s.created_by`;

/** The organisation's sprints, newest first (at most `limit`). */
export async function listSprints(sql: Db, orgId: string, limit = 20): Promise<Sprint[]> {
	return sql<
		Sprint[]
	>`select ${SPRINT_COLUMNS(sql)} ${SPRINT_FROM(sql)} where s.organisation_id = ${orgId} order by s.starts_on desc, s.created_at desc limit ${limit}`;
}

/** One sprint of the organisation; null when it does not exist or is another organisation's. */
export async function readSprint(sql: Db, orgId: string, sprintId: string): Promise<Sprint | null> {
	const [row] = await sql<
		Sprint[]
	>`select ${SPRINT_COLUMNS(sql)} ${SPRINT_FROM(sql)} where s.id = ${sprintId} and s.organisation_id = ${orgId}`;
	return row ?? null;
}
