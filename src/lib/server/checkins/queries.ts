import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { countUpTo, keysetPage, type ListOrder, type ListTotal, type Page, type PageRequest } from '../lists/keyset.ts';
import { PAGE_SIZE, referenceLike } from '../lists/query.ts';
import type { CheckinOutcome } from './schema.ts';

/** An open safety check-in as the work lists show it (no family data: the case reference only). */
export interface CheckinListItem {
	id: string;
	caseId: string;
	reference: string;
	waitEntryId: string;
	consortiumName: string;
	careTypeName: string;
	subregionName: string;
	/** YYYY-MM-DD. */
	waitingSince: string;
	dueOn: string;
	assignedToId: string;
	assignedToName: string;
	remindedAt: Date | null;
	escalatedAt: Date | null;
	lastOutcome: CheckinOutcome | null;
	lastContactedOn: string | null;
}

/** A recorded check-in of a wait entry (the history). */
export interface RecordedCheckin {
	id: string;
	dueOn: string;
	outcome: CheckinOutcome;
	contactedOn: string;
	contactWith: string;
	note: string;
	recordedByName: string | null;
	recordedAt: Date;
	escalatedAt: Date | null;
}

/** One check-in with its wait entry, for the record page. */
export interface CheckinDetail extends CheckinListItem {
	vtOrgId: string | null;
	status: 'open' | 'recorded' | 'cancelled';
	outcome: CheckinOutcome | null;
	note: string | null;
	contactedOn: string | null;
	contactWith: string | null;
	recordedByName: string | null;
	recordedAt: Date | null;
	cancelledAt: Date | null;
	careStartedOn: string | null;
	responsibleName: string;
}

const LIST_COLUMNS = (sql: Db) => sql`
	sc.id, sc.case_id, c.reference, sc.wait_entry_id, co.name as consortium_name, ct.name as care_type_name, sr.name as subregion_name,
	to_char(we.waiting_since, 'YYYY-MM-DD') as waiting_since, to_char(sc.due_on, 'YYYY-MM-DD') as due_on,
	sc.assigned_to as assigned_to_id, au.name as assigned_to_name, sc.reminded_at, sc.escalated_at,
	last.outcome::text as last_outcome, to_char(last.contacted_on, 'YYYY-MM-DD') as last_contacted_on`;

const LIST_FROM = (sql: Db) => sql`
	from safety_checkins sc
	join wait_entries we on we.id = sc.wait_entry_id
	join cases c on c.id = sc.case_id
	join organisations co on co.id = we.consortium_id
	join care_types ct on ct.id = we.care_type_id
	join subregions sr on sr.id = we.subregion_id
	join users au on au.id = sc.assigned_to
	left join lateral (
	  select p.outcome, p.contacted_on from safety_checkins p
	  where p.wait_entry_id = sc.wait_entry_id and p.outcome is not null order by p.contacted_on desc, p.recorded_at desc limit 1
	) last on true`;

const OPEN = (sql: Db) => sql`sc.outcome is null and sc.cancelled_at is null and we.care_started_on is null`;

/** Filters of the check-in lists. */
export interface CheckinFilter {
	search?: string;
	/** aan-de-beurt: due today or earlier; te-laat: due before today; gepland: due after today; geescaleerd: escalated. */
	state?: 'aan-de-beurt' | 'te-laat' | 'gepland' | 'geescaleerd';
	consortiumId?: string;
}

/** Whose check-ins: one medewerker's (within the VT organisation), or the whole team's. */
export type CheckinsOf = { vtOrgId: string; assignedTo?: string };

/** A medewerker's: earliest due first. The team's: escalated first, then overdue, then those whose last check was an escalatie, then by due day. */
const CHECKIN_ORDER = (sql: Db, team: boolean, today: string): ListOrder =>
	team
		? {
				id: 'veiligheidschecks:team',
				keys: [
					{ sql: sql`(sc.escalated_at is null)`, type: 'bool' },
					{ sql: sql`(sc.due_on >= ${today}::date)`, type: 'bool' },
					{ sql: sql`(not coalesce(last.outcome = 'escalatie', false))`, type: 'bool' },
					{ sql: sql`sc.due_on`, type: 'date' },
					{ sql: sql`sc.id`, type: 'uuid' }
				]
			}
		: {
				id: 'veiligheidschecks:mijn',
				keys: [
					{ sql: sql`sc.due_on`, type: 'date' },
					{ sql: sql`sc.id`, type: 'uuid' }
				]
			};

const checkinWhere = (sql: Db, of: CheckinsOf, today: string, f: CheckinFilter) => sql`
	where ${OPEN(sql)} and sc.vt_org_id = ${of.vtOrgId}
	${of.assignedTo ? sql`and sc.assigned_to = ${of.assignedTo}` : sql``}
	${referenceLike(sql, sql`c.reference`, f.search)}
	${f.state === 'aan-de-beurt' ? sql`and sc.due_on <= ${today}::date` : sql``}
	${f.state === 'te-laat' ? sql`and sc.due_on < ${today}::date` : sql``}
	${f.state === 'gepland' ? sql`and sc.due_on > ${today}::date` : sql``}
	${f.state === 'geescaleerd' ? sql`and sc.escalated_at is not null` : sql``}
	${f.consortiumId ? sql`and we.consortium_id = ${f.consortiumId}` : sql``}`;

