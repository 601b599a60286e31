import type { Db } from '../db/client.ts';
import type { StreamedEvent } from '../../realtime/events.ts';
import {
	EVENT_TYPES,
	isEventType,
	type DomainEventMap,
	type EventType,
	type EventTypeWith,
	type PayloadBeyond
} from '../../domain-events.ts';
import { realtime } from '../realtime/hub.ts';
import { broadcastEvents } from '../realtime/delivery.ts';
import { log } from '../log.ts';

/** Where an event is delivered and who caused it (null: the workers). */
export interface EventRoute {
	/**
	 * Streams are room names: "case:<id>", "org:<id>", "table:<id>". They say where the event is
	 * delivered; the "org:<id>" streams also name the organisations it is addressed to (visibility.ts).
	 */
	streams: string[];
	actorUserId: string | null;
}

/**
 * An event to append: a type of the domain event map (domain-events.ts; visibility.ts decides who
 * sees it) with exactly that type's payload, the minimum its receivers may see, never family data.
 */
export type NewEvent<T extends EventType = EventType> = { [K in T]: EventRoute & { type: K; payload: DomainEventMap[K] } }[T];

/** An appended event: its id and moment, as it is published and replayed. */
export type StoredEvent<T extends EventType = EventType> = StreamedEvent<T>;

/**
 * The typed constructor behind the helpers of each kind of work (handoverEvent, tableEvent, …): the
 * base payload its steps share plus what type T adds, exactly (a missing, extra or mistyped field
 * does not compile). T must be a type whose payload has the base's fields.
 */
export function domainEvent<B extends object, T extends EventTypeWith<B>>(
	type: T,
	base: B,
	extra: PayloadBeyond<T, B>,
	route: EventRoute
): NewEvent<T>;
export function domainEvent(type: EventType, base: object, extra: object, route: EventRoute): NewEvent {
	// T's payload has B's fields and extra is the rest of it: together they are T's payload
	return { type, payload: { ...base, ...extra }, ...route } as NewEvent;
}

const EVENT_ORDER_LOCK = 741_852_964;

/**
 * Appends an event inside the caller's transaction; returns it with its id. A transaction lock
 * held until commit makes event ids commit-ordered: every id below the newest committed one is
 * committed too, so "the events after id N" never skips one that commits late.
 */
export async function appendEvent<T extends EventType>(tx: Db, event: NewEvent<T>, at: Date): Promise<StoredEvent<T>> {
	await tx`select pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`;
	const [row] = await tx<{ id: string }[]>`
		insert into events (occurred_at, streams, type, payload, actor_user_id)
		values (${at}, ${event.streams}, ${event.type}, ${tx.json(event.payload)}, ${event.actorUserId})
		returning id`;
	return { id: Number(row.id), type: event.type, payload: event.payload, at: at.toISOString(), streams: event.streams };
}

/** A row of the event log as the domain event it records; null for a type that is no longer one (nobody sees it). */
export function readStoredEvent(row: {
	id: string | number;
	type: string;
	payload: unknown;
	occurredAt: Date;
	streams: string[];
}): StoredEvent | null {
	if (!isEventType(row.type)) return null;
	// the log holds what appendEvent wrote: the payload of its type
	return {
		id: Number(row.id),
		type: row.type,
		payload: row.payload,
		at: row.occurredAt.toISOString(),
		streams: row.streams
	} as StoredEvent;
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

/** Domain events after `afterId` in any of the streams, oldest first, at most `limit` (+1 to tell "more"). */
export async function eventsSince(sql: Db, afterId: number, streams: string[], limit: number): Promise<StoredEvent[]> {
	if (!streams.length) return [];
	const rows = await sql<{ id: string; type: string; payload: unknown; occurredAt: Date; streams: string[] }[]>`
		select id, type, payload, occurred_at, streams from events
		where id > ${afterId} and streams && ${streams}::text[] and type = any(${EVENT_TYPES}::text[])
		order by id limit ${limit + 1}`;
	return rows.flatMap((r) => readStoredEvent(r) ?? []);
}
