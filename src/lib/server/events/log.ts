import type { Db } from '../db/client.ts';
import type { StreamedEvent } from '../../realtime/events.ts';
import { realtime } from '../realtime/hub.ts';
import { broadcastEvents } from '../realtime/delivery.ts';
import { log } from '../log.ts';
import type { EventType } from './visibility.ts';

export interface NewEvent {
	/**
	 * Streams are room names: "case:<id>", "org:<id>", "table:<id>". They say where the event is
	 * delivered; the "org:<id>" streams also name the organisations it is addressed to (visibility.ts).
	 */
	streams: string[];
	/** A type listed in visibility.ts, which decides who may see it. */
	type: EventType;
	/** The minimum its receivers may see: ids, statuses, names of professionals; never family data. */
	payload: Record<string, string | number | boolean | null>;
	actorUserId: string | null;
}

export type StoredEvent = StreamedEvent;

const EVENT_ORDER_LOCK = 741_852_964;

/**
 * Appends an event inside the caller's transaction; returns it with its id. A transaction lock
 * held until commit makes event ids commit-ordered: every id below the newest committed one is
 * committed too, so "the events after id N" never skips one that commits late.
 */
export async function appendEvent(tx: Db, event: NewEvent, at: Date): Promise<StoredEvent> {
	await tx`select pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`;
	const [row] = await tx<{ id: string }[]>`
		insert into events (occurred_at, streams, type, payload, actor_user_id)
		values (${at}, ${event.streams}, ${event.type}, ${tx.json(event.payload)}, ${event.actorUserId})
		returning id`;
	return { id: Number(row.id), type: event.type, payload: event.payload, at: at.toISOString(), streams: event.streams };
}

/**
 * After commit: sends events on every portal instance to the sockets in their streams' rooms that
 * may see them (visibility.ts). Never throws.
 */
export function publish(events: StoredEvent[]): void {
	if (!events.length) return;
	try {
		broadcastEvents(realtime(), events);
	} catch (error) {
		log().warn({ err: error instanceof Error ? error.message : String(error) }, 'publishing events failed; clients catch up on reconnect');
	}
}

/** The newest event id: what a page's state reflects when read after it. */
export async function lastEventId(sql: Db): Promise<number> {
	const [row] = await sql<{ id: string }[]>`select coalesce(max(id), 0) as id from events`;
	return Number(row.id);
}

/** Events after `afterId` in any of the streams, oldest first, at most `limit` (+1 to tell "more"). */
export async function eventsSince(sql: Db, afterId: number, streams: string[], limit: number): Promise<StoredEvent[]> {
	if (!streams.length) return [];
	const rows = await sql<{ id: string; type: string; payload: Record<string, string | number | boolean | null>; occurredAt: Date; streams: string[] }[]>`
		select id, type, payload, occurred_at, streams from events
		where id > ${afterId} and streams && ${streams}::text[]
		order by id limit ${limit + 1}`;
	return rows.map((r) => ({ id: Number(r.id), type: r.type, payload: r.payload, at: r.occurredAt.toISOString(), streams: r.streams }));
}
