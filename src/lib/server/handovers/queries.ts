import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { countUpTo, keysetPage, type ListOrder, type ListTotal, type Page, type PageRequest } from '../lists/keyset.ts';
import { PAGE_SIZE, referenceLike } from '../lists/query.ts';
import { amsterdamEndOfDay, amsterdamStartOfDay } from '../time.ts';

export interface HandoverRow {
	id: string;
	caseId: string;
	reference: string;
	fromOrgId: string;
	fromOrgName: string;
	toOrgId: string;
	toOrgName: string;
	message: string;
	/** The VT medewerker who offered it. */
	offeredBy: string | null;
	offeredByName: string | null;
	offeredAt: Date;
	respondBefore: Date;
	/** When the deadline passed without an answer (recorded by the acceptance SLA follow-up, sla/followups.ts). */
	breachedAt: Date | null;
	status: string;
	answeredByName: string | null;
	answeredOnBehalf: boolean;
	answeredAt: Date | null;
	declineReason: string | null;
	declineNote: string | null;
	withdrawnByName: string | null;
	withdrawnAt: Date | null;
	withdrawNote: string | null;
	completedAt: Date | null;
	urgent: boolean;
	/** The zorgvorm of an offer to a consortium. */
	careTypeId: string | null;
	careTypeName: string | null;
	/** Offered over the norm, confirmed by the medewerker: the waiting time shown then and the norm (migration 033). */
	overNormWaitDays: number | null;
	overNormNormDays: number | null;
	warm: WarmHandoverRow | null;
}

export interface WarmHandoverRow {
	plannedAt: Date;
	form: string;
	vtAttendees: string;
	partnerAttendees: string;
	plannedByName: string | null;
	vtConfirmedByName: string | null;
	vtConfirmedAt: Date | null;
	partnerConfirmedByName: string | null;
	partnerConfirmedAt: Date | null;
}

const select = (sql: Db) => sql`
	select h.id, h.case_id, c.reference, h.from_org_id, fo.name as from_org_name, h.to_org_id, o.name as to_org_name, h.message,
	       h.offered_by, ob.name as offered_by_name, h.offered_at, h.respond_before, h.breached_at, h.status::text as status,
	       coalesce(ab.name, 'systeem ' || t.name) as answered_by_name, h.answered_on_behalf, h.answered_at,
	       h.decline_reason::text as decline_reason, h.decline_note, wb.name as withdrawn_by_name, h.withdrawn_at,
	       h.withdraw_note, h.completed_at, c.urgent, h.care_type_id, ct.name as care_type_name, h.over_norm_wait_days, h.over_norm_norm_days,
	       case when w.handover_id is null then null else json_build_object(
	         'plannedAt', w.planned_at, 'form', w.form, 'vtAttendees', w.vt_attendees, 'partnerAttendees', w.partner_attendees,
	         'plannedByName', pb.name, 'vtConfirmedByName', vb.name, 'vtConfirmedAt', w.vt_confirmed_at,
	         'partnerConfirmedByName', pcb.name, 'partnerConfirmedAt', w.partner_confirmed_at) end as warm
	from handovers h
	join cases c on c.id = h.case_id
	join organisations o on o.id = h.to_org_id
	join organisations fo on fo.id = h.from_org_id
	left join users ob on ob.id = h.offered_by
	left join users ab on ab.id = h.answered_by
	left join api_tokens t on t.id = h.answered_by_token
	left join users wb on wb.id = h.withdrawn_by
	left join care_types ct on ct.id = h.care_type_id
	left join warm_handovers w on w.handover_id = h.id
	left join users pb on pb.id = w.planned_by
	left join users vb on vb.id = w.vt_confirmed_by
	left join users pcb on pcb.id = w.partner_confirmed_by`;

function revive(row: HandoverRow): HandoverRow {
	if (row.warm) {
		const w = row.warm as unknown as Record<string, string | null>;
		row.warm = {
			...(row.warm as WarmHandoverRow),
			plannedAt: new Date(w.plannedAt!),
			vtConfirmedAt: w.vtConfirmedAt ? new Date(w.vtConfirmedAt) : null,
			partnerConfirmedAt: w.partnerConfirmedAt ? new Date(w.partnerConfirmedAt) : null
		};
	}
	return row;
}

/** One handover with its warm handover. */
export async function readHandover(sql: Db, id: string): Promise<HandoverRow | null> {
	if (!isUuid(id)) return null;
	const [row] = await sql<HandoverRow[]>`${select(sql)} where h.id = ${id}`;
	return row ? revive(row) : null;
}

