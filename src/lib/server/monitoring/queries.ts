import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { countUpTo, keysetPage, type ListOrder, type ListTotal, type Page, type PageRequest } from '../lists/keyset.ts';
import { PAGE_SIZE, referenceLike } from '../lists/query.ts';
import type { CaseRow } from '../cases/queries.ts';
import { assessmentGaps } from '../cases/service.ts';
import { formatDay } from '../../labels.ts';

export interface PersonOutcome {
	position: number;
	role: string;
	label: string;
	safetyRestored: boolean;
}

export interface MomentRow {
	id: string;
	caseId: string;
	reference: string;
	municipalityName: string;
	vtOrgId: string;
	monitorId: string;
	monitorName: string;
	/** YYYY-MM-DD. */
	plannedOn: string;
	withProfessional: boolean;
	withFamily: boolean;
	withWhomNote: string;
	remindDue: Date;
	escalateDue: Date;
	remindedAt: Date | null;
	escalatedAt: Date | null;
	plannedByName: string | null;
	createdAt: Date;
	heldOn: string | null;
	effect: string | null;
	allSafe: boolean | null;
	recordedByName: string | null;
	recordedAt: Date | null;
	cancelledAt: Date | null;
}

export interface MomentDetail extends MomentRow {
	outcomes: PersonOutcome[];
}

const momentColumns = (sql: Db) => sql`
	mm.id, mm.case_id, c.reference, m.name as municipality_name, mm.vt_org_id, mm.monitor_id, mu.name as monitor_name,
	to_char(mm.planned_on, 'YYYY-MM-DD') as planned_on, mm.with_professional, mm.with_family, mm.with_whom_note,
	mm.remind_due, mm.escalate_due, mm.reminded_at, mm.escalated_at, pb.name as planned_by_name, mm.created_at,
	to_char(mm.held_on, 'YYYY-MM-DD') as held_on, mm.effect, mm.all_safe, rb.name as recorded_by_name, mm.recorded_at, mm.cancelled_at`;

const momentJoins = (sql: Db) => sql`
	from monitoring_moments mm
	join cases c on c.id = mm.case_id
	join municipalities m on m.id = c.municipality_id
	join users mu on mu.id = mm.monitor_id
	left join users pb on pb.id = mm.planned_by
	left join users rb on rb.id = mm.recorded_by`;

async function outcomesOf(sql: Db, momentIds: string[]): Promise<Map<string, PersonOutcome[]>> {
	const out = new Map<string, PersonOutcome[]>();
	if (!momentIds.length) return out;
	const rows = await sql<(PersonOutcome & { momentId: string })[]>`
		select moment_id, position, role, label, safety_restored from monitoring_person_outcomes
		where moment_id = any(${momentIds}::uuid[]) order by moment_id, position`;
	for (const { momentId, ...o } of rows) out.set(momentId, [...(out.get(momentId) ?? []), o]);
	return out;
}

/** One monitoring moment with its per-person outcomes, or null. No access check. */
export async function readMoment(sql: Db, id: string): Promise<MomentDetail | null> {
	if (!isUuid(id)) return null;
	const [row] = await sql<MomentRow[]>`select ${momentColumns(sql)} ${momentJoins(sql)} where mm.id = ${id}`;
	if (!row) return null;
	return { ...row, outcomes: (await outcomesOf(sql, [row.id])).get(row.id) ?? [] };
}

/** Every monitoring moment of a case, newest first, with outcomes. */
export async function caseMoments(sql: Db, caseId: string): Promise<MomentDetail[]> {
	if (!isUuid(caseId)) return [];
	const rows = await sql<
		MomentRow[]
	>`select ${momentColumns(sql)} ${momentJoins(sql)} where mm.case_id = ${caseId} order by mm.created_at desc`;
	const outcomes = await outcomesOf(
		sql,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({ ...r, outcomes: outcomes.get(r.id) ?? [] }));
}

/** Filters of the monitoring lists. */
export interface MonitoringFilter {
	search?: string;
	municipalityId?: string;
	/** Planned on or after / up to and including (YYYY-MM-DD). */
	from?: string;
	to?: string;
}

/** Which moments: waiting for an outcome or recorded, of the VT organisation or of one monitor. */
export interface MomentsOf {
	vtOrgId: string;
	monitorId?: string | null;
	recorded: boolean;
}