/** One page of open check-ins: a medewerker's (`assignedTo`) or the whole VT team's, filtered. */
export async function checkinList(
	sql: Db,
	of: CheckinsOf,
	today: string,
	filter: CheckinFilter = {},
	page: PageRequest = { limit: PAGE_SIZE }
): Promise<Page<CheckinListItem>> {
	return keysetPage(
		sql,
		CHECKIN_ORDER(sql, !of.assignedTo, today),
		page,
		(k) => sql<CheckinListItem[]>`
		select ${LIST_COLUMNS(sql)} ${k.keys} ${LIST_FROM(sql)} ${checkinWhere(sql, of, today, filter)} ${k.after} ${k.order} ${k.limit}`
	);
}

/** How many open check-ins the filtered list holds (counted up to 1,000). */
export function checkinListTotal(sql: Db, of: CheckinsOf, today: string, filter: CheckinFilter = {}): Promise<ListTotal> {
	return countUpTo(
		sql,
		sql`from safety_checkins sc join wait_entries we on we.id = sc.wait_entry_id join cases c on c.id = sc.case_id ${checkinWhere(sql, of, today, filter)}`
	);
}

/** The team's open check-ins: how many, how many escalated, how many overdue (the summary above the list). */
export async function teamCheckinCounts(
	sql: Db,
	vtOrgId: string,
	today: string
): Promise<{ open: number; escalated: number; overdue: number }> {
	const [row] = await sql<{ open: number; escalated: number; overdue: number }[]>`
		select count(*)::int as open, count(*) filter (where sc.escalated_at is not null)::int as escalated,
		       count(*) filter (where sc.due_on < ${today}::date)::int as overdue
		from safety_checkins sc join wait_entries we on we.id = sc.wait_entry_id
		where ${OPEN(sql)} and sc.vt_org_id = ${vtOrgId}`;
	return row;
}

/** One check-in with its wait entry (any state), or null. No access check. */
export async function readCheckin(sql: Db, id: string): Promise<CheckinDetail | null> {
	if (!isUuid(id)) return null;
	const [row] = await sql<CheckinDetail[]>`
		select ${LIST_COLUMNS(sql)}, sc.vt_org_id,
		       case when sc.outcome is not null then 'recorded' when sc.cancelled_at is not null or we.care_started_on is not null then 'cancelled' else 'open' end as status,
		       sc.outcome::text as outcome, sc.note, to_char(sc.contacted_on, 'YYYY-MM-DD') as contacted_on, sc.contact_with,
		       rb.name as recorded_by_name, sc.recorded_at, sc.cancelled_at,
		       to_char(we.care_started_on, 'YYYY-MM-DD') as care_started_on, ru.name as responsible_name
		${LIST_FROM(sql)}
		join users ru on ru.id = we.responsible_user_id
		left join users rb on rb.id = sc.recorded_by
		where sc.id = ${id}`;
	return row ?? null;
}

/** The recorded check-ins of a wait entry, newest contact first. */
export async function checkinHistory(sql: Db, waitEntryId: string): Promise<RecordedCheckin[]> {
	const rows = await sql<RecordedCheckin[]>`
		select sc.id, to_char(sc.due_on, 'YYYY-MM-DD') as due_on, sc.outcome::text as outcome, to_char(sc.contacted_on, 'YYYY-MM-DD') as contacted_on,
		       sc.contact_with, coalesce(sc.note, '') as note, u.name as recorded_by_name, sc.recorded_at, sc.escalated_at
		from safety_checkins sc left join users u on u.id = sc.recorded_by
		where sc.wait_entry_id = ${waitEntryId} and sc.outcome is not null
		order by sc.contacted_on desc, sc.recorded_at desc`;
	return [...rows];
}

/** The open check-in of a wait entry, if any. */
export async function openCheckinOf(sql: Db, waitEntryId: string): Promise<{ id: string; dueOn: string } | null> {
	const [row] = await sql<{ id: string; dueOn: string }[]>`
		select id, to_char(due_on, 'YYYY-MM-DD') as due_on from safety_checkins
		where wait_entry_id = ${waitEntryId} and outcome is null and cancelled_at is null`;
	return row ?? null;
}

/**
 * Open check-ins of the VT organisation that are due (today or earlier) and how many of those are
 * overdue: the assigned medewerker's own, or the whole team's when `assignedTo` is null.
 */
export async function dueCheckinCounts(
	sql: Db,
	vtOrgId: string,
	assignedTo: string | null,
	today: string
): Promise<{ due: number; overdue: number }> {
	const [row] = await sql<{ due: number; overdue: number }[]>`
		select count(*)::int as due, count(*) filter (where sc.due_on < ${today}::date)::int as overdue
		from safety_checkins sc join wait_entries we on we.id = sc.wait_entry_id
		where ${OPEN(sql)} and sc.vt_org_id = ${vtOrgId} ${assignedTo ? sql`and sc.assigned_to = ${assignedTo}` : sql``} and sc.due_on <= ${today}::date`;
	return row;
}

/** Per VT medewerker (assigned_to): the team's open check-ins due by `today`, and how many of those are past their day. */
export async function dueCheckinCountsByAssignee(
	sql: Db,
	vtOrgId: string,
	today: string
): Promise<Map<string, { due: number; overdue: number }>> {
	const rows = await sql<{ userId: string; due: number; overdue: number }[]>`
		select sc.assigned_to as user_id, count(*)::int as due, count(*) filter (where sc.due_on < ${today}::date)::int as overdue
		from safety_checkins sc join wait_entries we on we.id = sc.wait_entry_id
		where ${OPEN(sql)} and sc.vt_org_id = ${vtOrgId} and sc.due_on <= ${today}::date
		group by sc.assigned_to`;
	return new Map(rows.map((r) => [r.userId, { due: r.due, overdue: r.overdue }]));
}
