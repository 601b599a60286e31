import type { Db } from '../db/client.ts';
import { audit, type AuditAction, type AuditActor, type AuditDetails, type AuditRecord } from './log.ts';

/** What a list shows: case records by type (the audit log's record types). */
export type ListedRecordType =
	'case' | 'handover' | 'trajectory' | 'safety_checkin' | 'monitoring' | 'wait_entry' | 'table' | 'notification';

/**
 * Audits one read of a list of case data (NEN 7513): which records were shown, not only how many.
 * `ids` are the rows actually shown (after any paging), each once, in `details.ids`, with their
 * type in `details.shown` and their number in `details.rows`. `record` is what the list belongs to
 * (a tafel, an organisation), if anything.
 */
export async function auditList(
	sql: Db,
	actor: AuditActor,
	action: AuditAction,
	recordType: ListedRecordType,
	ids: readonly (string | number)[],
	extra: { record?: AuditRecord | null; details?: AuditDetails } = {}
): Promise<void> {
	const shown = [...new Set(ids.map(String))];
	await audit(sql, actor, action, extra.record ?? null, { ...extra.details, shown: recordType, rows: shown.length, ids: shown });
}
