import { RETENTION_MARKER } from '../retention/policy.ts';
import type { Db } from '../db/client.ts';
import { findIdentifying, type IdentifyingKind } from './identifying.ts';
import { isPersonLabel } from './person-label.ts';

/** One column that holds free text (or a person label) people typed. */
export interface FreeTextColumn {
	table: string;
	column: string;
	/** 'label': a directbetrokkene's description, which must also be a role (person-label.ts). */
	kind: 'text' | 'label';
	/** SQL for the record's id (text), over the table aliased t. */
	id?: string;
	/** SQL for the moment the text was written, over t (and j when `join` is given): dates are read against it. */
	at: string;
	/** A join that `at` needs, with alias j. */
	join?: string;
}

/**
 * Every column that holds free text people typed: the case texts and person labels, the offer
 * message and the decline and withdraw notes, the warm handover's attendees, tafel proposals and
 * decisions, V&V conditions and steps, check-ins, closing, reopening and monitoring, and API token
 * names. Names of staff and organisations are not family data and not free text; event payloads,
 * notifications and audit rows are written by the system, never typed.
 */
export const FREE_TEXT_COLUMNS: FreeTextColumn[] = [
	{ table: 'cases', column: 'summary', kind: 'text', at: 't.updated_at' },
	{ table: 'cases', column: 'safety_agreements', kind: 'text', at: 't.updated_at' },
	{ table: 'cases', column: 'monitoring_by', kind: 'text', at: 't.updated_at' },
	{ table: 'cases', column: 'involved_partner_reason', kind: 'text', at: 't.updated_at' },
	{ table: 'cases', column: 'closing_summary', kind: 'text', at: 't.closed_at' },
	{ table: 'case_persons', column: 'label', kind: 'label', at: 'j.updated_at', join: 'join cases j on j.id = t.case_id' },
	{ table: 'handovers', column: 'message', kind: 'text', at: 't.offered_at' },
	{ table: 'handovers', column: 'decline_note', kind: 'text', at: 't.answered_at' },
	{ table: 'handovers', column: 'withdraw_note', kind: 'text', at: 't.withdrawn_at' },
	{ table: 'warm_handovers', column: 'vt_attendees', kind: 'text', id: 't.handover_id', at: 't.updated_at' },
	{ table: 'warm_handovers', column: 'partner_attendees', kind: 'text', id: 't.handover_id', at: 't.updated_at' },
	{ table: 'table_proposals', column: 'note', kind: 'text', at: 't.created_at' },
	{ table: 'table_items', column: 'outcome_note', kind: 'text', at: 't.decided_at' },
	{ table: 'trajectory_conditions', column: 'description', kind: 'text', at: 't.created_at' },
	{ table: 'trajectory_steps', column: 'description', kind: 'text', at: 't.created_at' },
	{ table: 'safety_checkins', column: 'contact_with', kind: 'text', at: 't.recorded_at' },
	{ table: 'safety_checkins', column: 'note', kind: 'text', at: 't.recorded_at' },
	{ table: 'monitoring_moments', column: 'with_whom_note', kind: 'text', at: 't.updated_at' },
	{ table: 'monitoring_moments', column: 'effect', kind: 'text', at: 't.recorded_at' },
	{
		table: 'monitoring_person_outcomes',
		column: 'label',
		kind: 'label',
		id: "t.moment_id::text || '/' || t.position",
		at: 'j.recorded_at',
		join: 'join monitoring_moments j on j.id = t.moment_id'
	},
	{ table: 'case_reopenings', column: 'reason', kind: 'text', at: 't.reopened_at' },
	{ table: 'case_reopenings', column: 'closing_summary', kind: 'text', at: 't.closed_at' },
	{ table: 'api_tokens', column: 'name', kind: 'text', at: 't.created_at' }
];

/** What the validator would refuse in one stored value: never the text itself, only where and what. */
export interface ScanFinding {
	table: string;
	id: string;
	column: string;
	/** The kinds found; 'label' for a person label that is not a role. */
	kinds: (IdentifyingKind | 'label')[];
	/** Where each finding sits in the text (0-based index and length). */
	spans: { kind: IdentifyingKind | 'label'; index: number; length: number }[];
	/** The length of the whole text. */
	length: number;
}

export interface ScanSummary {
	columns: number;
	rows: number;
	findings: number;
}

/** The findings of one value as the validator would judge it when written at `at`. */
export function judge(column: Pick<FreeTextColumn, 'kind'>, value: string, at: Date): Pick<ScanFinding, 'kinds' | 'spans'> | null {
	if (value === RETENTION_MARKER) return null; // removed after its retention period: nothing left to find
	const spans: ScanFinding['spans'] = findIdentifying(value, { now: at });
	if (!spans.length && column.kind === 'label' && value.trim() && !isPersonLabel(value))
		spans.push({ kind: 'label', index: 0, length: value.length });
	if (!spans.length) return null;
	return { kinds: [...new Set(spans.map((s) => s.kind))], spans };
}

/**
 * Reads every free-text column (FREE_TEXT_COLUMNS) in batches and reports each stored value that
 * the validator would now refuse, through `report`. Reads only; changes nothing.
 */
export async function scanFreeText(sql: Db, report: (finding: ScanFinding) => void, batch = 1000): Promise<ScanSummary> {
	const summary: ScanSummary = { columns: FREE_TEXT_COLUMNS.length, rows: 0, findings: 0 };
	for (const c of FREE_TEXT_COLUMNS) {
		const query = `select ${c.id ?? 't.id'}::text as id, coalesce(${c.at}, now()) as at, t.${c.column} as value
			from ${c.table} t ${c.join ?? ''} where t.${c.column} is not null and t.${c.column} <> ''`;
		for await (const rows of sql.unsafe<{ id: string; at: Date; value: string }[]>(query).cursor(batch)) {
			for (const row of rows) {
				summary.rows++;
				const found = judge(c, row.value, row.at);
				if (!found) continue;
				summary.findings++;
				report({ table: c.table, id: row.id, column: c.column, length: row.value.length, ...found });
			}
		}
	}
	return summary;
}
