import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime, registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { lastEventId } from '../../src/lib/server/events/log.ts';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.ts';
import {
	completeCase,
	connectLive,
	domainEvents,
	ensureRegion,
	eventArrives,
	organisation,
	person,
	replay,
	startInstance,
	stopAll,
	watchCase,
	type Instance,
	type Org,
	type Person
} from '../support/it-cases.ts';
import { setEnv, waitFor } from '../support/it-helpers.ts';

// Two portal instances on a Redis of this test's own, which goes away and comes back.

const clock = new ManualClock('2026-11-23T10:00:00+01:00');
// no SLA timer jobs: the test is about the realtime adapter's link, not the queues (which have their own handling)
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let own: OwnRedis;
let restoreEnv: () => void;
let a: Instance, b: Instance;
let vt: Org, cjg: Org;
let vtWorker: Person;

/** A new case offered to the CJG by VT; returns the offer's event id. */
async function offerNew(): Promise<number> {
	const caseId = await createCase(deps(), vtWorker.actor, completeCase());
	await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: cjg.id, message: 'Graag overnemen.' });
	const [row] = await db()<{ id: string }[]>`select id from events where type = 'handover.offered' and payload->>'caseId' = ${caseId}`;
	return Number(row.id);
}

beforeAll(async () => {
	own = await startOwnRedis();
	restoreEnv = setEnv({ REDIS_URL: own.url });
	await ensureRegion();
	[vt, cjg] = await Promise.all([organisation('vt'), organisation('cjg')]);
	vtWorker = await person(vt, 'medewerker', clock);
	a = await startInstance(clock);
	b = await startInstance(clock);
	registerRealtime(b.realtime.io); // the services publish through B; the page is on A
});

afterAll(async () => {
	try {
		await stopAll();
		await closeDetachedRealtime();
		await closeRedis();
		await closeDb();
	} finally {
		restoreEnv?.();
		await own?.stop();
	}
});

describe('the live badge during a Redis outage', () => {
	it('tells the sockets that live updates are paused, then resumed, and the page catches up from its last event id', async () => {
		const warn = vi.spyOn(console, 'warn');
		const page = await connectLive(a, vtWorker.token);
		const first = await offerNew();
		await eventArrives(page, (e) => e.id === first, 'an offer from the other instance, live');
		const lastSeen = Math.max(...domainEvents(page).map((e) => e.id));

		await own.down();
		await waitFor(() => page.signals.includes('live:paused'), 'live:paused', 5000);
		// a page opened during the outage hears it at once
		const late = await connectLive(a, vtWorker.token);
		await waitFor(() => late.signals.includes('live:paused'), 'live:paused on connect', 5000);
		const missed = [await offerNew(), await offerNew()];

		await own.up();
		await waitFor(() => page.signals.includes('live:resumed'), 'live:resumed', 15_000);
		expect(page.signals).toEqual(['live:paused', 'live:resumed']);
		// what LiveSync does on 'live:resumed': replay from the last event id it has
		const result = await replay(page, lastSeen);
		expect(result.reload).toBe(false);
		const got = new Set(domainEvents(page).map((e) => e.id));
		expect(
			missed.filter((id) => !got.has(id)),
			'offers made during the outage, after the catch-up'
		).toEqual([]);

		// and live again across the instances
		const after = await offerNew();
		await eventArrives(page, (e) => e.id === after, 'an offer after the outage, live');
		expect(await lastEventId(db())).toBeGreaterThanOrEqual(after);
		// both adapter connections have their error handler: ioredis never warned about a missing one
		expect(warn.mock.calls.filter((c) => String(c[0]).includes("missing 'error' handler"))).toEqual([]);
		warn.mockRestore();
	});

	it('keeps the socket connected and following its case through the outage', async () => {
		const page = await connectLive(a, vtWorker.token);
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		expect(await watchCase(page, caseId)).toBe(true);
		await own.down();
		await waitFor(() => page.signals.includes('live:paused'), 'live:paused', 5000);
		await own.up();
		await waitFor(() => page.signals.includes('live:resumed'), 'live:resumed', 15_000);
		expect(page.socket.connected).toBe(true);
		const rooms = (await a.realtime.io.in(`case:${caseId}`).fetchSockets()).map((s) => s.id);
		expect(rooms).toContain(page.socket.id);
	});
});
