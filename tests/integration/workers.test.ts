import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from '../support/processes.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { lastHeartbeat, queueCounts } from '../../src/lib/server/status/status.ts';
import { Queue } from 'bullmq';
import { bullPrefix, closeQueues, queue } from '../../src/lib/server/queues.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { setEnv, waitFor } from '../support/it-helpers.ts';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { addCondition, openTrajectory } from '../../src/lib/server/trajectories/service.ts';
import { completeCase, ensureRegion, organisation, person } from '../support/it-cases.ts';

// A database and Redis prefix of its own: the workers' reconciliation (real clock) must never fire
// follow-ups (the SLA's among them) of offers that other test files make with their manual clocks.
let own: TestResources;
let restoreEnv: () => void;
beforeAll(async () => {
	own = await createTestResources('wk');
	restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix });
});
afterAll(async () => {
	await closeQueues();
	await closeDetachedRealtime();
	await closeDb();
	await closeRedis();
	restoreEnv?.();
	if (own) await dropTestResources(own);
});

/** A V&V condition that was due three weeks ago: its reminder and escalation are both overdue. */
async function overdueCondition(): Promise<string> {
	const clock = new ManualClock(new Date());
	const deps = { sql: db(), clock, enqueueTimers: false };
	await ensureRegion();
	const [vt, cjg] = [await organisation('vt'), await organisation('cjg')];
	const [vtWorker, cjgWorker] = [await person(vt, 'medewerker', clock), await person(cjg, 'medewerker', clock)];
	await person(vt, 'coordinator', clock);
	const caseId = await createCase(deps, vtWorker.actor, completeCase());
	const handoverId = await offerHandover(deps, vtWorker.actor, caseId, { toOrgId: cjg.id, message: 'Graag samen verder.' });
	await answerHandover(deps, cjgWorker.actor, handoverId, { answer: 'accept' });
	const id = await openTrajectory(deps, vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id });
	const dueOn = amsterdamDay(new Date(Date.now() - 21 * 86_400_000));
	clock.set(new Date(Date.now() - 22 * 86_400_000)); // agreed before it was due (a due date in the past is refused)
	await addCondition(deps, vtWorker.actor, id, { description: 'Geen contact zonder begeleiding.', ownerSide: 'vt', dueOn });
	return id;
}

describe('workers process', () => {
	it(
		'fires overdue follow-ups at start, once, whatever the number of workers, and removes the retired timers queue',
		{ timeout: 60_000 },
		async () => {
			const trajectoryId = await overdueCondition();
			// what an earlier version left in Redis: a delayed SLA timer and the reconciliation scheduler on the 'timers' queue
			const retired = new Queue('timers', { connection: redis(), prefix: bullPrefix() });
			await retired.add('sla-50', { handoverId: trajectoryId }, { jobId: `sla-50-${trajectoryId}`, delay: 3600_000 });
			await retired.upsertJobScheduler('reconcile', { every: 60_000 }, { name: 'reconcile', data: {} });
			const retiredKeys = () => redis().keys(`${bullPrefix()}:timers:*`);
			expect((await retiredKeys()).length).toBeGreaterThan(0);
			const env = { DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix, LOG_LEVEL: 'warn' };
			const workers = [startProcess('workers/index.ts', env), startProcess('workers/index.ts', env)];
			const kinds = async () =>
				(await db()<{ kind: string }[]>`select kind from notifications where href = ${`/trajecten/${trajectoryId}`} order by kind`).map(
					(r) => r.kind
				);
			try {
				await waitFor(async () => (await kinds()).length >= 3 || undefined, 'the overdue reminder and escalation', 20_000);
				// each worker process reconciles once at start: count only after both runs have finished
				await waitFor(
					async () => (await queue('followups').getJobCounts('completed')).completed >= 2 || undefined,
					'both start-up reconciliations',
					20_000
				);
				// the reminder to VT's responsible medewerker; the escalation to VT's coordinator and CJG (no coordinator: its medewerker)
				expect(await kinds()).toEqual(['vv.escalated', 'vv.escalated', 'vv.overdue']);
				const escalations = await db()`select 1 from audit_log where action = 'followup.escalated' and record_id = ${trajectoryId}`;
				expect(escalations).toHaveLength(1);
				await waitFor(async () => (await retiredKeys()).length === 0 || undefined, 'the retired timers queue removed', 5_000);
			} finally {
				await Promise.all(workers.map((w) => w.stop()));
				await retired.close();
			}
		}
	);

	it('beats through its job scheduler once per interval, whatever the number of workers, and stops cleanly on SIGTERM', async () => {
		const env = {
			DATABASE_URL: own.databaseUrl,
			REDIS_PREFIX: own.redisPrefix,
			HEARTBEAT_SECONDS: '1',
			LOG_LEVEL: 'warn'
		};
		const workers = [startProcess('workers/index.ts', env), startProcess('workers/index.ts', env)];
		try {
			const beats = new Set<string>();
			const deadline = Date.now() + 20_000;
			while (beats.size < 3 && Date.now() < deadline) {
				const beat = await lastHeartbeat(redis());
				if (beat) beats.add(beat.at);
				await new Promise((r) => setTimeout(r, 100));
			}
			expect(beats.size, workers.map((w) => w.output()).join('\n')).toBeGreaterThanOrEqual(3);
			const times = [...beats].map((at) => new Date(at).getTime()).sort();
			for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThan(500);

			const [counts] = await queueCounts();
			expect(counts.name).toBe('heartbeat');
			expect(counts.completed).toBeGreaterThanOrEqual(3);
			expect(counts.failed).toBe(0);

			const exits = workers.map((w) => new Promise<number | null>((r) => w.child.once('exit', (code) => r(code))));
			await Promise.all(workers.map((w) => w.stop()));
			expect(await Promise.all(exits)).toEqual([0, 0]);
		} finally {
			// stops whatever still runs after a failure (stop() of an exited process returns at once)
			await Promise.all(workers.map((w) => w.stop()));
		}
	});
});
