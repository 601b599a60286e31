import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { assessmentStateOf, type AssessmentState } from './lateness.ts';
import { countUpTo, keysetPage, type ListOrder, type ListTotal, type Page, type PageRequest } from '../lists/keyset.ts';
import { PAGE_SIZE, referenceLike } from '../lists/query.ts';

export interface CasePerson {
	id: string;
	role: string;
	label: string;
	spokenTo: boolean;
	spokenOn: string | null;
}

export interface CaseRow {
	id: string;
	reference: string;
	municipalityId: string;
	municipalityName: string;
	reportDate: string;
	urgent: boolean;
	childrenInvolved: boolean;
	elderlyInvolved: boolean;
	helpPresent: boolean;
	summary: string;
	safetyAgreements: string;
	monitoringBy: string;
	involvedPartnerId: string | null;
	involvedPartnerName: string | null;
	involvedPartnerReason: string | null;
	assessmentDue: string;
	/** The norm the case was given, in werkdagen (spoed has its own). */
	assessmentNormDays: number;
	/** When the assessment was first complete; null while something is missing. */
	assessmentCompletedAt: Date | null;
	responsibleOrgId: string;
	responsibleOrgName: string;
	/** The VT medewerker responsible for the case (rule 6), and that person's name; null when nobody is. */
	responsibleUserId: string | null;
	responsibleUserName: string | null;
	version: number;
	createdAt: Date;
	updatedAt: Date;
	persons: CasePerson[];
}

/** One case with its directbetrokkenen (no access check: callers check first). */
export async function readCase(sql: Db, id: string): Promise<CaseRow | null> {
	if (!isUuid(id)) return null;
	const [row] = await sql<Omit<CaseRow, 'persons'>[]>`
		select c.id, c.reference, c.municipality_id, m.name as municipality_name, c.report_date::text as report_date,
		       c.urgent, c.children_involved, c.elderly_involved, c.help_present, c.summary, c.safety_agreements,
		       c.monitoring_by, c.involved_partner_id, ip.name as involved_partner_name, c.involved_partner_reason,
		       c.assessment_due::text as assessment_due, c.assessment_norm_days, c.assessment_completed_at,
		       c.responsible_org_id, ro.name as responsible_org_name, c.responsible_user_id, ru.name as responsible_user_name,
		       c.version, c.created_at, c.updated_at
		from cases c
		join municipalities m on m.id = c.municipality_id
		join organisations ro on ro.id = c.responsible_org_id
		left join users ru on ru.id = c.responsible_user_id
		left join organisations ip on ip.id = c.involved_partner_id
		where c.id = ${id}`;
	if (!row) return null;
	const persons = await sql<CasePerson[]>`
		select id, role, label, spoken_to, spoken_on::text as spoken_on from case_persons where case_id = ${id} order by position`;
	return { ...row, persons };
}

export interface QueueRow {
	id: string;
	reference: string;
	municipalityName: string;
	reportDate: string;
	assessmentDue: string;
	assessmentNormDays: number;
	assessmentCompletedAt: Date | null;
	/** Rule 1 at the moment of reading: "te laat" is 'overdue' or 'late'. */
	assessmentState: AssessmentState;
	urgent: boolean;
	childrenInvolved: boolean;
	elderlyInvolved: boolean;
	helpPresent: boolean;
	personsTotal: number;
	personsSpoken: number;
	exception: boolean;
	handoverStatus: string | null;
	handoverPartner: string | null;
	respondBefore: Date | null;
	/** The responsible medewerker (rule 6). */
	responsibleUserId: string | null;
	responsibleName: string | null;
}

/**
 * The werkvoorraad's filters (see workQueueQuerySchema); `mineOf`: only the cases this user is
 * responsible for ("Mijn zaken"); `responsibleId`: only the cases of that medewerker.
 */
export interface WorkQueueFilter {
	search?: string;
	municipalityId?: string;
	handover?: 'niet-aangeboden' | 'aangeboden' | 'geaccepteerd';
	urgentOnly?: boolean;
	mineOf?: string | null;
	responsibleId?: string;
	/** Melding date from / to (YYYY-MM-DD, inclusive). */
	from?: string;
	to?: string;
}

