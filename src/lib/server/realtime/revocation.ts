import type { Db } from '../db/client.ts';
import { db } from '../db/client.ts';
import { log } from '../log.ts';
import { rooms } from '../../realtime/events.ts';
import type { RealtimeServer, RealtimeSocket } from './types.ts';

/**
 * The PostgreSQL channel on which a changed account is announced, with only the user's id
 * (migrations/013_access_revocation.sql: disabling a user, removing or changing a membership).
 */
export const ACCESS_CHANNEL = 'ketentafel_access';

/**
 * Signs a user out everywhere, in the caller's transaction: ends every session and, on commit,
 * each portal instance closes the user's sockets (they are told 'session:ended'). Disabling the
 * account (users.disabled_at) or removing a membership does this by itself (database triggers);
 * this is for a beheerder who only wants the user signed out.
 */
export async function endUserAccess(tx: Db, userId: string): Promise<void> {
	await tx`select end_user_access(${userId}::uuid)`;
}

/** Whether a socket may go on as it is, or why not. */
type Verdict = 'ok' | 'ended' | 'changed';

/**
 * Checks open sockets against the database: the session must still exist and not be expired, its
 * user not disabled, acting for the socket's organisation with the same roles. Returns a verdict
 * per socket id.
 */
async function verdicts(sql: Db, sockets: RealtimeSocket[], now: Date): Promise<Map<string, Verdict>> {
	const pairs = new Map<string, { sessionId: string; organisationId: string }>();
	for (const { data } of sockets)
		pairs.set(`${data.sessionId}|${data.organisationId}`, { sessionId: data.sessionId, organisationId: data.organisationId });
	const list = [...pairs.values()];
	const rows = await sql<{ sessionId: string; organisationId: string; activeOrganisationId: string | null; roles: string[] }[]>`
		select x.session_id, x.organisation_id, s.active_organisation_id,
		       array(select m.role::text from memberships m where m.user_id = s.user_id and m.organisation_id = x.organisation_id order by m.role) as roles
		from unnest(${list.map((p) => p.sessionId)}::text[], ${list.map((p) => p.organisationId)}::uuid[]) as x(session_id, organisation_id)
		join sessions s on s.id = x.session_id
		join users u on u.id = s.user_id
		where s.expires_at > ${now} and u.disabled_at is null`;
	const found = new Map(rows.map((r) => [`${r.sessionId}|${r.organisationId}`, r]));
	const result = new Map<string, Verdict>();
	for (const socket of sockets) {
		const row = found.get(`${socket.data.sessionId}|${socket.data.organisationId}`);
		const sameOrganisation = !row?.activeOrganisationId || row.activeOrganisationId === socket.data.organisationId;
		const sameRoles = !!row && [...row.roles].sort().join(',') === [...socket.data.roles].sort().join(',');
		result.set(socket.id, !row ? 'ended' : sameOrganisation && sameRoles && row.roles.length > 0 ? 'ok' : 'changed');
	}
	return result;
}

/**
 * Re-checks sockets of this instance and closes those that may no longer act as they do, telling
 * the browser why: 'session:ended' (signed out, expired, account disabled, membership gone) or
 * 'session:changed' (other roles or organisation: the page reloads with the new menu). Returns the
 * sockets that stay.
 */
export async function recheckSockets(sockets: RealtimeSocket[], now: Date, sql: Db = db()): Promise<RealtimeSocket[]> {
	if (!sockets.length) return [];
	const verdict = await verdicts(sql, sockets, now);
	const stay: RealtimeSocket[] = [];
	for (const socket of sockets) {
		const v = verdict.get(socket.id) ?? 'ok';
		if (v === 'ok') {
			stay.push(socket);
			continue;
		}
		socket.emit(v === 'ended' ? 'session:ended' : 'session:changed');
		socket.disconnect(true);
	}
	return stay;
}

/** This instance's sockets of one user. */
function socketsOf(io: RealtimeServer, userId: string): RealtimeSocket[] {
	const nsp = io.of('/');
	return [...(nsp.adapter.rooms.get(rooms.user(userId)) ?? [])].flatMap((id) => nsp.sockets.get(id) ?? []);
}

/**
 * Listens on ACCESS_CHANNEL and re-checks the sockets of each announced user at once; after the
 * listening connection was re-established (notifications may have been missed) it re-checks all of
 * this instance's sockets. Returns how to stop listening.
 */
export async function listenForAccessChanges(io: RealtimeServer, now: () => Date): Promise<() => Promise<void>> {
	const recheck = (sockets: RealtimeSocket[]) => {
		recheckSockets(sockets, now()).catch((err) =>
			log().warn({ err: err instanceof Error ? err.message : String(err) }, 'socket access re-check failed')
		);
	};
	let listened = false;
	const { unlisten } = await db().listen(
		ACCESS_CHANNEL,
		(userId) => recheck(socketsOf(io, userId)),
		() => {
			if (listened) recheck([...io.of('/').sockets.values()]);
			listened = true;
		}
	);
	return unlisten;
}
