/**
 * The measuring part of bench/realtime-latency.ts. Imported only after the environment points at
 * the benchmark's own database and Redis prefix, so every service below uses those.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { env } from '../../src/lib/server/env.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { sessionCookieName } from '../../src/lib/server/auth/cookie.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover, type HandoverDeps } from '../../src/lib/server/handovers/service.ts';
import type { LiveEvent } from '../../src/lib/realtime/events.ts';
import { freePort } from '../../tests/support/processes.ts';
import { Arrivals } from './arrivals.ts';
import { ClientPool, type Target } from './client-pool.ts';
import { startInstance, type Instance } from './instances.ts';
import { completeCase, seedWorld, type BenchWorld } from './seed.ts';
import { summarize, type Summary } from './stats.ts';
import { startCpuMeter, type CpuUse } from './cpu.ts';
import type { Cleanup } from './cleanup.ts';

export interface RunOptions {
	/** Client counts, ascending; the client sets grow from one to the next. */
	sizes: number[];
	rounds: number;
	warmup: number;
	/** Partner users the sessions are spread over (presence lists name each once). */
	users: number;
	/** Idle time before each measured send, the same for both servers. */
	gapMs: number;
}

/** The figures for one client count. */
export interface SizeResult {
	clients: number;
	/** Accept call until the last partner client has 'handover.accepted'. */
	ketentafel: Summary;
	/** io.emit in the bare server (from the IPC send) until the last client has the event. */
	bare: Summary;
	/** Accept call until answerHandover resolved (transaction, audit, event row, publish call). */
	answer: Summary;
	/** From answerHandover resolving until the last client had the event (Redis and the sockets). */
	fanout: Summary;
	/** presence:update messages the partner clients received while this step connected. */
	presenceMessages: number;
	connectSeconds: number;
	/** CPU use during the measured rounds (both kinds together). */
	cpu: CpuUse;
}

/** The servers the portal relies on, as found at the start. */
export interface Services {
	postgres: string;
	redis: string;
	/** redis-server's process id (from INFO), for the CPU figures; null when it is not local. */
	redisPid: number | null;
}

export interface RunReport {
	results: SizeResult[];
	/** Server versions, for the report. */
	services: Services;
	portals: Instance[];
	bare: Instance;
}

const ROUND_TIMEOUT_MS = 30_000;
const SETTLE_QUIET_MS = 1500;
const SETTLE_TIMEOUT_MS = 600_000;
const DISCONNECT_GRACE_MS = 3000;

interface Stage {
	world: BenchWorld;
	deps: HandoverDeps;
	arrivals: Arrivals;
	portals: Instance[];
	bare: Instance;
	ketentafelClients: ClientPool;
	bareClients: ClientPool;
	origin: string;
	/** Session tokens for the partner clients, one per client. */
	tokens: string[];
	gapMs: number;
	/** Processes whose CPU use is reported. */
	pids: Record<string, number>;
	progress: (line: string) => void;
}

