import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { sessionCookieName } from '../../src/lib/server/auth/cookie.ts';
import { endUserAccess, recheckSockets } from '../../src/lib/server/realtime/revocation.ts';
import type { Role } from '../../src/lib/server/auth/roles.ts';
import { createUser } from '../support/fixtures.ts';
import {
	connectLive,
	organisation,
	SESSION_TTL_MS,
	startInstance,
	stopAll,
	type Instance,
	type LiveClient,
	type Org
} from '../support/it-cases.ts';
import { waitFor, within } from '../support/it-helpers.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00');
/** "At once": the deadline for a socket to be closed after the change committed. */
const AT_ONCE_MS = 5000;

let a: Instance, b: Instance;
let vt: Org, cjg: Org;

interface Watched {
	client: LiveClient;
	closed: boolean;
}

/** A connected socket that records whether it was closed (LiveClient records what it was told). */
async function watched(instance: Instance, token: string): Promise<Watched> {
	const client = await connectLive(instance, token);
	const w: Watched = { client, closed: false };
	client.socket.on('disconnect', () => (w.closed = true));
	return w;
}

async function account(memberships: { organisationId: string; role: Role }[]) {
	const user = await createUser(db(), memberships);
	const session = () =>
		createSession(db(), { userId: user.id, twoFactorVerified: true, ip: null, userAgent: 'vitest' }, SESSION_TTL_MS, clock);
	return { user, session };
}

const valid = async (token: string) => (await validateSessionToken(db(), token, SESSION_TTL_MS, clock))?.auth ?? null;

/** The connect_error of a new handshake with this token (fails the test when it is accepted). */
function refusal(instance: Instance, token: string): Promise<string> {
	const socket = connectClient(instance.url, {
		transports: ['websocket'],
		extraHeaders: { origin: instance.origin, cookie: `${sessionCookieName()}=${token}` },
		reconnection: false,
		forceNew: true
	});
	return within(
		new Promise<string>((resolve, reject) => {
			socket.once('connect', () => reject(new Error('handshake was accepted')));
			socket.once('connect_error', (e) => resolve(e.message));
		}),
		'connect_error'
	).finally(() => socket.disconnect());
}

/**
 * Waits until an instance has handled the notifications sent so far: a marker user's socket there
 * is closed by a later one (notifications arrive in commit order).
 */
async function handledSoFar(instance: Instance): Promise<void> {
	const marker = await account([{ organisationId: vt.id, role: 'medewerker' }]);
	const socket = await watched(instance, (await marker.session()).token);
	await db()`update users set disabled_at = now() where id = ${marker.user.id}`;
	await closedWith(socket, 'session:ended', 'the marker socket');
}

async function closedWith(w: Watched, message: string, what: string): Promise<void> {
	await waitFor(() => w.closed, `${what}: socket closed`, AT_ONCE_MS);
	expect(w.client.signals, what).toEqual([message]);
}

beforeAll(async () => {
	[vt, cjg] = await Promise.all([organisation('vt'), organisation('cjg')]);
	a = await startInstance(clock);
	b = await startInstance(clock);
});

