import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';

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
	       h.withdraw_note, h.completed_at, c.urgent, h.care_type_id, ct.name as care_type_name,
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

/** The handovers offered to an organisation in the given statuses, most urgent deadline first. */
export async function handoversTo(sql: Db, organisationId: string, statuses: string[]): Promise<HandoverRow[]> {
	return (
		await sql<HandoverRow[]>`${select(sql)} where h.to_org_id = ${organisationId} and h.status = any(${statuses}::handover_status[])
		order by h.status = 'open' desc, h.respond_before`
	).map(revive);
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
