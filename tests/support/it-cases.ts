import { createServer, type Server as HttpServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import { connect, db, type Sql } from '../../src/lib/server/db/client.ts';
import { env } from '../../src/lib/server/env.ts';
import type { Clock } from '../../src/lib/server/clock.ts';
import { actorFromAuth, type Actor } from '../../src/lib/server/actor.ts';
import type { OrganisationKind, Role } from '../../src/lib/server/auth/roles.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { sessionCookieName } from '../../src/lib/server/auth/cookie.ts';
import { caseInputSchema, type CaseInput } from '../../src/lib/server/cases/schema.ts';
import { confirmWarmHandover, planWarmHandover, type HandoverDeps } from '../../src/lib/server/handovers/service.ts';
import { MUNICIPALITIES, SUBREGIONS } from '../../src/lib/region.ts';
import { attachRealtime, type AttachedRealtime } from '../../src/lib/server/realtime/server.ts';
import { realtime } from '../../src/lib/server/realtime/hub.ts';
import { redis } from '../../src/lib/server/redis.ts';
import { rooms, type LiveEvent } from '../../src/lib/realtime/events.ts';
import { createOrganisation, createUser } from './fixtures.ts';
import { freePort } from './processes.ts';
import { setEnv, waitFor, within } from './it-helpers.ts';

/** SESSION_TTL_HOURS default. */
export const SESSION_TTL_MS = 8 * 3600_000;

/** The three subregions and nine gemeenten (idempotent; other files insert them too). */
export async function ensureRegion(): Promise<void> {
	for (const s of SUBREGIONS) await db()`insert into subregions (id, name) values (${s.id}, ${s.name}) on conflict do nothing`;
	for (const m of MUNICIPALITIES) {
		await db()`insert into municipalities (id, name, subregion_id) values (${m.id}, ${m.name}, ${m.subregionId}) on conflict do nothing`;
	}
}

export interface Org {
	id: string;
	name: string;
	kind: OrganisationKind;
}

/** A new organisation with a unique name. */
export async function organisation(kind: OrganisationKind): Promise<Org> {
	return { ...(await createOrganisation(db(), kind)), kind };
}

export interface Person {
	user: { id: string; email: string; name: string };
	/** Built exactly as a signed-in request builds it: session → validateSessionToken → actorFromAuth. */
	actor: Actor;
	/** The session cookie's token (second factor marked as done). */
	token: string;
	sessionId: string;
}

/**
 * A new user with one membership, signed in: the actor comes from a real session validated the way
 * hooks.server.ts does, then actorFromAuth, so roles and organisation are what the app would see.
 */
export async function person(org: Org, role: Role | Role[], clock: Clock, ip = '127.0.0.1'): Promise<Person> {
	const roles = Array.isArray(role) ? role : [role];
	const user = await createUser(
		db(),
		roles.map((r) => ({ organisationId: org.id, role: r }))
	);
	const session = await createSession(db(), { userId: user.id, twoFactorVerified: true, ip, userAgent: 'vitest' }, SESSION_TTL_MS, clock);
	const validated = await validateSessionToken(db(), session.token, SESSION_TTL_MS, clock);
	if (!validated?.auth.active) throw new Error('fixture session has no active organisation');
	const actor = actorFromAuth(validated.auth as typeof validated.auth & { active: NonNullable<typeof validated.auth.active> }, {
		ip,
		userAgent: 'vitest'
	});
	return { user, actor, token: session.token, sessionId: session.id };
}

/** A complete case as VT enters it (every person spoken to, agreements, monitoring, a summary). */
export function completeCase(overrides: Record<string, unknown> = {}): CaseInput {
	return caseInputSchema.parse({
		municipalityId: 'GM0392',
		reportDate: '2026-11-18',
		urgent: false,
		childrenInvolved: true,
		summary: 'Zorgen over spanningen thuis na een melding van school; moeder vraagt zelf om steun.',
		safetyAgreements: 'Geen fysiek geweld; vader slaapt tijdelijk bij zijn broer.',
		monitoringBy: 'Veilig Thuis, team Zuid-Kennemerland, wekelijks telefonisch',
		persons: [
			{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2026-11-19' },
			{ role: 'ouder', label: 'Vader', spokenTo: true, spokenOn: '2026-11-19' },
			{ role: 'kind', label: 'Kind 1 (8 jaar)', spokenTo: true, spokenOn: '2026-11-20' }
		],
		...overrides
	});
}

const localMoment = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' });

/**
 * Completes the warm handover of an accepted handover: planned an hour before the clock's now
 * (confirmed as planned, whatever the hour) and confirmed by both sides.
 */
export async function completeWarmHandover(deps: HandoverDeps, vt: Actor, partner: Actor, handoverId: string): Promise<void> {
	const plannedAt = localMoment.format(new Date(deps.clock.now().getTime() - 3600_000)).replace(' ', 'T');
	await planWarmHandover(deps, vt, handoverId, {
		plannedAt,
		form: 'gesprek',
		vtAttendees: 'VT-medewerker',
		partnerAttendees: 'Medewerker van de ketenpartner',
		confirmUnusual: true
	});
	await confirmWarmHandover(deps, vt, handoverId);
	expect(await confirmWarmHandover(deps, partner, handoverId)).toEqual({ completed: true });
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
	const outcome = await promise.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error })
	);
	if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
	return outcome.error as Error;
}

