import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { SUBREGIONS } from '../../region.ts';
import { countUpTo, keysetPage, type ListOrder, type ListTotal, type Page, type PageRequest } from '../lists/keyset.ts';
import { PAGE_SIZE, referenceLike } from '../lists/query.ts';

export interface CareType {
	id: string;
	name: string;
	normDays: number;
	position: number;
	updatedAt: Date | null;
	updatedByName: string | null;
}

/** The zorgvormen with their norms, in their fixed order. */
export function careTypes(sql: Db): Promise<CareType[]> {
	return sql<CareType[]>`
		select ct.id, ct.name, ct.norm_days, ct.position, ct.updated_at, u.name as updated_by_name
		from care_types ct left join users u on u.id = ct.updated_by order by ct.position, ct.name`;
}

export interface Subregion {
	id: string;
	name: string;
}

/** The subregions, in the order the region uses (SUBREGIONS: Zuid-Kennemerland, IJmond, Haarlemmermeer). */
export function subregions(sql: Db): Promise<Subregion[]> {
	return sql<Subregion[]>`
		select id, name from subregions
		order by array_position(${SUBREGIONS.map((s) => s.id)}::text[], id) nulls last, name`;
}

/** The ids of the consortium organisations (the offer form asks a zorgvorm for these). */
export async function consortiumIds(sql: Db): Promise<string[]> {
	return (await sql<{ id: string }[]>`select id from organisations where kind = 'consortium'`).map((r) => r.id);
}

export interface Consortium {
	id: string;
	name: string;
}

/** Every consortium, by name. */
export function consortia(sql: Db): Promise<Consortium[]> {
	return sql<Consortium[]>`select id, name from organisations where kind = 'consortium' order by name`;
}

export interface CurrentReport {
	consortiumId: string;
	consortiumName: string;
	careTypeId: string;
	careTypeName: string;
	subregionId: string;
	subregionName: string;
	waitingDays: number;
	reportedAt: Date;
	/** The person, or "API: <token name>". */
	reportedByName: string | null;
}

/** The current report (the newest) per consortium × zorgvorm × subregio; of one consortium when given. */
export function currentReports(sql: Db, consortiumId?: string): Promise<CurrentReport[]> {
	return sql<CurrentReport[]>`
		select distinct on (r.consortium_id, r.care_type_id, r.subregion_id)
		       r.consortium_id, o.name as consortium_name, r.care_type_id, ct.name as care_type_name, r.subregion_id,
		       s.name as subregion_name, r.waiting_days, r.reported_at, coalesce(u.name, 'API: ' || t.name) as reported_by_name
		from waiting_time_reports r
		join organisations o on o.id = r.consortium_id
		join care_types ct on ct.id = r.care_type_id
		join subregions s on s.id = r.subregion_id
		left join users u on u.id = r.reported_by
		left join api_tokens t on t.id = r.reported_by_token
		${consortiumId ? sql`where r.consortium_id = ${consortiumId}` : sql``}
		order by r.consortium_id, r.care_type_id, r.subregion_id, r.reported_at desc, r.id desc`;
}

export interface WaitEntryRow {
	id: string;
	caseId: string;
	reference: string;
	handoverId: string | null;
	consortiumId: string;
	consortiumName: string;
	careTypeId: string;
	careTypeName: string;
	normDays: number;
	subregionId: string;
	subregionName: string;
	responsibleUserId: string;
	responsibleName: string;
	waitingSince: string;
	careStartedOn: string | null;
	careStartedByName: string | null;
	overNormAt: Date | null;
	/** Calendar days from waiting_since to today (or to the day care started). */
	daysWaiting: number;
	/** Waited the norm or longer: from waiting_since + norm days on (the day the workers flag it). */
	overNorm: boolean;
}

const entryColumns = (sql: Db, today: string) => sql`
	w.id, w.case_id, c.reference, w.handover_id, w.consortium_id, o.name as consortium_name, w.care_type_id,
	ct.name as care_type_name, ct.norm_days, w.subregion_id, s.name as subregion_name, w.responsible_user_id,
	ru.name as responsible_name, w.waiting_since::text as waiting_since, w.care_started_on::text as care_started_on,
	cb.name as care_started_by_name, w.over_norm_at,
	(coalesce(w.care_started_on, ${today}::date) - w.waiting_since) as days_waiting,
	(coalesce(w.care_started_on, ${today}::date) - w.waiting_since) >= ct.norm_days as over_norm`;

const entryJoins = (sql: Db) => sql`
	from wait_entries w
	join cases c on c.id = w.case_id
	join organisations o on o.id = w.consortium_id
	join care_types ct on ct.id = w.care_type_id
	join subregions s on s.id = w.subregion_id
	join users ru on ru.id = w.responsible_user_id
	left join users cb on cb.id = w.care_started_by
	left join handovers h on h.id = w.handover_id`;

const selectEntries = (sql: Db, today: string) => sql`select ${entryColumns(sql, today)} ${entryJoins(sql)}`;

/** Whose waiting families a list shows: a consortium's own, or those of a VT organisation's offers. */
export type WaitingOf = { consortiumId: string } | { vtOrgId: string };

/** Filters of the waiting families; `mineOf`: only those this VT medewerker keeps sight of. */
export interface WaitingFilter {
	search?: string;
	careTypeId?: string;
	subregionId?: string;
	consortiumId?: string;
	mineOf?: string | null;
	/** Only families waiting the norm or longer (today). */
	overNorm?: boolean;
}

