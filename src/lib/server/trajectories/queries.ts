import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { countUpTo, keysetPage, type ListOrder, type ListTotal, type Page, type PageRequest } from '../lists/keyset.ts';
import { PAGE_SIZE, referenceLike } from '../lists/query.ts';
import type { ConditionStatus, Side } from './schema.ts';

export interface TrajectoryCondition {
	id: string;
	description: string;
	ownerSide: Side;
	dueOn: string;
	status: ConditionStatus;
	/** The workers escalated it to both coordinators (still open after the grace period). */
	escalated: boolean;
	updatedByName: string | null;
	updatedAt: Date;
}

export interface TrajectoryStep {
	id: string;
	description: string;
	ownerSide: Side;
	dueOn: string;
	done: boolean;
	escalated: boolean;
	updatedByName: string | null;
	updatedAt: Date;
}

export interface TrajectoryRow {
	id: string;
	caseId: string;
	reference: string;
	vtOrgId: string;
	vtOrgName: string;
	partnerOrgId: string;
	partnerOrgName: string;
	vtResponsibleId: string;
	vtResponsibleName: string;
	partnerResponsibleId: string | null;
	partnerResponsibleName: string | null;
	openedByName: string | null;
	openedAt: Date;
	/** YYYY-MM-DD (Europe/Amsterdam). */
	statutoryDue: string;
	partnerContinuesConfirmedByName: string | null;
	partnerContinuesConfirmedAt: Date | null;
	vtClosedByName: string | null;
	vtClosedAt: Date | null;
	status: 'open' | 'closed';
	conditions: TrajectoryCondition[];
	steps: TrajectoryStep[];
}

/** One trajectory with its conditions and steps (oldest first), or null. No access check. */
export async function readTrajectory(sql: Db, id: string): Promise<TrajectoryRow | null> {
	if (!isUuid(id)) return null;
	const [t] = await sql<Omit<TrajectoryRow, 'conditions' | 'steps'>[]>`
		select t.id, t.case_id, c.reference, t.vt_org_id, vo.name as vt_org_name, t.partner_org_id, po.name as partner_org_name,
		       t.vt_responsible_id, vr.name as vt_responsible_name, t.partner_responsible_id, pr.name as partner_responsible_name,
		       ob.name as opened_by_name, t.opened_at, to_char(t.statutory_due, 'YYYY-MM-DD') as statutory_due,
		       pc.name as partner_continues_confirmed_by_name, t.partner_continues_confirmed_at,
		       vc.name as vt_closed_by_name, t.vt_closed_at, t.status::text as status
		from trajectories t
		join cases c on c.id = t.case_id
		join organisations vo on vo.id = t.vt_org_id
		join organisations po on po.id = t.partner_org_id
		join users vr on vr.id = t.vt_responsible_id
		left join users pr on pr.id = t.partner_responsible_id
		left join users ob on ob.id = t.opened_by
		left join users pc on pc.id = t.partner_continues_confirmed_by
		left join users vc on vc.id = t.vt_closed_by
		where t.id = ${id}`;
	if (!t) return null;
	const conditions = await sql<TrajectoryCondition[]>`
		select tc.id, tc.description, tc.owner_side::text as owner_side, to_char(tc.due_on, 'YYYY-MM-DD') as due_on,
		       tc.status::text as status, tc.escalated_at is not null as escalated, u.name as updated_by_name, tc.updated_at
		from trajectory_conditions tc left join users u on u.id = tc.updated_by
		where tc.trajectory_id = ${id} order by tc.created_at, tc.id`;
	const steps = await sql<TrajectoryStep[]>`
		select ts.id, ts.description, ts.owner_side::text as owner_side, to_char(ts.due_on, 'YYYY-MM-DD') as due_on,
		       ts.done, ts.escalated_at is not null as escalated, u.name as updated_by_name, ts.updated_at
		from trajectory_steps ts left join users u on u.id = ts.updated_by
		where ts.trajectory_id = ${id} order by ts.created_at, ts.id`;
	return { ...t, conditions: [...conditions], steps: [...steps] };
}

export interface TrajectorySummary {
	id: string;
	caseId: string;
	reference: string;
	partnerOrgName: string;
	vtResponsibleName: string;
	partnerResponsibleName: string | null;
	statutoryDue: string;
	partnerConfirmed: boolean;
	openConditions: number;
	openSteps: number;
	/** Open conditions and steps the workers flagged as overdue. */
	overdue: number;
}

/** Filters of the V&V list; `mineOf`: only trajectories this user is responsible for (either side). */
export interface TrajectoryFilter {
	closed?: boolean;
	search?: string;
	municipalityId?: string;
	mineOf?: string | null;
	/** Only those whose statutory term has passed before this day (YYYY-MM-DD). */
	termPassedBefore?: string;
}

