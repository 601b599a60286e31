import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis, createRedis } from '../../src/lib/server/redis.ts';
import { bullPrefix, closeQueues, queue } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { SLA_FOLLOWUP, type SlaStage } from '../../src/lib/server/sla/followups.ts';
import { fireDueFollowups, followupJobId } from '../../src/lib/server/followups/runner.ts';
import { JOB_POLICIES } from '../../src/lib/server/jobs.ts';
import type { NotificationItem } from '../../src/lib/realtime/events.ts';
import { followupsProcessor } from '../../workers/followups.ts';
import {
	completeCase,
	connectLive,
	ensureRegion,
	organisation,
	person,
	settle,
	startInstance,
	stopAll,
	type Instance,
	type LiveClient,
	type Person
} from '../support/it-cases.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { setEnv, waitFor } from '../support/it-helpers.ts';

const N = 12;
const clock = new ManualClock('2030-03-04T09:00:00+01:00');
let own: TestResources;
let restoreEnv: () => void;
let instance: Instance;
let partnerWorker: Person, vtCoordinator: Person;
const handovers: string[] = [];
const workers: Worker[] = [];
const connections: Redis[] = [];

beforeAll(async () => {
	own = await createTestResources('sl2');
	restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix });
	await ensureRegion();
	const vt = await organisation('vt');
	const partner = await organisation('cjg');
	const vtWorker = await person(vt, 'medewerker', clock);
	vtCoordinator = await person(vt, 'coordinator', clock);
	partnerWorker = await person(partner, 'medewerker', clock);
	const deps = { sql: db(), clock };
	for (let i = 0; i < N; i++) {
		const caseId = await createCase(deps, vtWorker.actor, completeCase());
		handovers.push(await offerHandover(deps, vtWorker.actor, caseId, { toOrgId: partner.id, message: 'Graag.' }));
	}
	instance = await startInstance(clock);
	for (let i = 0; i < 2; i++) {
		const connection = createRedis();
		connections.push(connection);
		workers.push(
			new Worker('followups', followupsProcessor({ sql: db(), clock, queue: queue('followups') }), {
				connection,
				prefix: bullPrefix(),
				concurrency: 4
			})
		);
	}
});
afterAll(async () => {
	await Promise.allSettled(workers.map((w) => w.close()));
	connections.forEach((c) => c.disconnect());
	await stopAll();
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	restoreEnv?.();
	if (own) await dropTestResources(own);
});

function received(client: LiveClient): NotificationItem[] {
	const items: NotificationItem[] = [];
	client.socket.on('notification:new', (n: NotificationItem) => items.push(n));
	return items;
}

/**
 * "Moves the clock" for BullMQ: the offers' own delayed jobs (deterministic ids, delays from the
 * manual clock) are promoted now, and a stray copy of each job of the stage is added beside them
 * (as if restored twice after a Redis loss). Stages not due at the manual clock go back to delayed.
 */
async function dueNow(stage: SlaStage): Promise<void> {
	await queue('followups').addBulk(
		handovers.map((id) => ({
			name: 'followup',
			data: { kind: SLA_FOLLOWUP, stage, id },
			opts: { ...JOB_POLICIES.followup, jobId: `${followupJobId(SLA_FOLLOWUP, stage, id)}-copy` }
		}))
	);
	await queue('followups').promoteJobs();
}

const idle = async () => {
	const c = await queue('followups').getJobCounts('waiting', 'active', 'prioritized');
	return c.waiting + c.active + (c.prioritized ?? 0) === 0;
};

describe('two workers on the followups queue, firing the acceptance SLA', () => {
	it('send every reminder and every breach notification exactly once', async () => {
		const partnerClient = await connectLive(instance, partnerWorker.token);
		const vtClient = await connectLive(instance, vtCoordinator.token);
		const toPartner = received(partnerClient);
		const toVt = received(vtClient);

		clock.set('2030-03-04T17:00:00+01:00'); // 50% of 2 werkdagen
		expect(await queue('followups').getJob(followupJobId(SLA_FOLLOWUP, 'remind-50', handovers[0]))).toBeDefined();
		await Promise.all([dueNow('remind-50'), fireDueFollowups({ sql: db(), clock }), fireDueFollowups({ sql: db(), clock })]);
		await waitFor(idle, 'the followups queue idle', 15_000);
		await settle(partnerClient, partnerWorker.user.id);
		const reminders = toPartner.filter((n) => n.kind === 'sla.reminder_50').map((n) => n.href);
		expect(reminders.sort()).toEqual(handovers.map((id) => `/overdrachten/${id}`).sort());

		clock.set('2030-03-05T17:00:00+01:00'); // the deadline (the 90% reminder is overtaken and skipped)
		await Promise.all([dueNow('remind-90'), dueNow('breach'), fireDueFollowups({ sql: db(), clock })]);
		await waitFor(idle, 'the followups queue idle', 15_000);
		expect((await queue('followups').getJobCounts('delayed')).delayed).toBe(0); // every stage fired or was ignored
		await settle(vtClient, vtCoordinator.user.id);
		await settle(partnerClient, partnerWorker.user.id);
		const breaches = toVt.filter((n) => n.kind === 'sla.breached');
		expect(breaches).toHaveLength(N);
		expect(new Set(breaches.map((n) => n.id)).size).toBe(N);
		// the partner's medewerker gets the breach, once each
		expect(toPartner.filter((n) => n.kind === 'sla.breached')).toHaveLength(N);
		expect(toPartner.filter((n) => n.kind === 'sla.reminder_90')).toHaveLength(0);

		const failed = await queue('followups').getJobCounts('failed');
		expect(failed.failed).toBe(0);
		const [stored] = await db()<{ n: number }[]>`select count(*)::int as n from notifications where kind like 'sla.%'`;
		expect(stored.n).toBe(N * 4); // reminder + breach to the partner, breach to VT's coordinator and to the medewerker who offered
	});
});
