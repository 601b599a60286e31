import { createServer, type Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { env } from '../../src/lib/server/env.ts';
import { Presence } from '../../src/lib/server/realtime/presence.ts';
import { tablePresence, tablePresenceKey } from '../../src/lib/server/realtime/tables.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { DEFAULT_WORKDAY_POLICY } from '../../src/lib/server/workdays.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { attachRealtime, type AttachedRealtime } from '../../src/lib/server/realtime/server.ts';
import type { Actor } from '../../src/lib/server/actor.ts';
import type { OrganisationKind, Role } from '../../src/lib/server/auth/roles.ts';
import type { TablePresent } from '../../src/lib/realtime/events.ts';
import type { ReceivedEvent } from '../support/it-cases.ts';
import { rooms } from '../../src/lib/realtime/events.ts';
import { publish } from '../../src/lib/server/events/log.ts';
import { SUBREGIONS } from '../../src/lib/region.ts';
import { createTable, openTable } from '../../src/lib/server/tables/service.ts';
import { attendanceOf } from '../../src/lib/server/tables/attendance.ts';
import { amsterdamDay, addWorkingDays } from '../../src/lib/server/workdays.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';
import { freePort } from '../support/processes.ts';
import { setEnv, waitFor, within } from '../support/it-helpers.ts';

const TTL = 8 * 3600_000;
const deps = () => ({ sql: db(), clock: systemClock });

let http: HttpServer;
let realtime: AttachedRealtime;
let url: string;
let origin: string;
let restore: () => void;
const sockets: Socket[] = [];

interface Person {
	actor: Actor;
	token: string;
}

async function person(kind: OrganisationKind, role: Role, organisation?: { id: string; name: string }): Promise<Person> {
	const org = organisation ?? (await createOrganisation(db(), kind));
	const user = await createUser(db(), [{ organisationId: org.id, role }]);
	const { token } = await createSession(db(), { userId: user.id, twoFactorVerified: false, ip: null, userAgent: null }, TTL, systemClock);
	return {
		token,
		actor: {
			userId: user.id,
			tokenId: null,
			name: user.name,
			organisationId: org.id,
			organisationName: org.name,
			organisationKind: kind,
			roles: [role],
			ip: null,
			userAgent: null
		}
	};
}

interface Client {
	socket: Socket;
	presence: TablePresent[][];
	events: ReceivedEvent[];
}

function connect(p: Person): Promise<Client> {
	const socket = connectClient(url, {
		transports: ['websocket'],
		extraHeaders: { origin, cookie: `kt_session=${p.token}` },
		reconnection: false,
		forceNew: true
	});
	sockets.push(socket);
	const client: Client = { socket, presence: [], events: [] };
	socket.on('table:presence', (payload: { present: TablePresent[] }) => client.presence.push(payload.present));
	socket.on('event', (e: ReceivedEvent) => client.events.push(e));
	return within(
		new Promise((resolve, reject) => {
			socket.once('connect', () => resolve(client));
			socket.once('connect_error', (e) => reject(new Error(e.message)));
		}),
		'connect'
	);
}

const join = (c: Client, tableId: string) =>
	within(c.socket.emitWithAck('table:join', tableId) as Promise<TablePresent[] | null>, 'table:join');
const names = (list: TablePresent[] | undefined) => (list ?? []).map((p) => `${p.name} (${p.organisation})`).sort();

let coordinator: Person, cjg: Person, ggd: Person, gemeente: Person;
let tableId: string;

beforeAll(async () => {
	const port = await freePort();
	origin = `http://localhost:${port}`;
	url = `http://127.0.0.1:${port}`;
	restore = setEnv({ PORT: String(port), ORIGIN: origin });
	http = createServer();
	realtime = attachRealtime(http);
	await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));

	for (const s of SUBREGIONS) await db()`insert into subregions (id, name) values (${s.id}, ${s.name}) on conflict do nothing`;
	coordinator = await person('vt', 'coordinator');
	cjg = await person('cjg', 'medewerker');
	ggd = await person('ggd', 'medewerker');
	gemeente = await person('gemeente', 'gemeente');
	const date = addWorkingDays(amsterdamDay(new Date()), 1, DEFAULT_WORKDAY_POLICY);
	tableId = await createTable(deps(), coordinator.actor, {
		subregionId: 'zuid-kennemerland',
		date,
		time: '10:00',
		participantIds: [cjg.actor.organisationId]
	});
});

/**
 * Disconnects the test's sockets and waits until the portal has handled it (nobody left in the
 * tafel's or the organisations' presence), so nothing is still publishing when Redis closes.
 */