/** Expects the promise to reject with the error class (and message pattern); returns the error. */
export async function expectError<E extends Error>(
	promise: Promise<unknown>,
	type: new (...args: never[]) => E,
	message?: RegExp | string
): Promise<E> {
	const error = await rejection(promise);
	expect(error, `${error?.name}: ${error?.message}`).toBeInstanceOf(type);
	if (typeof message === 'string') expect(error.message).toBe(message);
	else if (message) expect(error.message).toMatch(message);
	return error as E;
}

/** Escapes a string for use in a RegExp. */
export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const unique = () =>
	randomBytes(4)
		.toString('hex')
		.replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]);

// ---------------------------------------------------------------------------------------------
// Watching transactions from the outside: a one-connection pool with its own application_name.

/** A pool of one connection named `name` in pg_stat_activity, so a test can see what it waits for. */
export async function namedPool(name: string): Promise<Sql> {
	const sql = connect(env().DATABASE_URL, 1);
	await sql`select set_config('application_name', ${name}, false)`;
	return sql;
}

/** What the named connection waits for now ("advisory", "transactionid", "tuple", …), or null. */
export async function waitingOn(name: string): Promise<string | null> {
	const [row] = await db()<{ waitEvent: string | null }[]>`
		select case when wait_event_type = 'Lock' then wait_event end as wait_event
		from pg_stat_activity where datname = current_database() and application_name = ${name} and state = 'active'`;
	return row?.waitEvent ?? null;
}

// ---------------------------------------------------------------------------------------------
// Realtime: portal instances in this process and socket.io clients with a session cookie.

export interface Instance {
	url: string;
	origin: string;
	http: HttpServer;
	realtime: AttachedRealtime;
	restoreEnv: () => void;
}

const started: Instance[] = [];
const sockets: Socket[] = [];

/**
 * An HTTP server with Socket.IO attached (ORIGIN set to its own address while attaching). The last
 * started instance is the one publish() emits through, until registerRealtime says otherwise.
 */
export async function startInstance(clock: Clock): Promise<Instance> {
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	const restoreEnv = setEnv({ PORT: String(port), ORIGIN: origin });
	const http = createServer();
	const attached = attachRealtime(http, clock);
	await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
	const instance = { url: `http://127.0.0.1:${port}`, origin, http, realtime: attached, restoreEnv };
	started.push(instance);
	return instance;
}