afterAll(async () => {
	await stopAll();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('a deactivated account is out at once', () => {
	it('closes every socket of a user disabled in the database, on every instance, and ends the sessions', async () => {
		const { user, session } = await account([{ organisationId: vt.id, role: 'medewerker' }]);
		const colleague = await account([{ organisationId: vt.id, role: 'medewerker' }]);
		const [first, second, other] = [await session(), await session(), await colleague.session()];
		const [onA, onB, bystander] = [await watched(a, first.token), await watched(b, second.token), await watched(a, other.token)];

		await db()`update users set disabled_at = now() where id = ${user.id}`;
		await closedWith(onA, 'session:ended', 'socket on A');
		await closedWith(onB, 'session:ended', 'socket on B');
		expect(await db()`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
		expect(await valid(first.token)).toBeNull(); // what every HTTP request checks (hooks.server.ts)
		expect(await refusal(a, second.token)).toBe('unauthorized');
		expect(bystander.closed).toBe(false);
		expect(await valid(other.token)).not.toBeNull();
	});

	it('ends the sessions and sockets acting for an organisation when the membership is removed', async () => {
		const { user, session } = await account([{ organisationId: cjg.id, role: 'medewerker' }]);
		const { token } = await session();
		const [onA, onB] = [await watched(a, token), await watched(b, token)];

		await db()`delete from memberships where user_id = ${user.id} and organisation_id = ${cjg.id}`;
		await closedWith(onA, 'session:ended', 'socket on A');
		await closedWith(onB, 'session:ended', 'socket on B');
		expect(await valid(token)).toBeNull();
		expect(await refusal(b, token)).toBe('unauthorized');
	});

	it('keeps the session for the other organisation of a user who leaves one of two', async () => {
		const { user, session } = await account([
			{ organisationId: vt.id, role: 'medewerker' },
			{ organisationId: cjg.id, role: 'medewerker' }
		]);
		const [forVt, forCjg] = [await session(), await session()];
		await db()`update sessions set active_organisation_id = ${vt.id} where id = ${forVt.id}`;
		await db()`update sessions set active_organisation_id = ${cjg.id} where id = ${forCjg.id}`;
		const [vtSocket, cjgSocket] = [await watched(a, forVt.token), await watched(b, forCjg.token)];

		await db()`delete from memberships where user_id = ${user.id} and organisation_id = ${vt.id}`;
		await closedWith(vtSocket, 'session:ended', 'the socket acting for VT');
		expect(await valid(forVt.token)).toBeNull();
		// the other session was re-checked too (same user) and may go on as it was
		expect((await valid(forCjg.token))?.active?.organisationId).toBe(cjg.id);
		await handledSoFar(b);
		expect(cjgSocket.closed).toBe(false);
		expect(cjgSocket.client.signals).toEqual([]);
		const onB = [...b.realtime.io.of('/').sockets.values()].filter((s) => s.data.userId === user.id);
		expect((await recheckSockets(onB, clock.now())).map((s) => s.data.organisationId)).toEqual([cjg.id]);
	});

	it('reloads the sockets of a user whose roles changed, with the session kept', async () => {
		const { user, session } = await account([{ organisationId: vt.id, role: 'medewerker' }]);
		const { token } = await session();
		const before = await watched(a, token);

		await db()`insert into memberships (user_id, organisation_id, role) values (${user.id}, ${vt.id}, 'coordinator')`;
		await closedWith(before, 'session:changed', 'a role added');
		expect((await valid(token))?.active?.roles.sort()).toEqual(['coordinator', 'medewerker']);

		const after = await watched(b, token);
		await db()`delete from memberships where user_id = ${user.id} and organisation_id = ${vt.id} and role = 'coordinator'`;
		await closedWith(after, 'session:changed', 'a role taken away, another kept');
		expect((await valid(token))?.active?.roles).toEqual(['medewerker']);
	});

	it('signs a user out everywhere through endUserAccess (for the beheerder pages)', async () => {
		const { user, session } = await account([{ organisationId: cjg.id, role: 'coordinator' }]);
		const { token } = await session();
		const [onA, onB] = [await watched(a, token), await watched(b, token)];
		await db().begin((tx) => endUserAccess(tx, user.id));
		await closedWith(onA, 'session:ended', 'socket on A');
		await closedWith(onB, 'session:ended', 'socket on B');
		expect(await valid(token)).toBeNull();
	});

	it('announces nothing for a change that is rolled back', async () => {
		const { user, session } = await account([{ organisationId: vt.id, role: 'medewerker' }]);
		const { token } = await session();
		const socket = await watched(a, token);
		await db()
			.begin(async (tx) => {
				await tx`update users set disabled_at = now() where id = ${user.id}`;
				throw new Error('rollback');
			})
			.catch(() => undefined);
		await handledSoFar(a);
		expect(socket.closed).toBe(false);
		expect(await valid(token)).not.toBeNull();
	});

	it('closes, on the periodic re-check, sockets whose session or roles changed without a notification', async () => {
		const { user, session } = await account([{ organisationId: vt.id, role: 'medewerker' }]);
		const [gone, stale, fine] = [await session(), await session(), await session()];
		const [goneSocket, staleSocket, fineSocket] = [
			await watched(a, gone.token),
			await watched(a, stale.token),
			await watched(a, fine.token)
		];
		await db()`delete from sessions where id = ${gone.id}`; // no trigger on sessions: nothing is announced
		const sockets = [...a.realtime.io.of('/').sockets.values()].filter((s) => s.data.userId === user.id);
		expect(sockets).toHaveLength(3);
		const staleServerSide = sockets.find((s) => s.data.sessionId === stale.id)!;
		staleServerSide.data.roles = ['coordinator', 'medewerker']; // as if a role was taken away while a notification was lost

		const stay = await recheckSockets(sockets, clock.now());
		expect(stay.map((s) => s.data.sessionId)).toEqual([fine.id]);
		await closedWith(goneSocket, 'session:ended', 'the socket whose session is gone');
		await closedWith(staleSocket, 'session:changed', 'the socket acting with old roles');
		expect(fineSocket.closed).toBe(false);
	});
});