/** Every handover of a case, oldest first (VT's view). */
export async function caseHandovers(sql: Db, caseId: string): Promise<HandoverRow[]> {
	return (await sql<HandoverRow[]>`${select(sql)} where h.case_id = ${caseId} order by h.offered_at`).map(revive);
}

/** The statuses an organisation's inbox (and the API list) shows, each a list of its own. */
export type InboxStatus = 'open' | 'accepted' | 'completed';

/** Filters of the inbox; `answeredBy`: only the handovers this user answered. */
export interface InboxFilter {
	search?: string;
	/** true: spoed only; false: no spoed; absent: both. */
	urgent?: boolean;
	municipalityId?: string;
	answeredBy?: string | null;
	/** Offered on or after / up to and including these days (YYYY-MM-DD, Amsterdam). */
	from?: string;
	to?: string;
}

/** Open and accepted ones by their answer deadline; completed ones newest first. */
const INBOX_ORDER = (sql: Db, status: InboxStatus): ListOrder =>
	status === 'completed'
		? {
				id: 'overdrachten:completed',
				keys: [
					{ sql: sql`x.completed_at`, type: 'timestamptz', desc: true },
					{ sql: sql`x.id`, type: 'uuid', desc: true }
				]
			}
		: {
				id: `overdrachten:${status}`,
				keys: [
					{ sql: sql`x.respond_before`, type: 'timestamptz' },
					{ sql: sql`x.id`, type: 'uuid' }
				]
			};

const inboxWhere = (sql: Db, organisationId: string, status: InboxStatus, f: InboxFilter) => sql`
	h.to_org_id = ${organisationId} and h.status = ${status}::handover_status
	${status === 'completed' ? sql`and h.completed_at is not null` : sql``}
	${referenceLike(sql, sql`c.reference`, f.search)}
	${f.urgent === true ? sql`and c.urgent` : f.urgent === false ? sql`and not c.urgent` : sql``}
	${f.municipalityId ? sql`and c.municipality_id = ${f.municipalityId}` : sql``}
	${f.answeredBy ? sql`and h.answered_by = ${f.answeredBy}` : sql``}
	${f.from ? sql`and h.offered_at >= ${amsterdamStartOfDay(f.from)}` : sql``}
	${f.to ? sql`and h.offered_at < ${amsterdamEndOfDay(f.to)}` : sql``}`;

/** One page of the handovers in one status offered to an organisation (its inbox, and the API list), filtered. */
export async function handoverInbox(
	sql: Db,
	organisationId: string,
	status: InboxStatus,
	filter: InboxFilter = {},
	page: PageRequest = { limit: PAGE_SIZE }
): Promise<Page<HandoverRow>> {
	const found = await keysetPage(
		sql,
		INBOX_ORDER(sql, status),
		page,
		(k) => sql<HandoverRow[]>`
		select x.* ${k.keys} from (${select(sql)} where ${inboxWhere(sql, organisationId, status, filter)}) x
		where true ${k.after} ${k.order} ${k.limit}`
	);
	return { ...found, rows: found.rows.map(revive) };
}

/** How many handovers of the inbox list there are (counted up to 1,000). */
export function handoverInboxTotal(sql: Db, organisationId: string, status: InboxStatus, filter: InboxFilter = {}): Promise<ListTotal> {
	const byCase = filter.search || filter.urgent !== undefined || filter.municipalityId; // the case is needed only to filter on it
	return countUpTo(
		sql,
		sql`from handovers h ${byCase ? sql`join cases c on c.id = h.case_id` : sql``} where ${inboxWhere(sql, organisationId, status, filter)}`
	);
}

/** A case's latest handover as the werkvoorraad states it (handover-state.ts). */
export interface LatestHandover {
	caseId: string;
	status: string;
	toOrgName: string;
	respondBefore: Date;
	breachedAt: Date | null;
	declineReason: string | null;
	answeredAt: Date | null;
	withdrawnAt: Date | null;
}

/** The latest handover of each of the cases (a live one first; none for a case never offered), by case id. */
export async function latestHandovers(sql: Db, caseIds: string[]): Promise<Map<string, LatestHandover>> {
	if (!caseIds.length) return new Map();
	const rows = await sql<LatestHandover[]>`
		select distinct on (h.case_id) h.case_id, h.status::text as status, o.name as to_org_name, h.respond_before, h.breached_at,
		       h.decline_reason::text as decline_reason, h.answered_at, h.withdrawn_at
		from handovers h join organisations o on o.id = h.to_org_id
		where h.case_id = any(${caseIds}::uuid[])
		order by h.case_id, h.status in ('open', 'accepted', 'completed') desc, h.offered_at desc`;
	return new Map(rows.map((r) => [r.caseId, r]));
}