/** Disconnects every client and stops every instance started here (newest first). */
export async function stopAll(): Promise<void> {
	while (sockets.length) sockets.pop()!.disconnect();
	// let the servers see the disconnects and finish their presence updates before Redis closes
	await waitFor(() => started.every((i) => i.realtime.io.of('/').sockets.size === 0), 'sockets closed on the server').catch(
		() => undefined
	);
	// each disconnect runs zrem → zremrangebyscore → zrange → a users query → an emit; commands on one
	// connection run in order, so a few round trips on both let those chains finish
	for (let i = 0; i < 4; i++) {
		await redis()
			.ping()
			.catch(() => undefined);
		await db()`select 1`.catch(() => undefined);
	}
	while (started.length) {
		const instance = started.pop()!;
		await instance.realtime.close();
		await new Promise<void>((resolve) => instance.http.close(() => resolve()));
		instance.restoreEnv();
	}
}

/**
 * An event as a test client reads it off the wire: loosely, as an outside observer would (the markers
 * of settle() are not domain events).
 */
export interface ReceivedEvent {
	id: number;
	type: string;
	payload: Record<string, string | number | boolean | null>;
	at: string;
}

export interface LiveClient {
	socket: Socket;
	/** Every 'event' received, in arrival order. */
	events: ReceivedEvent[];
	reloads: number;
	/** What the server said about the connection, in order: 'live:paused', 'session:ended', … */
	signals: string[];
}

const SIGNALS = ['live:paused', 'live:resumed', 'session:ended', 'session:changed'] as const;

/** Connects with the session cookie; resolves once the handshake was accepted. */
export function connectLive(instance: Instance, token: string): Promise<LiveClient> {
	const socket = connectClient(instance.url, {
		transports: ['websocket'],
		extraHeaders: { origin: instance.origin, cookie: `${sessionCookieName()}=${token}` },
		reconnection: false,
		forceNew: true
	});
	sockets.push(socket);
	const client: LiveClient = { socket, events: [], reloads: 0, signals: [] };
	socket.on('event', (e: ReceivedEvent) => client.events.push(e));
	socket.on('events:reload', () => client.reloads++);
	for (const signal of SIGNALS) socket.on(signal, () => client.signals.push(signal));
	return within(
		new Promise((resolve, reject) => {
			socket.once('connect', () => resolve(client));
			socket.once('connect_error', (e) => reject(new Error(`refused: ${e.message}`)));
		}),
		'socket connect'
	);
}

/** Disconnects a client and waits until the server side noticed (the client's 'disconnect'). */
export async function disconnect(client: LiveClient): Promise<void> {
	if (!client.socket.connected) return;
	const gone = new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));
	client.socket.disconnect();
	await within(gone, 'disconnect');
}

export function watchCase(client: LiveClient, caseId: string): Promise<boolean> {
	return within(client.socket.emitWithAck('case:watch', caseId), 'case:watch ack');
}

export function replay(client: LiveClient, afterId: number): Promise<{ replayed: number; reload: boolean }> {
	return within(client.socket.emitWithAck('events:replay', afterId), 'events:replay ack', 10_000);
}

/** Waits (bounded) for an event matching the predicate. */
export function eventArrives(
	client: LiveClient,
	predicate: (e: ReceivedEvent) => boolean,
	what: string,
	timeoutMs = 5000
): Promise<ReceivedEvent> {
	return waitFor(() => client.events.find(predicate), what, timeoutMs);
}

/**
 * Proves a client did NOT get an event: sends a marker to the user's own room through the same
 * server that published, after the event; once the marker is in, anything sent before it would be too.
 */
export async function settle(client: LiveClient, userId: string): Promise<void> {
	const nonce = unique();
	const marker = { id: -1, type: 'test.marker', payload: { nonce }, at: new Date().toISOString() };
	// a test-only type outside the domain event map, sent past visibility.ts on purpose
	realtime()
		.to(rooms.user(userId))
		.emit('event', marker as unknown as LiveEvent);
	await eventArrives(client, (e) => e.type === 'test.marker' && e.payload.nonce === nonce, 'marker');
}

/** The domain events a client got (markers left out). */
export const domainEvents = (client: LiveClient) => client.events.filter((e) => e.type !== 'test.marker');
