import type { DomainEventMap, EventType } from '../domain-events';

/** A colleague who is online now. */
export interface OnlineColleague {
	id: string;
	name: string;
}

/** Someone present at a tafel, acting for an organisation. */
export interface TablePresent {
	id: string;
	name: string;
	organisation: string;
}

export interface HeartbeatStatus {
	at: string;
	worker: string;
}

/**
 * A domain event as clients receive it (from the event log), a union discriminated by `type`
 * (domain-events.ts): `if (e.type === 'handover.offered')` narrows the payload.
 */
export type LiveEvent<T extends EventType = EventType> = { [K in T]: { id: number; type: K; payload: DomainEventMap[K]; at: string } }[T];

/** A domain event with the streams (rooms) it belongs to: what portal instances pass each other. */
export type StreamedEvent<T extends EventType = EventType> = { [K in T]: LiveEvent<K> & { streams: string[] } }[T];

/** A stored notification as the bell shows it (no family data: a reference and organisation names). */
export interface NotificationItem {
	id: number;
	kind: string;
	title: string;
	body: string;
	href: string | null;
	createdAt: string;
	readAt: string | null;
}

/** Events the server sends to browsers. */
export interface ServerToClientEvents {
	'presence:update': (payload: { organisationId: string; online: OnlineColleague[] }) => void;
	'session:ended': () => void;
	/** The session's organisation changed in another tab: reload to act for the new one. */
	'session:changed': () => void;
	'status:heartbeat': (payload: HeartbeatStatus) => void;
	event: (event: LiveEvent) => void;
	/** Too many events were missed to replay: reload the page's state. */
	'events:reload': () => void;
	/** Who is present at a tafel now. */
	'table:presence': (payload: { tableId: string; present: TablePresent[] }) => void;
	/** A new notification for this user (sent once, after it was stored). */
	'notification:new': (item: NotificationItem) => void;
	/** Notifications were marked read in another tab: id null means all; unread is the new count. */
	'notification:read': (payload: { id: number | null; unread: number }) => void;
	/** The workers recomputed the dashboard's rollups and the figures changed (no figures in it). */
	'dashboard:updated': (payload: { at: string }) => void;
	/** This portal lost its link to the other instances and the workers (Redis): only its own changes arrive live. */
	'live:paused': () => void;
	/** The link is back: catch up (replay from the last event id) and carry on live. */
	'live:resumed': () => void;
}

/** Events browsers send to the server. */
export interface ClientToServerEvents {
	'presence:list': (ack: (online: OnlineColleague[]) => void) => void;
	/** Follow a case's live events; refused (false) without access to the case. */
	'case:watch': (caseId: string, ack: (ok: boolean) => void) => void;
	/** Follow a tafel's live events; refused (false) when the organisation does not take part. */
	'table:watch': (tableId: string, ack: (ok: boolean) => void) => void;
	/** Replay the events after this id that this socket may see. */
	'events:replay': (afterId: number, ack: (result: { replayed: number; reload: boolean }) => void) => void;
	/** Be present at a tafel (and follow it); null when the organisation does not take part. */
	'table:join': (tableId: string, ack: (present: TablePresent[] | null) => void) => void;
	'table:leave': (tableId: string) => void;
}

/** Between portal instances (Socket.IO serverSideEmit). */
export interface InterServerEvents {
	/** New events: each instance sends them to those of its sockets that may see them. */
	'events:deliver': (events: StreamedEvent[]) => void;
}

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
	userId: string;
	name: string;
	sessionId: string;
	organisationId: string;
	organisationKind: string;
	roles: string[];
}

export const rooms = {
	user: (id: string) => `user:${id}`,
	session: (id: string) => `session:${id}`,
	organisation: (id: string) => `org:${id}`,
	case: (id: string) => `case:${id}`,
	table: (id: string) => `table:${id}`,
	beheerders: 'beheerders',
	dashboard: 'dashboard'
} as const;
