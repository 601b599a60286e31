import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeQueues, queue } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock, systemClock } from '../../src/lib/server/clock.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { slaStagesOf } from '../../src/lib/server/sla/followups.ts';
import { reconcileFollowups, scheduleFollowups } from '../../src/lib/server/followups/runner.ts';
import { completeCase, ensureRegion, organisation, person, type Person } from '../support/it-cases.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { setEnv, waitFor } from '../support/it-helpers.ts';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.ts';
import { startProcess, type Started } from '../support/processes.ts';

const N = 24;
let own: TestResources;
let redisServer: OwnRedis;
let restoreEnv: () => void;
const processes: Started[] = [];
let partnerWorker: Person, partnerCoordinator: Person, vtWorker: Person, vtCoordinator: Person;
const handovers: string[] = [];

beforeAll(async () => {
	own = await createTestResources('slr');
	redisServer = await startOwnRedis();
	restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_URL: redisServer.url, REDIS_PREFIX: own.redisPrefix });
	// far ahead: the workers (real clock) find nothing due until the test sets the instants itself
	const clock = new ManualClock('2030-03-04T09:00:00+01:00');
	await ensureRegion();
	const vt = await organisation('vt');
	const partner = await organisation('cjg');
	vtWorker = await person(vt, 'medewerker', clock);
	vtCoordinator = await person(vt, 'coordinator', clock);
	partnerWorker = await person(partner, 'medewerker', clock);
	partnerCoordinator = await person(partner, 'coordinator', clock);
	const deps = { sql: db(), clock, enqueueTimers: false };
	for (let i = 0; i < N; i++) {
		const caseId = await createCase(deps, vtWorker.actor, completeCase());
		handovers.push(await offerHandover(deps, vtWorker.actor, caseId, { toOrgId: partner.id, message: 'Graag.' }));
	}
});
afterAll(async () => {
	await Promise.all(processes.map((p) => p.stop()));
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	await redisServer?.stop();
	restoreEnv?.();
	if (own) await dropTestResources(own);
});

const workerEnv = () => ({
	DATABASE_URL: own.databaseUrl,
	REDIS_URL: redisServer.url,
	REDIS_PREFIX: own.redisPrefix,
	SLA_RECONCILE_SECONDS: '1',
	HEARTBEAT_SECONDS: '1',
	WORKER_CONCURRENCY: '4',
	LOG_LEVEL: 'info'
});
const breached = async () => (await db()<{ n: number }[]>`select count(*)::int as n from sla_breaches`)[0].n;
const output = () => processes.map((p) => p.output()).join('\n');

describe('the acceptance SLA survives a worker crash and an emptied Redis', () => {
	it('flushes Redis mid-run, kills and restarts the workers: every breach fires exactly once', { timeout: 120_000 }, async () => {
		// every wait below ends within the test's timeout, leaving time to report
		const deadline = Date.now() + 110_000;
		const upTo = (ms: number) => Math.max(0, Math.min(ms, deadline - Date.now()));
		// two workers, up and running before any stage is due (starting them takes seconds on a busy machine)
		processes.push(startProcess('workers/index.ts', workerEnv()), startProcess('workers/index.ts', workerEnv()));
		await waitFor(() => processes.every((p) => p.output().includes('workers started')), `two workers started\n${output()}`, upTo(60_000));

		// Stages spread over the next seconds of real time (the test sets them; the workers use the real clock).
		const start = Date.now() + 1500;
		for (const [i, id] of handovers.entries()) {
			const r50 = new Date(start + i * 120);
			await db()`update handovers set remind_50_due = ${r50}, remind_90_due = ${new Date(r50.getTime() + 3000)},
			           respond_before = ${new Date(r50.getTime() + 6000)} where id = ${id}`;
		}
		// what the service does after an offer commits: its stages enqueued on the followups queue
		const stages = (await Promise.all(handovers.map((id) => slaStagesOf(db(), id)))).flat();
		expect(stages).toHaveLength(3 * N);
		await scheduleFollowups(queue('followups'), stages, systemClock);
		// mid-run: some reminders have fired, no breach yet
		await waitFor(
			async () => (await db()<{ n: number }[]>`select count(*)::int as n from handovers where reminded_50_at is not null`)[0].n >= 4,
			`first reminders\n${output()}`,
			upTo(20_000)
		);
		expect(await breached()).toBeLessThan(N);

		// Redis loses everything (queues, delayed jobs, job schedulers); one worker crashes, another is started.
		await redisServer.flush();
		processes[0].child.kill('SIGKILL');
		processes.push(startProcess('workers/index.ts', workerEnv()));

		await waitFor(async () => (await breached()) === N, `all ${N} breaches\n${output()}`, upTo(30_000));
		// a reconciliation pass more, in this process: nothing left to fire
		expect((await reconcileFollowups({ sql: db(), clock: systemClock }, queue('followups'))).fired).toBe(0);

		const perHandover = await db()<{ handoverId: string; breaches: number; audits: number; events: number }[]>`
			select h.id as handover_id,
			  (select count(*)::int from sla_breaches b where b.handover_id = h.id) as breaches,
			  (select count(*)::int from audit_log a where a.action = 'sla.breached' and a.record_id = h.id::text) as audits,
			  (select count(*)::int from events e where e.type = 'handover.breached' and e.payload->>'handoverId' = h.id::text) as events
			from handovers h`;
		expect(perHandover).toHaveLength(N);
		for (const row of perHandover) expect(row).toMatchObject({ breaches: 1, audits: 1, events: 1 });

		const notes = await db()<{ userId: string; kind: string; n: number }[]>`
			select user_id, kind, count(*)::int as n from notifications group by user_id, kind`;
		const count = (p: Person, kind: string) => notes.find((r) => r.userId === p.user.id && r.kind === kind)?.n ?? 0;
		// the breach: exactly once per handover to each of the partner's people, the offering medewerker and VT's coordinators
		expect(count(partnerCoordinator, 'sla.breached')).toBe(N);
		expect(count(vtCoordinator, 'sla.breached')).toBe(N);
		expect(count(partnerWorker, 'sla.breached')).toBe(N);
		expect(count(vtWorker, 'sla.breached')).toBe(N);
		// reminders: at most once per handover (one overtaken by the next stage during the outage is skipped)
		const dupes = await db()`select user_id, dedupe_key from notifications group by user_id, dedupe_key having count(*) > 1`;
		expect(dupes).toHaveLength(0);
		expect(count(partnerWorker, 'sla.reminder_50')).toBeGreaterThanOrEqual(4);
		expect(count(partnerWorker, 'sla.reminder_50')).toBeLessThanOrEqual(N);
		const [marks] = await db()<{ n: number }[]>`
			select count(*)::int as n from handovers where reminded_50_at is not null and reminded_90_at is not null and breached_at is not null`;
		expect(marks.n).toBe(N);
	});
});
