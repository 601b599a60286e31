import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { db } from '../db/client.ts';
import { redis } from '../redis.ts';
import { env } from '../env.ts';
import { log } from '../log.ts';
import { systemClock, type Clock } from '../clock.ts';
import { sessionCookieName } from '../auth/cookie.ts';
import { rooms, type OnlineColleague } from '../../realtime/events.ts';
import { authenticateHandshake, HandshakeError } from './handshake.ts';
import { Presence, PRESENCE_REFRESH_MS } from './presence.ts';

/** How long presence changes of one organisation are gathered before its list is sent. */
export const PRESENCE_BATCH_MS = 250;
import { closeAdapterClients, registerRealtime, useRedisAdapter } from './hub.ts';
import type { RealtimeServer, RealtimeSocket } from './types.ts';
import { caseAccess } from '../cases/access.ts';
import { tableAccess } from '../tables/access.ts';
import { eventsSince } from '../events/log.ts';
import { maySee } from '../events/visibility.ts';
import { registerTableHandlers } from './tables.ts';
import { receiveEvents } from './delivery.ts';
import { watchLink } from './link.ts';
import { listenForAccessChanges, recheckSockets } from './revocation.ts';
import { auditSocket, watchRecord } from './audit.ts';

export interface AttachedRealtime {
	io: RealtimeServer;
	close(): Promise<void>;
}

/** Names of the users online in an organisation, sorted by name. */
export async function onlineColleagues(presence: Presence, organisationId: string): Promise<OnlineColleague[]> {
	const ids = await presence.online(organisationId);
	if (!ids.length) return [];
	return db()<OnlineColleague[]>`select id, name from users where id = any(${ids}::uuid[]) order by name`;
}

/**
 * Attaches Socket.IO to the portal's HTTP server: Redis adapter between instances, handshake
 * authentication with the session cookie, rooms per user, session and organisation, presence,
 * delivery of events to the sockets that may see them, and sockets closed as soon as their
 * account's access changes.
 */
