import type { Db } from '../db/client.ts';
import { db } from '../db/client.ts';
import { log } from '../log.ts';
import { rooms, type TablePresent } from '../../realtime/events.ts';
import { tableAccess } from '../tables/access.ts';
import { PRESENCE_REFRESH_MS, type Presence } from './presence.ts';
import { socketAuditActor, watchRecord } from './audit.ts';
import type { Actor } from '../actor.ts';
import type { Clock } from '../clock.ts';
import type { OrganisationKind, Role } from '../auth/roles.ts';
import { recordAttendance } from '../tables/attendance.ts';
import type { RealtimeServer, RealtimeSocket } from './types.ts';

/** The presence key of a tafel (the Presence class keys by "organisation"; a tafel uses its room name). */
export const tablePresenceKey = (tableId: string) => rooms.table(tableId);

/** Presence member of a socket at a tafel: the person and the organisation they act for. */
const member = (userId: string, organisationId: string) => `${userId}/${organisationId}`;

/** Who is present at a tafel now: names of the people and their organisations, sorted by name. */
export async function tablePresence(sql: Db, presence: Presence, tableId: string): Promise<TablePresent[]> {
	const members = await presence.online(tablePresenceKey(tableId));
	const pairs = members.map((m) => m.split('/')).filter((p): p is [string, string] => p.length === 2);
	if (!pairs.length) return [];
	const rows = await sql<(TablePresent & { organisationId: string })[]>`
		select u.id, u.name, o.name as organisation, o.id as organisation_id
		from unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::uuid[]) as m(user_id, organisation_id)
		join users u on u.id = m.user_id join organisations o on o.id = m.organisation_id
		order by u.name, o.name`;
	return rows.map(({ id, name, organisation }) => ({ id, name, organisation }));
}

/** The person behind a socket as the domain services see them. */
async function socketActor(socket: RealtimeSocket): Promise<Actor> {
	const [org] = await db()<{ name: string }[]>`select name from organisations where id = ${socket.data.organisationId}`;
	const { ip, userAgent } = socketAuditActor(socket);
	return {
		userId: socket.data.userId,
		tokenId: null,
		name: socket.data.name,
		organisationId: socket.data.organisationId,
		organisationName: org?.name ?? '',
		organisationKind: socket.data.organisationKind as OrganisationKind,
		roles: socket.data.roles as Role[],
		ip,
		userAgent
	};
}

/**
 * Presence at tafels for one socket: 'table:join' (after the same access check as pages, audited) joins the
 * tafel's room and marks the person present, 'table:leave' and disconnecting remove them; every
 * change is broadcast as 'table:presence' to the tafel's room. Presence is refreshed while joined.
 * Joining a running tafel records the person's attendance (tables/attendance.ts).
 */
export function registerTableHandlers(io: RealtimeServer, socket: RealtimeSocket, presence: Presence, clock: Clock): void {
	const joined = new Set<string>();
	const me = () => member(socket.data.userId, socket.data.organisationId);
	const broadcast = async (tableId: string) => {
		const present = await tablePresence(db(), presence, tableId);
		io.to(rooms.table(tableId)).emit('table:presence', { tableId, present });
		return present;
	};
	const leave = (tableId: string) => {
		joined.delete(tableId);
		presence
			.leave(tablePresenceKey(tableId), me(), socket.id)
			.then(() => broadcast(tableId))
			.catch((err) => log().warn({ err }, 'table presence update failed'));
	};
	const timer = setInterval(() => {
		for (const tableId of joined) {
			presence.touch(tablePresenceKey(tableId), me(), socket.id).catch((err) => log().warn({ err }, 'table presence refresh failed'));
		}
	}, PRESENCE_REFRESH_MS);
	timer.unref();

	socket.on('table:join', (tableId, ack) => {
		if (typeof ack !== 'function' || typeof tableId !== 'string') return;
		watchRecord(socket, { type: 'table', id: tableId }, () => tableAccess(db(), socket.data, tableId), rooms.table(tableId), 'aanwezigheid')
			.then(async (watching) => {
				if (!watching) return ack(null);
				joined.add(tableId);
				await presence.touch(tablePresenceKey(tableId), me(), socket.id);
				ack(await broadcast(tableId));
				await socketActor(socket)
					.then((actor) => recordAttendance({ sql: db(), clock }, actor, tableId))
					.catch((err) => log().warn({ err }, 'table attendance not recorded'));
			})
			.catch((err) => {
				log().warn({ err }, 'table join failed');
				ack(null);
			});
	});
	socket.on('table:leave', (tableId) => {
		if (typeof tableId === 'string' && joined.has(tableId)) leave(tableId);
	});
	socket.on('disconnect', () => {
		clearInterval(timer);
		for (const tableId of [...joined]) leave(tableId);
	});
}
