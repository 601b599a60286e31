import type { Db } from '../db/client.ts';
import { daysBefore, RETENTION_MARKER } from './policy.ts';
import type { RetentionKind } from './types.ts';

/** A table with free texts of a case: how its rows belong to the case, and which columns hold text. */
export interface CaseTextTable {
	table: string;
	/** The column holding the case's id, or a column referring to a parent table that has case_id. */
	link: string | { column: string; parent: string };
	columns: readonly string[];
}

/**
 * Every free text and person label that belongs to a case. Ids, dates, statuses, choices from a
 * list (roles, reasons, outcomes) and the pseudonymous reference stay, so the figures and the
 * audit trail keep their meaning.
 */
export const CASE_TEXTS: readonly CaseTextTable[] = [
	{ table: 'cases', link: 'id', columns: ['summary', 'safety_agreements', 'monitoring_by', 'involved_partner_reason', 'closing_summary'] },
	{ table: 'case_persons', link: 'case_id', columns: ['label'] },
	{ table: 'case_reopenings', link: 'case_id', columns: ['reason', 'closing_summary'] },
	{ table: 'melder_letters', link: 'case_id', columns: ['body'] },
	{ table: 'handovers', link: 'case_id', columns: ['message', 'decline_note', 'withdraw_note'] },
	{ table: 'warm_handovers', link: { column: 'handover_id', parent: 'handovers' }, columns: ['vt_attendees', 'partner_attendees'] },
	{ table: 'table_items', link: 'case_id', columns: ['outcome_note'] },
	{ table: 'table_proposals', link: { column: 'item_id', parent: 'table_items' }, columns: ['note'] },
	{ table: 'trajectory_conditions', link: { column: 'trajectory_id', parent: 'trajectories' }, columns: ['description'] },
	{ table: 'trajectory_steps', link: { column: 'trajectory_id', parent: 'trajectories' }, columns: ['description'] },
	{ table: 'safety_checkins', link: 'case_id', columns: ['contact_with', 'note'] },
	{ table: 'monitoring_moments', link: 'case_id', columns: ['with_whom_note', 'effect'] },
	{ table: 'monitoring_person_outcomes', link: { column: 'moment_id', parent: 'monitoring_moments' }, columns: ['label'] }
];

/**
 * Closed cases whose texts are due: closed and monitored (no moment waiting for its outcome, the
 * last outcome recorded) before the cutoff, nothing of the chain still running (a live handover, an
 * open V&V-traject, a family waiting for care), and the texts of this closure not yet removed. A
 * reopened case is open (closed_at null) and left alone; closed again, it is due again later.
 */
const dueCases = (sql: Db, cutoff: Date) => sql`
	c.closed_at < ${cutoff}
	and (c.texts_removed_at is null or c.texts_removed_at < c.closed_at)
	and not exists (select 1 from monitoring_moments m
	                where m.case_id = c.id and m.cancelled_at is null and (m.recorded_at is null or m.recorded_at >= ${cutoff}))
	and not exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted'))
	and not exists (select 1 from trajectories t where t.case_id = c.id and t.status = 'open')
	and not exists (select 1 from wait_entries w where w.case_id = c.id and w.care_started_on is null)`;

/** Replaces the non-empty texts of the table's rows of these cases by the marker; rows already done are not touched. */
function pseudonymise(tx: Db, t: CaseTextTable, caseIds: string[]) {
	const set = t.columns.map((c) => `${c} = case when coalesce(${c}, '') = '' then ${c} else $1 end`).join(', ');
	const pending = t.columns.map((c) => `coalesce(${c}, '') not in ('', $1)`).join(' or ');
	const link =
		typeof t.link === 'string'
			? `${t.link} = any($2::uuid[])`
			: `${t.link.column} in (select id from ${t.link.parent} where case_id = any($2::uuid[]))`;
	// table and column names come from CASE_TEXTS above, never from input
	return tx.unsafe(`update ${t.table} set ${set} where ${link} and (${pending})`, [RETENTION_MARKER, caseIds]);
}

/**
 * The free texts and person labels of closed cases, RETENTION_CASE_TEXT_DAYS after their monitoring
 * ended: replaced by RETENTION_MARKER in every table of CASE_TEXTS. Ketentafel only hands cases
 * over; Veilig Thuis's own dossier keeps the full record for its legal term.
 */
export const closedCaseTexts: RetentionKind = {
	id: 'case_texts',
	label: 'vrije teksten en persoonsaanduidingen van afgesloten zaken',
	effect: 'pseudonymised',
	cutoff: (now, policy) => daysBefore(now, policy.caseTextDays),
	async due(sql, cutoff) {
		const [row] = await sql<{ count: number; oldest: Date | null }[]>`
			select count(*)::int as count,
			       min(greatest(c.closed_at, (select max(m.recorded_at) from monitoring_moments m where m.case_id = c.id))) as oldest
			from cases c where ${dueCases(sql, cutoff)}`;
		return row;
	},
	async apply(tx, cutoff, limit, now) {
		const rows = await tx<{ id: string }[]>`
			select c.id from cases c where ${dueCases(tx, cutoff)} order by c.closed_at, c.id limit ${limit} for update of c skip locked`;
		const ids = rows.map((r) => r.id);
		if (!ids.length) return 0;
		for (const t of CASE_TEXTS) await pseudonymise(tx, t, ids);
		await tx`update cases set texts_removed_at = ${now} where id = any(${ids}::uuid[])`;
		return ids.length;
	}
};
