import { createServer, type Server as HttpServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { randomUUID } from 'node:crypto';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { env } from '../../src/lib/server/env.ts';
import { Presence, PRESENCE_TTL_MS } from '../../src/lib/server/realtime/presence.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { attachRealtime, type AttachedRealtime } from '../../src/lib/server/realtime/server.ts';
import { registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import { closeSessionSockets } from '../../src/lib/server/realtime/sessions.ts';
import type { OnlineColleague } from '../../src/lib/realtime/events.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';
import { freePort } from '../support/processes.ts';
import { setEnv, waitFor, within } from '../support/it-helpers.ts';

const TTL = 8 * 3600_000; // SESSION_TTL_HOURS default
const clock = new ManualClock();

interface Instance {
	url: string;
	origin: string;
	http: HttpServer;
	realtime: AttachedRealtime;
}

const instances: Instance[] = [];
const restores: (() => void)[] = [];
const clients: Socket[] = [];

/** An HTTP server with Socket.IO attached, ORIGIN set to its own address while attaching. */
async function startInstance(): Promise<Instance> {
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	restores.push(setEnv({ PORT: String(port), ORIGIN: origin }));
	const http = createServer();
	const realtime = attachRealtime(http, clock);
	await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
	const instance = { url: `http://127.0.0.1:${port}`, origin, http, realtime };
	instances.push(instance);
	return instance;
}

async function stopInstance(instance: Instance): Promise<void> {
	await instance.realtime.close();
	await new Promise<void>((resolve) => instance.http.close(() => resolve()));
}

interface Client {
	socket: Socket;
	updates: OnlineColleague[][];
	ended: number;
}

function socketTo(instance: Instance, token: string | null, origin = instance.origin): Socket {
	const socket = connectClient(instance.url, {
		transports: ['websocket'],
		extraHeaders: { origin, ...(token ? { cookie: `kt_session=${token}` } : {}) },
		reconnection: false,
		forceNew: true
	});
	clients.push(socket);
	return socket;
}

/** Connects and resolves when accepted; records presence updates and session:ended. */
function connect(instance: Instance, token: string): Promise<Client> {
	const socket = socketTo(instance, token);
	const client: Client = { socket, updates: [], ended: 0 };
	socket.on('presence:update', (p: { online: OnlineColleague[] }) => client.updates.push(p.online));
	socket.on('session:ended', () => client.ended++);
	return within(
		new Promise((resolve, reject) => {
			socket.once('connect', () => resolve(client));
			socket.once('connect_error', (e) => reject(new Error(`refused: ${e.message}`)));
		}),
		'connect'
	);
}

/** The connect_error message of a refused handshake. */
function refusal(instance: Instance, token: string | null, origin?: string): Promise<string> {
	const socket = socketTo(instance, token, origin);
	return within(
		new Promise((resolve, reject) => {
			socket.once('connect', () => reject(new Error('handshake was accepted')));
			socket.once('connect_error', (e) => resolve(e.message));
		}),
		'connect_error'
	);
}

async function member(orgId?: string, opts: { totp?: boolean; verified?: boolean } = {}) {
	const organisationId = orgId ?? (await createOrganisation(db())).id;
	const user = await createUser(db(), [{ organisationId, role: 'medewerker' }]);
	if (opts.totp) await db()`update users set totp_enabled_at = now() where id = ${user.id}`;
	const session = await createSession(
		db(),
		{ userId: user.id, twoFactorVerified: opts.verified ?? false, ip: null, userAgent: null },
		TTL,
		clock
	);
	return { organisationId, user, ...session };
}

const ids = (list: OnlineColleague[] | undefined) => (list ?? []).map((c) => c.id).sort();
const latest = (client: Client) => client.updates.at(-1);

let a: Instance;

beforeAll(async () => {
	a = await startInstance();
});

afterEach(() => {
	while (clients.length) clients.pop()!.disconnect();
});

afterAll(async () => {
	while (clients.length) clients.pop()!.disconnect();
	for (const instance of instances.reverse()) await stopInstance(instance);
	for (const restore of restores.reverse()) restore();
	await closeRedis();
	await closeDb();
});

describe('realtime handshake', () => {
	it('refuses a socket without a session cookie', async () => {
		expect(await refusal(a, null)).toBe('unauthorized');
	});

	it('refuses an invalid token', async () => {
		expect(await refusal(a, 'a'.repeat(32))).toBe('unauthorized');
		expect(await refusal(a, 'not a token')).toBe('unauthorized');
	});

	it('refuses an expired session', async () => {
		const { token } = await member();
		const before = clock.now();
		clock.advance(TTL + 1000);
		try {
			expect(await refusal(a, token)).toBe('unauthorized');
		} finally {
			clock.set(before);
		}
		expect(await refusal(a, token)).toBe('unauthorized'); // and it is gone for good
	});

	it('refuses a session that still owes its second factor', async () => {
		const { token } = await member(undefined, { totp: true });
		expect(await refusal(a, token)).toBe('unauthorized');
		const verified = await member(undefined, { totp: true, verified: true });
		await expect(connect(a, verified.token)).resolves.toBeDefined();
	});

	it('refuses a foreign origin even with a valid session', async () => {
		const { token } = await member();
		expect(await refusal(a, token, 'http://evil.example')).toBe('origin_not_allowed');
		expect(await refusal(a, token, a.origin.replace('localhost', '127.0.0.1'))).toBe('origin_not_allowed');
	});

	it('refuses a user without an organisation', async () => {
		const user = await createUser(db());
		const { token } = await createSession(db(), { userId: user.id, twoFactorVerified: false, ip: null, userAgent: null }, TTL, clock);
		expect(await refusal(a, token)).toBe('no_organisation');
	});

	it('accepts a valid session', async () => {
		const { token } = await member();
		const client = await connect(a, token);
		expect(client.socket.connected).toBe(true);
	});
});

describe('presence and sign-out', () => {
	it('shows who is online in the organisation and who left', async () => {
		const first = await member();
		const second = await member(first.organisationId);
		const outsider = await member();

		const one = await connect(a, first.token);
		await waitFor(() => ids(latest(one)).includes(first.user.id), 'own presence');
		const two = await connect(a, second.token);
		await connect(a, outsider.token);
		await waitFor(() => ids(latest(one)).length === 2, 'both online');
		expect(ids(latest(one))).toEqual([first.user.id, second.user.id].sort());
		expect(
			latest(one)!
				.map((c) => c.name)
				.sort()
		).toEqual([first.user.name, second.user.name].sort());

		const listed = await one.socket.emitWithAck('presence:list');
		expect(ids(listed)).toEqual([first.user.id, second.user.id].sort());

		two.socket.disconnect();
		await waitFor(() => ids(latest(one)).length === 1, 'second gone');
		expect(ids(latest(one))).toEqual([first.user.id]);
		expect(one.updates.flat().some((c) => c.id === outsider.user.id)).toBe(false);
	});

	it('tells a signed-out session and disconnects it, leaving other sessions alone', async () => {
		const target = await member();
		const bystander = await member(target.organisationId);
		const client = await connect(a, target.token);
		const other = await connect(a, bystander.token);
		const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));

		closeSessionSockets([target.id], 'ended');
		expect(await within(disconnected, 'disconnect')).toBe('io server disconnect');
		expect(client.ended).toBe(1);
		expect(other.socket.connected).toBe(true);
		expect(other.ended).toBe(0);
	});
});

