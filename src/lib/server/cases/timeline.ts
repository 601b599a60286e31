import type { Db } from '../db/client.ts';
import type { CaseAccess } from './access.ts';

export interface TimelineEntry {
	id: number;
	type: string;
	at: Date;
	payload: Record<string, string | number | boolean | null>;
}

/**
 * The case's history from the event log, oldest first. VT sees everything; a partner sees only the
 * steps of its own handovers (not which other partners were asked).
 */
export async function caseTimeline(sql: Db, caseId: string, access: CaseAccess, organisationId: string): Promise<TimelineEntry[]> {
	if (!access) return [];
	const rows = await sql<{ id: string; type: string; occurredAt: Date; payload: TimelineEntry['payload'] }[]>`
		select id, type, occurred_at, payload from events
		where streams @> ${[`case:${caseId}`]}::text[]
		${access === 'partner' ? sql`and payload->>'toOrgId' = ${organisationId}` : sql``}
		order by id`;
	return rows.map((r) => ({ id: Number(r.id), type: r.type, at: r.occurredAt, payload: r.payload }));
}
