import type { Db } from '../db/client.ts';
import type { Capacity } from '../actor.ts';
import type { DomainEvent, EventType } from '../../domain-events.ts';
import { rooms } from '../../realtime/events.ts';
import { maySee } from '../events/visibility.ts';
import { readStoredEvent, type StoredEvent } from '../events/log.ts';
import { caseAccess } from './access.ts';

/** One step on a case's timeline: a domain event, its id and moment. */
export type TimelineEntry<T extends EventType = EventType> = { [K in T]: DomainEvent<K> & { id: number; at: Date } }[T];

function entry<T extends EventType>(event: StoredEvent<T>, at: Date): TimelineEntry<T> {
	return { id: event.id, type: event.type, payload: event.payload, at };
}

/**
 * The case's history from the event log, oldest first: the events of the case's stream the viewer
 * may see (maySee, as live and on replay), nothing without access to the case.
 */
export async function caseTimeline(sql: Db, viewer: Capacity, caseId: string): Promise<TimelineEntry[]> {
	if (!(await caseAccess(sql, viewer, caseId))) return [];
	const rows = await sql<{ id: string; type: string; occurredAt: Date; streams: string[]; payload: unknown }[]>`
		select id, type, occurred_at, streams, payload from events
		where streams @> ${[rooms.case(caseId)]}::text[]
		order by id`;
	return rows.flatMap((row) => {
		const event = readStoredEvent(row);
		return event && maySee(viewer, event) ? [entry(event, row.occurredAt)] : [];
	});
}
