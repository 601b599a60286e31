import type { PartnerCaseView } from '../handovers/service.ts';
import type { Db } from '../db/client.ts';
import { PARTNER_KINDS } from '../actor.ts';
import { partnerCaseCondition } from '../cases/access.ts';

export type TableStatus = 'scheduled' | 'running' | 'closed';

export interface TableListRow {
	id: string;
	subregionName: string;
	scheduledAt: Date;
	status: TableStatus;
	chairName: string;
	participants: string[];
	items: number;
	decided: number;
}

/**
 * The tafels an organisation may see: all for VT (`organisationId` null), otherwise those it
 * takes part in. Running first, then upcoming by date, then closed (newest first).
 */
export async function listTables(sql: Db, participantOrgId: string | null): Promise<TableListRow[]> {
	return sql<TableListRow[]>`
		select t.id, s.name as subregion_name, t.scheduled_at, t.status::text as status, u.name as chair_name,
		       coalesce((select array_agg(o.name order by o.name) from table_participants tp join organisations o on o.id = tp.organisation_id
		                 where tp.table_id = t.id), '{}') as participants,
		       (select count(*)::int from table_items ti where ti.table_id = t.id) as items,
		       (select count(*)::int from table_items ti where ti.table_id = t.id and ti.outcome is not null) as decided
		from handover_tables t
		join subregions s on s.id = t.subregion_id
		join users u on u.id = t.chair_id
		where ${participantOrgId === null ? sql`true` : sql`exists (select 1 from table_participants tp where tp.table_id = t.id and tp.organisation_id = ${participantOrgId})`}
		order by case t.status when 'running' then 0 when 'scheduled' then 1 else 2 end,
		         case when t.status = 'closed' then -extract(epoch from t.scheduled_at) else extract(epoch from t.scheduled_at) end
		limit 200`;
}

export interface TableHeader {
	id: string;
	subregionId: string;
	subregionName: string;
	scheduledAt: Date;
	status: TableStatus;
	chairId: string;
	chairName: string;
	currentItemId: string | null;
	openedAt: Date | null;
	closedAt: Date | null;
}

export interface Participant {
	id: string;
	name: string;
	kind: string;
}

/** The case fields a participant may see through the agenda (rule 4's complete information, nothing more). */
export type AgendaCase = Omit<PartnerCaseView, 'persons'>;

export interface Proposal {
	id: string;
	partnerId: string;
	partnerName: string;
	proposerName: string;
	proposerOrgName: string;
	note: string;
	createdAt: Date;
}

export interface AgendaItem {
	id: string;
	position: number;
	caseId: string;
	/** Null when the viewer may not (or no longer) see the case. */
	case: AgendaCase | null;
	outcome: 'offer' | 'back_to_vt' | null;
	outcomePartnerId: string | null;
	outcomePartnerName: string | null;
	outcomeNote: string | null;
	decidedByName: string | null;
	decidedAt: Date | null;
	handoverId: string | null;
	handoverStatus: string | null;
	handoverToOrgId: string | null;
	proposals: Proposal[];
	/** What the assessment still misses before an offer is possible (VT only; empty otherwise). */
	gaps: string[];
}

export interface TableDetail extends TableHeader {
	participants: Participant[];
	items: AgendaItem[];
}

/** The tafel's own row (no access check: callers check first). */
export async function readTableHeader(sql: Db, tableId: string): Promise<TableHeader | null> {
	const [row] = await sql<TableHeader[]>`
		select t.id, t.subregion_id, s.name as subregion_name, t.scheduled_at, t.status::text as status, t.chair_id,
		       u.name as chair_name, t.current_item_id, t.opened_at, t.closed_at
		from handover_tables t join subregions s on s.id = t.subregion_id join users u on u.id = t.chair_id
		where t.id = ${tableId}`;
	return row ?? null;
}

interface ItemRow extends Omit<AgendaItem, 'case' | 'proposals'>, AgendaCase {
	visible: boolean;
}

/**
 * A tafel with its participants, agenda (with proposals and the handover each offer started).
 * `viewerOrgId` null means VT: every case is shown; otherwise a case is shown only while the
 * partner organisation may see it (on a tafel it takes part in that is not closed, or offered to it).
 */