/** Longest waiting first. */
const WAITING_ORDER = (sql: Db): ListOrder => ({
	id: 'wachttijden',
	keys: [
		{ sql: sql`w.waiting_since`, type: 'date' },
		{ sql: sql`w.id`, type: 'uuid' }
	]
});

const waitingWhere = (sql: Db, of: WaitingOf, today: string, f: WaitingFilter) => sql`
	where w.care_started_on is null
	${'consortiumId' in of ? sql`and w.consortium_id = ${of.consortiumId}` : sql`and h.from_org_id = ${of.vtOrgId}`}
	${referenceLike(sql, sql`c.reference`, f.search)}
	${f.careTypeId ? sql`and w.care_type_id = ${f.careTypeId}` : sql``}
	${f.subregionId ? sql`and w.subregion_id = ${f.subregionId}` : sql``}
	${f.consortiumId ? sql`and w.consortium_id = ${f.consortiumId}` : sql``}
	${f.mineOf ? sql`and w.responsible_user_id = ${f.mineOf}` : sql``}
	${f.overNorm ? sql`and ${today}::date - w.waiting_since >= ct.norm_days` : sql``}`;

/** One page of the families still waiting (for a consortium, or of a VT organisation's cases), longest first, filtered. */
export async function waitingList(
	sql: Db,
	of: WaitingOf,
	today: string,
	filter: WaitingFilter = {},
	page: PageRequest = { limit: PAGE_SIZE }
): Promise<Page<WaitEntryRow>> {
	return keysetPage(
		sql,
		WAITING_ORDER(sql),
		page,
		(k) => sql<WaitEntryRow[]>`
		select ${entryColumns(sql, today)} ${k.keys} ${entryJoins(sql)} ${waitingWhere(sql, of, today, filter)} ${k.after} ${k.order} ${k.limit}`
	);
}

/** How many families the filtered list holds (counted up to 1,000). */
export function waitingListTotal(sql: Db, of: WaitingOf, today: string, filter: WaitingFilter = {}): Promise<ListTotal> {
	return countUpTo(sql, sql`${entryJoins(sql)} ${waitingWhere(sql, of, today, filter)}`);
}

/** Wait entries of the consortium whose care started in the last `days` days, newest first (at most `limit`). */
export function recentlyStarted(sql: Db, consortiumId: string, today: string, days = 30, limit = 25): Promise<WaitEntryRow[]> {
	return sql<WaitEntryRow[]>`${selectEntries(sql, today)}
		where w.consortium_id = ${consortiumId} and w.care_started_on > ${today}::date - ${days}::int
		order by w.care_started_on desc, c.reference limit ${limit}`;
}

/** The newest wait entry of a case (the open one first), or null. */
export async function waitEntryOfCase(sql: Db, caseId: string, today: string): Promise<WaitEntryRow | null> {
	if (!isUuid(caseId)) return null;
	const [row] = await sql<WaitEntryRow[]>`${selectEntries(sql, today)}
		where w.case_id = ${caseId} order by w.care_started_on is null desc, w.created_at desc limit 1`;
	return row ?? null;
}

/** The wait entry that an accepted offer created, or null. */
export async function waitEntryOfHandover(sql: Db, handoverId: string, today: string): Promise<WaitEntryRow | null> {
	if (!isUuid(handoverId)) return null;
	const [row] = await sql<WaitEntryRow[]>`${selectEntries(sql, today)} where w.handover_id = ${handoverId}`;
	return row ?? null;
}

export interface SnapshotRow {
	snapshotDate: string;
	consortiumId: string;
	careTypeId: string;
	subregionId: string;
	reportedDays: number | null;
	observedMedianDays: number | null;
	observedMaxDays: number | null;
	waitingCount: number;
	overNormCount: number;
}

/** The rows of the newest snapshot day (of one consortium when given); empty when none was taken. */
export function latestSnapshot(sql: Db, consortiumId?: string): Promise<SnapshotRow[]> {
	const mine = consortiumId ? sql`and consortium_id = ${consortiumId}` : sql``;
	return sql<SnapshotRow[]>`
		select snapshot_date::text as snapshot_date, consortium_id, care_type_id, subregion_id, reported_days, observed_median_days,
		       observed_max_days, waiting_count, over_norm_count
		from waiting_snapshots
		where snapshot_date = (select max(snapshot_date) from waiting_snapshots where true ${mine}) ${mine}`;
}

export interface TrendRow {
	snapshotDate: string;
	consortiumId: string;
	subregionId: string;
	/** Average reported days over the zorgvormen with a report, rounded. */
	reportedAvgDays: number | null;
	waitingCount: number;
	overNormCount: number;
	observedMaxDays: number | null;
}

/**
 * Per consortium × subregio, one row a week for the last `weeks` weeks (the snapshots taken on the
 * same weekday as the newest): the average reported waiting time and the families waiting.
 */
export function weeklyTrend(sql: Db, weeks = 8, consortiumId?: string): Promise<TrendRow[]> {
	const mine = consortiumId ? sql`and consortium_id = ${consortiumId}` : sql``;
	return sql<TrendRow[]>`
		with newest as (select max(snapshot_date) as d from waiting_snapshots where true ${mine})
		select snapshot_date::text as snapshot_date, consortium_id, subregion_id,
		       round(avg(reported_days))::int as reported_avg_days, sum(waiting_count)::int as waiting_count,
		       sum(over_norm_count)::int as over_norm_count, max(observed_max_days) as observed_max_days
		from waiting_snapshots, newest
		where snapshot_date > newest.d - ${weeks * 7}::int and (newest.d - snapshot_date) % 7 = 0 ${mine}
		group by snapshot_date, consortium_id, subregion_id
		order by snapshot_date`;
}