/** Starts the two portal processes and the bare server process; all are stopped by cleanup. */
async function startServers(cleanup: Cleanup): Promise<{ portals: Instance[]; bare: Instance; origin: string }> {
	const [portA, portB, portBare] = [await freePort(), await freePort(), await freePort()];
	// Both portals share one ORIGIN, as behind a load balancer; every client sends it.
	const origin = `http://localhost:${portA}`;
	const shared = { ORIGIN: origin, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
	const started = await Promise.allSettled([
		startInstance('portal A', 'portal', portA, shared),
		startInstance('portal B', 'portal', portB, shared),
		startInstance('bare server', 'bare', portBare, shared)
	]);
	for (const s of started) if (s.status === 'fulfilled') cleanup.add(`stop ${s.value.name}`, () => s.value.stop());
	const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
	if (failed) throw failed.reason;
	const [a, b, bare] = started.map((s) => (s as PromiseFulfilledResult<Instance>).value);
	return { portals: [a, b], bare, origin };
}

function assertNoneLost(stage: Stage): void {
	for (const pool of [stage.ketentafelClients, stage.bareClients]) {
		if (pool.lost) throw new Error(`${pool.name}: ${pool.lost} client(s) lost their connection; the figures would be wrong`);
	}
}

/** One Ketentafel round: a fresh offer reaches every client, then the timed accept. */
async function ketentafelRound(stage: Stage, clients: number): Promise<{ latency: number; answer: number; event: LiveEvent }> {
	const { deps, world, arrivals } = stage;
	const caseId = await createCase(deps, world.vt, completeCase());
	const handoverId = await offerHandover(deps, world.vt, caseId, {
		toOrgId: world.partnerOrgId,
		message: 'Wilt u deze gezinssituatie oppakken?'
	});
	await arrivals.wait('handover.offered', handoverId, clients, ROUND_TIMEOUT_MS);
	await sleep(stage.gapMs);
	const t0 = performance.now();
	const [answeredAt, arrived] = await Promise.all([
		answerHandover(deps, world.partner, handoverId, { answer: 'accept' }).then(() => performance.now()),
		arrivals.wait('handover.accepted', handoverId, clients, ROUND_TIMEOUT_MS)
	]);
	return { latency: arrived.last - t0, answer: answeredAt - t0, event: arrived.event };
}

/** One bare round: the same event (another handover id of the same length) broadcast to all. */
async function bareRound(stage: Stage, clients: number, template: LiveEvent): Promise<number> {
	const handoverId = randomUUID();
	if (template.type !== 'handover.accepted') throw new Error(`the bare round repeats a handover.accepted event, not ${template.type}`);
	const event: LiveEvent = { ...template, payload: { ...template.payload, handoverId } };
	await sleep(stage.gapMs);
	const t0 = performance.now();
	stage.bare.send({ type: 'emit', event });
	const arrived = await stage.arrivals.wait('handover.accepted', handoverId, clients, ROUND_TIMEOUT_MS);
	return arrived.last - t0;
}

/** Grows both client sets to `clients` and waits for the presence broadcasts to die down. */
async function connectClients(stage: Stage, clients: number): Promise<{ presenceMessages: number; seconds: number }> {
	const started = performance.now();
	const before = stage.ketentafelClients.presenceUpdates;
	const cookie = sessionCookieName();
	const portalTarget = (i: number): Target => ({
		url: stage.portals[i % stage.portals.length].url,
		headers: { origin: stage.origin, cookie: `${cookie}=${stage.tokens[i]}` }
	});
	await stage.ketentafelClients.growTo(clients, portalTarget);
	await stage.bareClients.growTo(clients, () => ({ url: stage.bare.url, headers: { origin: stage.origin } }));
	stage.progress(`  ${clients} clients on the portals and ${clients} on the bare server; waiting for presence broadcasts to stop`);
	await stage.ketentafelClients.waitQuiet(SETTLE_QUIET_MS, SETTLE_TIMEOUT_MS);
	return { presenceMessages: stage.ketentafelClients.presenceUpdates - before, seconds: (performance.now() - started) / 1000 };
}

/** Warm-up and measured rounds for one client count, alternating Ketentafel and bare. */
async function measure(
	stage: Stage,
	clients: number,
	rounds: number,
	warmup: number
): Promise<Omit<SizeResult, 'presenceMessages' | 'connectSeconds'>> {
	let cpuSince: (() => CpuUse) | undefined;
	const latency: number[] = [];
	const answer: number[] = [];
	const fanout: number[] = [];
	const bare: number[] = [];
	for (let round = 0; round < warmup + rounds; round++) {
		assertNoneLost(stage);
		if (round === warmup) cpuSince = startCpuMeter(stage.pids);
		const k = await ketentafelRound(stage, clients);
		const b = await bareRound(stage, clients, k.event);
		if (round < warmup) continue;
		latency.push(k.latency);
		answer.push(k.answer);
		fanout.push(k.latency - k.answer);
		bare.push(b);
		if ((round - warmup + 1) % 25 === 0) stage.progress(`  ${clients} clients: ${round - warmup + 1}/${rounds} rounds`);
	}
	const cpu = cpuSince!();
	return { clients, ketentafel: summarize(latency), bare: summarize(bare), answer: summarize(answer), fanout: summarize(fanout), cpu };
}

/**
 * Seeds the world, starts the servers, and for each client count connects the clients and runs
 * the rounds. Everything it starts is registered with `cleanup`.
 */
export async function runBenchmark(options: RunOptions, cleanup: Cleanup, progress: (line: string) => void): Promise<RunReport> {
	const maxClients = Math.max(...options.sizes);
	cleanup.add('close the database pool', () => closeDb());
	cleanup.add('close redis', () => closeRedis());
	cleanup.add('close the publishing Socket.IO server', () => closeDetachedRealtime());

	const services = await serviceVersions();
	progress(`seeding ${options.users} partner users with ${maxClients} sessions`);
	const world = await seedWorld(db(), { users: options.users, sessions: maxClients, ttlMs: env().SESSION_TTL_HOURS * 3600_000 });

	progress('starting portal A, portal B and the bare server (child processes)');
	const { portals, bare, origin } = await startServers(cleanup);

	const arrivals = new Arrivals();
	const ketentafelClients = new ClientPool('ketentafel clients', arrivals);
	const bareClients = new ClientPool('bare clients', arrivals);
	cleanup.add('disconnect the clients', async () => {
		ketentafelClients.close();
		bareClients.close();
		// Let the portals handle the disconnects (presence updates) before they are told to stop.
		await sleep(DISCONNECT_GRACE_MS);
	});

	const stage: Stage = {
		world,
		tokens: world.tokens,
		deps: { sql: db(), clock: systemClock },
		arrivals,
		portals,
		bare,
		ketentafelClients,
		bareClients,
		origin,
		gapMs: options.gapMs,
		pids: {
			benchmark: process.pid,
			'portal A': portals[0].pid,
			'portal B': portals[1].pid,
			'bare server': bare.pid,
			...(services.redisPid ? { redis: services.redisPid } : {})
		},
		progress
	};
	const results: SizeResult[] = [];
	for (const clients of options.sizes) {
		progress(`${clients} clients: connecting`);
		const connected = await connectClients(stage, clients);
		progress(`  settled after ${connected.seconds.toFixed(1)} s (${connected.presenceMessages} presence:update messages received)`);
		const measured = await measure(stage, clients, options.rounds, options.warmup);
		results.push({ ...measured, presenceMessages: connected.presenceMessages, connectSeconds: connected.seconds });
	}
	return { results, services, portals, bare };
}

/** PostgreSQL's and Redis's versions, and redis-server's pid when Redis runs on this machine. */
async function serviceVersions(): Promise<Services> {
	const [row] = await db()<{ serverVersion: string }[]>`show server_version`;
	const info = await redis().info('server');
	const local = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(env().REDIS_URL).hostname);
	const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
	return {
		postgres: row?.serverVersion ?? '?',
		redis: /redis_version:(\S+)/.exec(info)?.[1] ?? '?',
		redisPid: local && pid ? pid : null
	};
}