export async function readTable(sql: Db, tableId: string, viewerOrgId: string | null): Promise<TableDetail | null> {
	const header = await readTableHeader(sql, tableId);
	if (!header) return null;
	const participants = await sql<Participant[]>`
		select o.id, o.name, o.kind::text as kind from table_participants tp join organisations o on o.id = tp.organisation_id
		where tp.table_id = ${tableId} order by o.name`;
	const rows = await sql<ItemRow[]>`
		select ti.id, ti.position, ti.case_id, ti.outcome, ti.outcome_partner_id, op.name as outcome_partner_name, ti.outcome_note,
		       du.name as decided_by_name, ti.decided_at, h.id as handover_id, h.status::text as handover_status, h.to_org_id as handover_to_org_id,
		       c.reference, m.name as municipality_name, c.urgent, c.children_involved, c.elderly_involved, c.summary,
		       c.safety_agreements, c.monitoring_by,
		       ${viewerOrgId === null ? sql`true` : partnerCaseCondition(sql, viewerOrgId, sql`c.id`)} as visible
		from table_items ti
		join cases c on c.id = ti.case_id
		join municipalities m on m.id = c.municipality_id
		left join organisations op on op.id = ti.outcome_partner_id
		left join users du on du.id = ti.decided_by
		left join lateral (select id, status, to_org_id from handovers where table_item_id = ti.id order by offered_at desc limit 1) h on true
		where ti.table_id = ${tableId}
		order by ti.position`;
	const proposals = rows.length
		? await sql<(Proposal & { itemId: string })[]>`
			select p.id, p.item_id, p.partner_id, o.name as partner_name, u.name as proposer_name, po.name as proposer_org_name, p.note, p.created_at
			from table_proposals p
			join organisations o on o.id = p.partner_id
			join organisations po on po.id = p.proposer_org_id
			join users u on u.id = p.proposed_by
			where p.item_id = any(${rows.map((r) => r.id)}::uuid[])
			order by p.created_at, p.id`
		: [];
	const items: AgendaItem[] = rows.map((r) => ({
		id: r.id,
		position: r.position,
		caseId: r.caseId,
		case: r.visible
			? {
					reference: r.reference,
					municipalityName: r.municipalityName,
					urgent: r.urgent,
					childrenInvolved: r.childrenInvolved,
					elderlyInvolved: r.elderlyInvolved,
					summary: r.summary,
					safetyAgreements: r.safetyAgreements,
					monitoringBy: r.monitoringBy
				}
			: null,
		outcome: r.outcome,
		outcomePartnerId: r.outcomePartnerId,
		outcomePartnerName: r.outcomePartnerName,
		outcomeNote: r.visible ? r.outcomeNote : null,
		decidedByName: r.decidedByName,
		decidedAt: r.decidedAt,
		handoverId: r.handoverId,
		handoverStatus: r.handoverStatus,
		handoverToOrgId: r.handoverToOrgId,
		proposals: proposals.filter((p) => p.itemId === r.id).map(({ itemId: _itemId, ...p }) => ({ ...p, note: r.visible ? p.note : '' })),
		gaps: []
	}));
	return { ...header, participants, items };
}

export interface EligibleCase {
	id: string;
	reference: string;
	municipalityName: string;
	urgent: boolean;
	childrenInvolved: boolean;
	elderlyInvolved: boolean;
	/** The assessment is complete: the case can be offered at the tafel. */
	complete: boolean;
}

/** SQL for "the assessment of case c is complete" (situation, agreements, monitoring, every person spoken to or a partner involved). */
export function assessmentComplete(sql: Db) {
	return sql`(c.summary <> '' and c.safety_agreements <> '' and c.monitoring_by <> '' and (c.involved_partner_id is not null or (
		exists (select 1 from case_persons p where p.case_id = c.id) and not exists (select 1 from case_persons p where p.case_id = c.id and not p.spoken_to))))`;
}

/**
 * Cases VT may still put on this tafel: VT is responsible, the gemeente lies in the tafel's
 * subregion, no live handover, and not on the agenda of any tafel that is not closed.
 */
export async function eligibleCases(sql: Db, vtOrgId: string, tableId: string, subregionId: string): Promise<EligibleCase[]> {
	return sql<EligibleCase[]>`
		select c.id, c.reference, m.name as municipality_name, c.urgent, c.children_involved, c.elderly_involved,
		       ${assessmentComplete(sql)} as complete
		from cases c join municipalities m on m.id = c.municipality_id
		where c.responsible_org_id = ${vtOrgId} and m.subregion_id = ${subregionId}
		  and not exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted'))
		  and not exists (select 1 from table_items ti join handover_tables t on t.id = ti.table_id
		                  where ti.case_id = c.id and (t.status <> 'closed' or t.id = ${tableId}))
		order by c.urgent desc, (c.children_involved or c.elderly_involved) desc, c.help_present asc, c.assessment_due asc, c.reference
		limit 200`;
}

export interface PartnerOrganisation {
	id: string;
	name: string;
	kind: string;
}

/** Every partner organisation (CJG, wijkteams, consortia, GGD, jeugdhulp) that has not ended, by kind and name. */
export async function partnerOrganisations(sql: Db): Promise<PartnerOrganisation[]> {
	return sql<PartnerOrganisation[]>`
		select id, name, kind::text as kind from organisations where kind::text = any(${PARTNER_KINDS as string[]}) and ended_at is null
		order by array_position(${PARTNER_KINDS as string[]}::text[], kind::text), name`;
}

/** The subregions, by name. */
export async function subregions(sql: Db): Promise<{ id: string; name: string }[]> {
	return sql<{ id: string; name: string }[]>`select id, name from subregions order by name`;
}

/** True when the handover was offered from an agenda item of this tafel. */
export async function handoverAtTable(sql: Db, tableId: string, handoverId: string): Promise<boolean> {
	const [row] = await sql`
		select 1 from handovers h join table_items ti on ti.id = h.table_item_id where h.id = ${handoverId} and ti.table_id = ${tableId}`;
	return !!row;
}