export function attachRealtime(httpServer: HttpServer, clock: Clock = systemClock): AttachedRealtime {
	const config = env();
	const io: RealtimeServer = new Server(httpServer, {
		serveClient: false,
		transports: ['websocket'],
		pingInterval: 20_000,
		pingTimeout: 20_000
	});
	const clients = useRedisAdapter(io);
	receiveEvents(io);
	const presence = new Presence(redis(), config.REDIS_PREFIX, clock);
	// Without Redis only this instance's own changes arrive live: the badge says so, and the pages
	// catch up from the event log when the link is back.
	const link = watchLink(clients, (up) => {
		if (up) log().info('redis link of the realtime adapter is back: live updates resume');
		else log().warn('redis link of the realtime adapter lost: live updates from other instances and the workers are paused');
		io.local.emit(up ? 'live:resumed' : 'live:paused');
	});
	const unlistening = listenForAccessChanges(io, () => clock.now()).catch((err) => {
		log().warn(
			{ err: err instanceof Error ? err.message : String(err) },
			'listening for access changes failed; the periodic re-check remains'
		);
		return async () => {};
	});

	io.use((socket, next) => {
		authenticateHandshake(
			{
				sql: db(),
				clock,
				allowedOrigin: config.ORIGIN,
				cookieName: sessionCookieName(),
				sessionTtlMs: config.SESSION_TTL_HOURS * 3600_000
			},
			{ origin: socket.handshake.headers.origin, cookieHeader: socket.handshake.headers.cookie }
		).then(
			(data) => {
				socket.data = data;
				next();
			},
			(error) => {
				if (!(error instanceof HandshakeError)) log().error({ err: error }, 'socket handshake failed');
				next(new Error(error instanceof HandshakeError ? error.code : 'unavailable'));
			}
		);
	});

	// Presence changes are coalesced per organisation: a wave of (re)connections sends one list per
	// organisation per PRESENCE_BATCH_MS instead of one per socket to every socket.
	let closing = false;
	const pending = new Map<string, NodeJS.Timeout>();
	const publish = (organisationId: string) => {
		if (closing || pending.has(organisationId)) return;
		const timer = setTimeout(() => {
			pending.delete(organisationId);
			onlineColleagues(presence, organisationId)
				.then((online) => {
					if (!closing) io.to(rooms.organisation(organisationId)).emit('presence:update', { organisationId, online });
				})
				.catch((err) => log().warn({ err }, 'presence update failed'));
		}, PRESENCE_BATCH_MS);
		pending.set(organisationId, timer);
	};

	io.on('connection', (socket: RealtimeSocket) => {
		const { userId, sessionId, organisationId, roles } = socket.data;
		void socket.join([rooms.user(userId), rooms.session(sessionId), rooms.organisation(organisationId)]);
		if (roles.includes('beheerder')) void socket.join(rooms.beheerders);
		// the dashboard's "figures changed" signal carries no figures: the page reloads them through its own checks
		if (roles.includes('gemeente') || roles.includes('stuurgroep')) void socket.join(rooms.dashboard);
		registerTableHandlers(io, socket, presence, clock);
		if (!link.up()) socket.emit('live:paused');
		presence
			.touch(organisationId, userId, socket.id)
			.then(() => publish(organisationId))
			.catch((err) => log().warn({ err }, 'presence update failed'));

		socket.on('presence:list', (ack) => {
			if (typeof ack !== 'function') return;
			onlineColleagues(presence, organisationId).then(ack, () => ack([]));
		});
		socket.on('case:watch', (caseId, ack) => {
			if (typeof ack !== 'function' || typeof caseId !== 'string') return;
			watchRecord(socket, { type: 'case', id: caseId }, () => caseAccess(db(), socket.data, caseId), rooms.case(caseId)).then(ack, () =>
				ack(false)
			);
		});
		socket.on('table:watch', (tableId, ack) => {
			if (typeof ack !== 'function' || typeof tableId !== 'string') return;
			watchRecord(socket, { type: 'table', id: tableId }, () => tableAccess(db(), socket.data, tableId), rooms.table(tableId)).then(
				ack,
				() => ack(false)
			);
		});
		socket.on('events:replay', (afterId, ack) => {
			if (typeof ack !== 'function' || !Number.isSafeInteger(afterId) || afterId < 0) return;
			replay(socket, afterId).then(ack, () => ack({ replayed: 0, reload: true }));
		});
		socket.on('disconnect', () => {
			presence
				.leave(organisationId, userId, socket.id)
				.then(() => publish(organisationId))
				.catch((err) => log().warn({ err }, 'presence update failed'));
		});
	});

	const timer = setInterval(() => {
		refresh(io, presence, clock).catch((err) => log().warn({ err }, 'socket refresh failed'));
	}, PRESENCE_REFRESH_MS);
	timer.unref();

	registerRealtime(io);
	return {
		io,
		async close() {
			closing = true;
			clearInterval(timer);
			link.stop();
			for (const t of pending.values()) clearTimeout(t);
			pending.clear();
			registerRealtime(undefined);
			await (await unlistening)().catch(() => undefined);
			io.disconnectSockets(true);
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await closeAdapterClients(clients);
		}
	};
}

/** Most events a reconnecting client is sent one by one; further behind, it reloads its state. */
export const REPLAY_LIMIT = 200;

/**
 * Sends a reconnected socket exactly the events after `afterId` that it would have been sent live:
 * those in the streams it follows now (its user and organisation, and the cases and tafels it
 * watches: rooms joined after an access check) that it may see (maySee). A replay that sends events
 * is audited with the streams followed and the event ids sent.
 */
async function replay(socket: RealtimeSocket, afterId: number): Promise<{ replayed: number; reload: boolean }> {
	const streams = [...socket.rooms].filter((room) => /^(user|org|case|table):/.test(room));
	const found = await eventsSince(db(), afterId, streams, REPLAY_LIMIT);
	if (found.length > REPLAY_LIMIT) {
		socket.emit('events:reload');
		return { replayed: 0, reload: true };
	}
	const events = found.filter((e) => maySee(socket.data, e));
	if (events.length) {
		await auditSocket(socket, 'events.replayed', null, {
			via: 'live',
			after: afterId,
			streams,
			events: events.map((e) => e.id),
			rows: events.length
		});
	}
	for (const { streams: _streams, ...wire } of events) socket.emit('event', wire);
	return { replayed: events.length, reload: false };
}

/**
 * Closes this instance's sockets whose session ended or whose account changed (in case a
 * notification was missed) and refreshes the presence of the others.
 */
async function refresh(io: RealtimeServer, presence: Presence, clock: Clock): Promise<void> {
	const stay = await recheckSockets([...io.of('/').sockets.values()], clock.now());
	await presence.touchMany(stay.map((socket) => ({ key: socket.data.organisationId, userId: socket.data.userId, socketId: socket.id })));
}