async function settle(): Promise<void> {
	while (sockets.length) sockets.pop()!.disconnect();
	const presence = new Presence(redis(), env().REDIS_PREFIX, systemClock);
	const keys = [tablePresenceKey(tableId), ...[coordinator, cjg, ggd, gemeente].map((p) => p.actor.organisationId)];
	await waitFor(
		async () => realtime.io.of('/').sockets.size === 0 && (await Promise.all(keys.map((k) => presence.online(k)))).every((l) => !l.length),
		'sockets to be gone'
	);
	await tablePresence(db(), presence, tableId);
}

afterEach(settle);

afterAll(async () => {
	await settle();
	await realtime.close();
	await new Promise<void>((resolve) => http.close(() => resolve()));
	restore();
	await closeRedis();
	await closeDb();
});

describe('presence at a tafel', () => {
	it('shows who is present to everyone at the tafel, live, and removes people who leave or disconnect', async () => {
		const partner = await connect(cjg);
		expect(names((await join(partner, tableId)) ?? [])).toEqual([`${cjg.actor.name} (${cjg.actor.organisationName})`]);

		const chair = await connect(coordinator);
		const both = [
			`${cjg.actor.name} (${cjg.actor.organisationName})`,
			`${coordinator.actor.name} (${coordinator.actor.organisationName})`
		].sort();
		expect(names((await join(chair, tableId)) ?? [])).toEqual(both);
		await waitFor(() => names(partner.presence.at(-1)).length === 2, 'the partner to see the chair arrive');
		expect(names(partner.presence.at(-1))).toEqual(both);

		// joining also follows the tafel: its events reach the socket
		await openTable(deps(), coordinator.actor, tableId);
		await waitFor(() => partner.events.find((e) => e.type === 'table.opened'), 'table.opened at the partner');
		// attendance: nobody while the tafel was only planned; whoever joins the running tafel, once
		expect(await attendanceOf(db(), tableId)).toEqual([]);
		await join(partner, tableId); // the tafel page joins again when the tafel opens
		await waitFor(async () => (await attendanceOf(db(), tableId)).length === 1, 'the partner attending');

		chair.socket.emit('table:leave', tableId);
		await waitFor(() => names(partner.presence.at(-1)).length === 1, 'the chair to leave');

		await join(chair, tableId);
		await waitFor(() => names(chair.presence.at(-1)).length === 2, 'both present again');
		await join(partner, tableId);
		await waitFor(async () => (await attendanceOf(db(), tableId)).length === 2, 'the chair attending');
		expect(await attendanceOf(db(), tableId)).toEqual([
			{ organisationName: coordinator.actor.organisationName, vt: true, people: [coordinator.actor.name] },
			{ organisationName: cjg.actor.organisationName, vt: false, people: [cjg.actor.name] }
		]);
		const [{ n }] = await db()<
			{ n: number }[]
		>`select count(*)::int as n from audit_log where action = 'table.attended' and record_id = ${tableId}`;
		expect(n).toBe(2);
		partner.socket.disconnect();
		await waitFor(() => names(chair.presence.at(-1)).length === 1, 'the partner to disconnect');
		expect(names(chair.presence.at(-1))).toEqual([`${coordinator.actor.name} (${coordinator.actor.organisationName})`]);
	});

	it('refuses organisations that do not take part, and gemeente users, without telling them who is there', async () => {
		const partner = await connect(cjg);
		await join(partner, tableId);
		for (const outsider of [ggd, gemeente]) {
			const client = await connect(outsider);
			expect(await join(client, tableId)).toBeNull();
			// a tafel event as tableEvent addresses it: the tafel and its participating organisations
			const streams = [rooms.table(tableId), rooms.organisation(cjg.actor.organisationId)];
			const payload = { tableId, caseId: randomUUID(), itemId: randomUUID(), actor: 'Voorzitter', actorOrg: 'Veilig Thuis' };
			publish([{ id: 0, type: 'table.current_item', payload, at: new Date().toISOString(), streams }]);
			partner.socket.emit('table:leave', tableId);
			await join(partner, tableId);
			await waitFor(
				() => partner.presence.length >= 2 && partner.events.some((e) => e.type === 'table.current_item'),
				'broadcasts to the partner'
			);
			expect(client.presence).toEqual([]);
			expect(client.events.filter((e) => e.payload.tableId === tableId)).toEqual([]);
			partner.presence.length = 0;
			partner.events.length = 0;
		}
		expect(await join(partner, 'not-a-uuid')).toBeNull();
		const outsiders =
			await db()`select 1 from table_attendance where user_id = any(${[ggd.actor.userId!, gemeente.actor.userId!]}::uuid[])`;
		expect(outsiders).toHaveLength(0);
	});
});