describe('presence in Redis', () => {
	it('forgets a socket that was not refreshed within the presence TTL (crashed instance)', async () => {
		const presenceClock = new ManualClock();
		const presence = new Presence(redis(), env().REDIS_PREFIX, presenceClock);
		const org = randomUUID();
		await presence.touch(org, 'user-1', 'socket-1');
		presenceClock.advance(PRESENCE_TTL_MS / 2);
		await presence.touch(org, 'user-2', 'socket-2');
		await presence.touch(org, 'user-2', 'socket-3');
		expect((await presence.online(org)).sort()).toEqual(['user-1', 'user-2']);
		presenceClock.advance(PRESENCE_TTL_MS / 2 + 1);
		expect(await presence.online(org)).toEqual(['user-2']);
		await presence.leave(org, 'user-2', 'socket-2');
		expect(await presence.online(org)).toEqual(['user-2']);
		await presence.leave(org, 'user-2', 'socket-3');
		expect(await presence.online(org)).toEqual([]);
	});
});

describe('several instances', () => {
	let b: Instance;

	beforeAll(async () => {
		b = await startInstance();
	});

	it('shares presence between instances', async () => {
		const onA = await member();
		const onB = await member(onA.organisationId);
		const clientA = await connect(a, onA.token);
		await waitFor(() => ids(latest(clientA)).includes(onA.user.id), 'own presence');
		const clientB = await connect(b, onB.token);
		await waitFor(() => ids(latest(clientA)).length === 2, 'user on B seen on A');
		expect(ids(latest(clientA))).toEqual([onA.user.id, onB.user.id].sort());
		await waitFor(() => ids(latest(clientB)).length === 2, 'B sees both');

		clientB.socket.disconnect();
		await waitFor(() => ids(latest(clientA)).length === 1, 'user on B gone on A');
	});

	it('closes a session socket on the other instance', async () => {
		for (const [owner, target] of [
			[b, a],
			[a, b]
		] as const) {
			registerRealtime(owner.realtime.io); // the process's own server emits; the socket lives on the other
			const { token, id } = await member();
			const client = await connect(target, token);
			const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
			closeSessionSockets([id], 'ended');
			expect(await within(disconnected, 'disconnect from the other instance')).toBe('io server disconnect');
			expect(client.ended).toBe(1);
		}
	});
});
