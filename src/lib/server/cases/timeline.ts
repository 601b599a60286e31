import type { Db } from '../db/client.ts';
import type { Capacity } from '../actor.ts';
import { rooms } from '../../realtime/events.ts';
import { maySee } from '../events/visibility.ts';
import { caseAccess } from './access.ts';

export interface TimelineEntry {
	id: number;
	type: string;
	at: Date;
	payload: Record<string, string | number | boolean | null>;
}

/**
 * The case's history from the event log, oldest first: the events of the case's stream the viewer
 * may see (maySee, as live and on replay), nothing without access to the case.
 */
export async function caseTimeline(sql: Db, viewer: Capacity, caseId: string): Promise<TimelineEntry[]> {
	if (!(await caseAccess(sql, viewer, caseId))) return [];
	const rows = await sql<{ id: string; type: string; occurredAt: Date; streams: string[]; payload: TimelineEntry['payload'] }[]>`
		select id, type, occurred_at, streams, payload from events
		where streams @> ${[rooms.case(caseId)]}::text[]
		order by id`;
	return rows.filter((r) => maySee(viewer, r)).map((r) => ({ id: Number(r.id), type: r.type, at: r.occurredAt, payload: r.payload }));
}