/** The werkvoorraad's order (rule 2): spoed, kinderen and/or ouderen, no hulpverlening yet (queue_rank), then the due date. */
const WORK_QUEUE_ORDER = (sql: Db): ListOrder => ({
	id: 'werkvoorraad',
	keys: [
		{ sql: sql`c.queue_rank`, type: 'int' },
		{ sql: sql`c.assessment_due`, type: 'date' },
		{ sql: sql`c.reference`, type: 'text' }
	]
});

const workQueueFrom = (sql: Db, vtOrganisationId: string, f: WorkQueueFilter) => sql`
	from cases c
	join municipalities m on m.id = c.municipality_id
	left join handovers h on h.case_id = c.id and h.status in ('open', 'accepted')
	left join organisations o on o.id = h.to_org_id
	left join users ru on ru.id = c.responsible_user_id
	where c.responsible_org_id = ${vtOrganisationId} and c.closed_at is null
	${referenceLike(sql, sql`c.reference`, f.search)}
	${f.municipalityId ? sql`and c.municipality_id = ${f.municipalityId}` : sql``}
	${f.urgentOnly ? sql`and c.urgent` : sql``}
	${f.handover === 'niet-aangeboden' ? sql`and h.id is null` : f.handover === 'aangeboden' ? sql`and h.status = 'open'` : f.handover === 'geaccepteerd' ? sql`and h.status = 'accepted'` : sql``}
	${f.mineOf ? sql`and c.responsible_user_id = ${f.mineOf}` : sql``}
	${f.responsibleId ? sql`and c.responsible_user_id = ${f.responsibleId}` : sql``}
	${f.from ? sql`and c.report_date >= ${f.from}::date` : sql``}
	${f.to ? sql`and c.report_date <= ${f.to}::date` : sql``}`;

/**
 * One page of VT's work queue: the cases VT is still responsible for, ordered by the priority rules
 * (spoed; kinderen and/or ouderen; no hulpverlening yet), then by assessment due date, filtered; with
 * where each assessment stands against its norm at `now`.
 */
export async function workQueue(
	sql: Db,
	vtOrganisationId: string,
	now: Date,
	filter: WorkQueueFilter = {},
	page: PageRequest = { limit: PAGE_SIZE }
): Promise<Page<QueueRow>> {
	return keysetPage(
		sql,
		WORK_QUEUE_ORDER(sql),
		page,
		(k) => sql<QueueRow[]>`
		select c.id, c.reference, m.name as municipality_name, c.report_date::text as report_date,
		       c.assessment_due::text as assessment_due, c.assessment_norm_days, c.assessment_completed_at,
		       ${assessmentStateOf(sql, now)} as assessment_state, c.urgent, c.children_involved, c.elderly_involved, c.help_present,
		       (select count(*)::int from case_persons p where p.case_id = c.id) as persons_total,
		       (select count(*)::int from case_persons p where p.case_id = c.id and p.spoken_to) as persons_spoken,
		       c.involved_partner_id is not null as exception,
		       h.status::text as handover_status, o.name as handover_partner, h.respond_before,
		       c.responsible_user_id, ru.name as responsible_name ${k.keys}
		${workQueueFrom(sql, vtOrganisationId, filter)} ${k.after}
		${k.order} ${k.limit}`
	);
}

/** How many cases the filtered work queue holds (counted up to 10,000). */
export function workQueueTotal(sql: Db, vtOrganisationId: string, filter: WorkQueueFilter = {}): Promise<ListTotal> {
	return countUpTo(sql, workQueueFrom(sql, vtOrganisationId, filter), 10_000);
}

/** How many assessments in VT's whole work queue are late (rule 1: not completed within their norm at `now`). */
export async function workQueueOverdue(sql: Db, vtOrganisationId: string, now: Date): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from cases c
		where c.responsible_org_id = ${vtOrganisationId} and c.closed_at is null and ${assessmentStateOf(sql, now)} = 'overdue'`;
	return row.n;
}