/** Waiting ones: escalated first, then by day. Recorded ones: newest outcome first. */
const MOMENT_ORDER = (sql: Db, of: MomentsOf): ListOrder =>
	of.recorded
		? {
				id: 'monitoring:vastgelegd',
				keys: [
					{ sql: sql`mm.recorded_at`, type: 'timestamptz', desc: true },
					{ sql: sql`mm.id`, type: 'uuid', desc: true }
				]
			}
		: {
				id: of.monitorId ? 'monitoring:mijn' : 'monitoring:team',
				keys: [
					{ sql: sql`(mm.escalated_at is null)`, type: 'bool' },
					{ sql: sql`mm.planned_on`, type: 'date' },
					{ sql: sql`mm.id`, type: 'uuid' }
				]
			};

const momentWhere = (sql: Db, of: MomentsOf, f: MonitoringFilter) => sql`
	where mm.vt_org_id = ${of.vtOrgId} ${of.monitorId ? sql`and mm.monitor_id = ${of.monitorId}` : sql``}
	${of.recorded ? sql`and mm.recorded_at is not null` : sql`and mm.recorded_at is null and mm.cancelled_at is null`}
	${referenceLike(sql, sql`c.reference`, f.search)}
	${f.municipalityId ? sql`and c.municipality_id = ${f.municipalityId}` : sql``}
	${f.from ? sql`and mm.planned_on >= ${f.from}::date` : sql``}
	${f.to ? sql`and mm.planned_on <= ${f.to}::date` : sql``}`;

/** One page of a VT organisation's monitoring moments (or one monitor's): waiting for an outcome, or recorded; filtered. */
export async function monitoringList(
	sql: Db,
	of: MomentsOf,
	filter: MonitoringFilter = {},
	page: PageRequest = { limit: PAGE_SIZE }
): Promise<Page<MomentRow>> {
	return keysetPage(
		sql,
		MOMENT_ORDER(sql, of),
		page,
		(k) => sql<MomentRow[]>`
		select ${momentColumns(sql)} ${k.keys} ${momentJoins(sql)} ${momentWhere(sql, of, filter)} ${k.after} ${k.order} ${k.limit}`
	);
}

/** How many moments the filtered list holds (counted up to 1,000). */
export function monitoringListTotal(sql: Db, of: MomentsOf, filter: MonitoringFilter = {}): Promise<ListTotal> {
	const byCase = filter.search || filter.municipalityId; // the case is needed only to filter on it
	return countUpTo(
		sql,
		sql`from monitoring_moments mm ${byCase ? sql`join cases c on c.id = mm.case_id` : sql``} ${momentWhere(sql, of, filter)}`
	);
}

