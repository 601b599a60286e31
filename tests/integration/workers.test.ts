import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from '../support/processes.ts';
import { closeRedis, redis } from '../../src/lib/server/redis.ts';
import { lastHeartbeat, queueCounts } from '../../src/lib/server/status/status.ts';
import { closeQueues } from '../../src/lib/server/queues.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { setEnv } from '../support/it-helpers.ts';

// A database and Redis prefix of its own: the workers' reconciliation (real clock) must never fire
// SLA timers of offers that other test files make with their manual clocks.
let own: TestResources;
let restoreEnv: () => void;
beforeAll(async () => {
	own = await createTestResources('wk');
	restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix });
});
afterAll(async () => {
	await closeQueues();
	await closeRedis();
	restoreEnv?.();
	if (own) await dropTestResources(own);
});

describe('workers process', () => {
	it('beats through its job scheduler once per interval, whatever the number of workers, and stops cleanly on SIGTERM', async () => {
		const env = {
			DATABASE_URL: own.databaseUrl,
			REDIS_PREFIX: own.redisPrefix,
			HEARTBEAT_SECONDS: '1',
			LOG_LEVEL: 'warn'
		};
		const workers = [startProcess('workers/index.ts', env), startProcess('workers/index.ts', env)];
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
	});
});