/** Running ones nearest term first; closed ones latest term first. */
const TRAJECTORY_ORDER = (sql: Db, closed: boolean): ListOrder => ({
	id: closed ? 'trajecten:afgesloten' : 'trajecten:lopend',
	keys: [
		{ sql: sql`t.statutory_due`, type: 'date', desc: closed },
		{ sql: sql`t.id`, type: 'uuid', desc: closed }
	]
});

const trajectoryFrom = (sql: Db, organisationId: string, side: Side, f: TrajectoryFilter) => sql`
	from trajectories t
	join cases c on c.id = t.case_id
	where ${side === 'vt' ? sql`t.vt_org_id = ${organisationId}` : sql`t.partner_org_id = ${organisationId}`}
	  and t.status = ${f.closed ? 'closed' : 'open'}::trajectory_status
	${referenceLike(sql, sql`c.reference`, f.search)}
	${f.municipalityId ? sql`and c.municipality_id = ${f.municipalityId}` : sql``}
	${f.mineOf ? sql`and (t.vt_responsible_id = ${f.mineOf} or t.partner_responsible_id = ${f.mineOf})` : sql``}
	${f.termPassedBefore ? sql`and t.statutory_due < ${f.termPassedBefore}::date` : sql``}`;

/** One page of the trajectories the organisation takes part in on its side (open, or closed), filtered. */
export async function trajectoryList(
	sql: Db,
	organisationId: string,
	side: Side,
	filter: TrajectoryFilter = {},
	page: PageRequest = { limit: PAGE_SIZE }
): Promise<Page<TrajectorySummary>> {
	return keysetPage(
		sql,
		TRAJECTORY_ORDER(sql, !!filter.closed),
		page,
		(k) => sql<TrajectorySummary[]>`
		select t.id, t.case_id, c.reference, po.name as partner_org_name, vr.name as vt_responsible_name,
		       pr.name as partner_responsible_name, to_char(t.statutory_due, 'YYYY-MM-DD') as statutory_due,
		       t.partner_continues_confirmed_at is not null as partner_confirmed,
		       (select count(*)::int from trajectory_conditions tc where tc.trajectory_id = t.id and tc.status = 'open') as open_conditions,
		       (select count(*)::int from trajectory_steps ts where ts.trajectory_id = t.id and not ts.done) as open_steps,
		       (select count(*)::int from trajectory_conditions tc where tc.trajectory_id = t.id and tc.status = 'open' and tc.reminded_at is not null)
		       + (select count(*)::int from trajectory_steps ts where ts.trajectory_id = t.id and not ts.done and ts.reminded_at is not null) as overdue
		       ${k.keys}
		from (select t.* ${trajectoryFrom(sql, organisationId, side, filter)} ${k.after} ${k.order} ${k.limit}) t
		join cases c on c.id = t.case_id
		join organisations po on po.id = t.partner_org_id
		join users vr on vr.id = t.vt_responsible_id
		left join users pr on pr.id = t.partner_responsible_id
		${k.order}`
	);
}

/** How many trajectories the filtered list holds (counted up to 1,000). */
export function trajectoryListTotal(sql: Db, organisationId: string, side: Side, filter: TrajectoryFilter = {}): Promise<ListTotal> {
	return countUpTo(sql, trajectoryFrom(sql, organisationId, side, filter));
}

/** The case's open trajectory, else its most recent one (only those with `partnerOrgId` when given), or null. */
export async function trajectoryOfCase(
	sql: Db,
	caseId: string,
	partnerOrgId?: string
): Promise<{ id: string; status: string; partnerOrgName: string } | null> {
	if (!isUuid(caseId)) return null;
	const [row] = await sql<{ id: string; status: string; partnerOrgName: string }[]>`
		select t.id, t.status::text as status, o.name as partner_org_name
		from trajectories t join organisations o on o.id = t.partner_org_id
		where t.case_id = ${caseId} ${partnerOrgId ? sql`and t.partner_org_id = ${partnerOrgId}` : sql``} order by (t.status = 'open') desc, t.opened_at desc limit 1`;
	return row ?? null;
}

/** Medewerkers and coordinators of an organisation (not disabled), by name: who can be named responsible. */
export async function workersOf(sql: Db, organisationId: string): Promise<{ id: string; name: string }[]> {
	const rows = await sql<{ id: string; name: string }[]>`
		select distinct u.id, u.name from users u join memberships m on m.user_id = u.id
		where m.organisation_id = ${organisationId} and m.role in ('medewerker', 'coordinator') and u.disabled_at is null
		order by u.name`;
	return [...rows];
}

/** Partner organisations whose handover of this case (from VT) is accepted or completed: who a trajectory can be opened with. */
export async function trajectoryPartners(sql: Db, caseId: string, vtOrgId: string): Promise<{ id: string; name: string }[]> {
	if (!isUuid(caseId)) return [];
	const rows = await sql<{ id: string; name: string }[]>`
		select distinct o.id, o.name from handovers h join organisations o on o.id = h.to_org_id
		where h.case_id = ${caseId} and h.from_org_id = ${vtOrgId} and h.status in ('accepted', 'completed') order by o.name`;
	return [...rows];
}