/** Open moments that are due (today or earlier): the monitor's own, or the whole team's when `monitorId` is null (the home panel). */
export async function dueMomentsCount(sql: Db, vtOrgId: string, monitorId: string | null, today: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from monitoring_moments
		where vt_org_id = ${vtOrgId} and recorded_at is null and cancelled_at is null
		  ${monitorId ? sql`and monitor_id = ${monitorId}` : sql``} and planned_on <= ${today}::date`;
	return row.n;
}

export interface ClosureRow {
	closedAt: Date;
	closedByName: string;
	closingSummary: string;
	melderInformedOn: string | null;
	/** brief, telefonisch, e-mail or persoonlijk; null when not recorded (or before migration 032). */
	melderInformedHow: string | null;
	melderAnonymous: boolean;
}

/** The case's current closure, or null while it is open. */
export async function readClosure(sql: Db, caseId: string): Promise<ClosureRow | null> {
	if (!isUuid(caseId)) return null;
	const [row] = await sql<ClosureRow[]>`
		select c.closed_at, u.name as closed_by_name, c.closing_summary, to_char(c.melder_informed_on, 'YYYY-MM-DD') as melder_informed_on, c.melder_informed_how, c.melder_anonymous
		from cases c join users u on u.id = c.closed_by where c.id = ${caseId} and c.closed_at is not null`;
	return row ?? null;
}

export interface ReopeningRow {
	id: string;
	reopenedAt: Date;
	reopenedByName: string;
	reason: string;
	closedAt: Date;
	closedByName: string;
	closingSummary: string;
}

/** Earlier closures that were undone, newest first. */
export async function caseReopenings(sql: Db, caseId: string): Promise<ReopeningRow[]> {
	if (!isUuid(caseId)) return [];
	const rows = await sql<ReopeningRow[]>`
		select r.id, r.reopened_at, ru.name as reopened_by_name, r.reason, r.closed_at, cu.name as closed_by_name, r.closing_summary
		from case_reopenings r join users ru on ru.id = r.reopened_by join users cu on cu.id = r.closed_by
		where r.case_id = ${caseId} order by r.reopened_at desc`;
	return [...rows];
}

/**
 * The VT organisation a case belongs to: VT while it is responsible, else the VT organisation
 * that offered it, else the one of the medewerker who registered it.
 */
export async function vtOrgOfCase(sql: Db, caseId: string): Promise<string | null> {
	if (!isUuid(caseId)) return null;
	const [row] = await sql<{ vtOrgId: string | null }[]>`
		select coalesce(
		  (select o.id from organisations o where o.id = c.responsible_org_id and o.kind = 'vt'),
		  (select h.from_org_id from handovers h where h.case_id = c.id order by h.offered_at desc limit 1),
		  (select m.organisation_id from memberships m join organisations o on o.id = m.organisation_id
		   where m.user_id = c.created_by and o.kind = 'vt' order by m.created_at limit 1)
		) as vt_org_id
		from cases c where c.id = ${caseId}`;
	return row?.vtOrgId ?? null;
}

/**
 * Why the case cannot be closed now (Dutch, empty when it can): a handover still open or accepted
 * without a completed warm handover, an open V&V-traject, a family still waiting for a consortium
 * (rule 5), a tafel still to discuss it, an incomplete assessment, no directbetrokkenen.
 */
export async function closeBlockers(sql: Db, c: CaseRow): Promise<string[]> {
	const out: string[] = [];
	const [live] = await sql<{ name: string; status: string }[]>`
		select o.name, h.status::text as status from handovers h join organisations o on o.id = h.to_org_id
		where h.case_id = ${c.id} and h.status in ('open', 'accepted')`;
	if (live?.status === 'open') {
		out.push(`De zaak is aangeboden aan ${live.name} en dat aanbod staat nog open. Wacht het antwoord af of trek het aanbod in.`);
	} else if (live) {
		out.push(
			`${live.name} heeft de overdracht geaccepteerd, maar de warme overdracht is nog niet afgerond: beide kanten bevestigen eerst het gezamenlijke contactmoment.`
		);
	}
	const [trajectory] = await sql<{ name: string }[]>`
		select o.name from trajectories t join organisations o on o.id = t.partner_org_id where t.case_id = ${c.id} and t.status = 'open'`;
	if (trajectory) {
		out.push(
			`Er loopt nog een V&V-traject met ${trajectory.name}. Veilig Thuis sluit eerst zijn deel van dat traject af, nadat ${trajectory.name} heeft bevestigd dat het de ondersteuning voortzet.`
		);
	}
	const [waiting] = await sql<{ name: string; since: string }[]>`
		select o.name, to_char(w.waiting_since, 'YYYY-MM-DD') as since from wait_entries w join organisations o on o.id = w.consortium_id
		where w.case_id = ${c.id} and w.care_started_on is null order by w.waiting_since limit 1`;
	if (waiting) {
		out.push(
			`Het gezin wacht sinds ${formatDay(waiting.since)} op zorg van ${waiting.name}. Na het afsluiten door Veilig Thuis mag geen gezin op een wachtlijst staan: sluit af als de zorg is gestart.`
		);
	}
	const [table] = await sql<{ id: string }[]>`
		select t.id from table_items ti join handover_tables t on t.id = ti.table_id
		where ti.case_id = ${c.id} and t.status <> 'closed' and ti.outcome is null limit 1`;
	if (table) out.push('De zaak staat nog op de agenda van een overdrachtstafel; wacht de bespreking daar af.');
	const gaps = assessmentGaps(c);
	if (gaps.length) out.push(`De veiligheidsbeoordeling is nog niet compleet: ${gaps.join(' ')}`);
	if (!c.persons.length)
		out.push('Leg eerst de directbetrokkenen vast: bij de monitoring wordt per persoon vastgelegd of de veiligheid is hersteld.');
	return out;
}

/** Per monitor: the team's monitoring moments still waiting for their outcome, and how many are due by `today`. */
export async function openMomentsByMonitor(sql: Db, vtOrgId: string, today: string): Promise<Map<string, { open: number; due: number }>> {
	const rows = await sql<{ userId: string; open: number; due: number }[]>`
		select monitor_id as user_id, count(*)::int as open, count(*) filter (where planned_on <= ${today}::date)::int as due
		from monitoring_moments
		where vt_org_id = ${vtOrgId} and recorded_at is null and cancelled_at is null
		group by monitor_id`;
	return new Map(rows.map((r) => [r.userId, { open: r.open, due: r.due }]));
}
