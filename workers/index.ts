import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { env } from '../src/lib/server/env.ts';
import { log } from '../src/lib/server/log.ts';
import { onShutdown, runOrExit } from '../src/lib/server/startup.ts';
import { preflight } from '../src/lib/server/preflight.ts';
import { systemClock } from '../src/lib/server/clock.ts';
import { createRedis, redis, closeRedis } from '../src/lib/server/redis.ts';
import { closeDb } from '../src/lib/server/db/client.ts';
import { bullPrefix, closeQueues, queue } from '../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../src/lib/server/realtime/hub.ts';
import { heartbeatProcessor } from './heartbeat.ts';

await runOrExit('ketentafel workers', async () => {
	const config = env();
	await preflight();
	const name = `${hostname()}:${process.pid}`;
	const connection = createRedis();

	await queue('heartbeat').upsertJobScheduler(
		'heartbeat',
		{ every: config.HEARTBEAT_SECONDS * 1000 },
		{ name: 'beat', data: {}, opts: { removeOnComplete: 100, removeOnFail: 500 } }
	);

	const workers = [
		new Worker('heartbeat', heartbeatProcessor(redis(), systemClock, name), {
			connection,
			prefix: bullPrefix(),
			concurrency: 1
		})
	];
	for (const worker of workers) {
		worker.on('error', (err) => log().error({ err, queue: worker.name }, 'worker error'));
		worker.on('failed', (job, err) =>
			log().warn({ queue: worker.name, job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed')
		);
	}
	log().info({ worker: name, queues: workers.map((w) => w.name) }, 'workers started');

	onShutdown(
		'ketentafel workers',
		async () => {
			await Promise.allSettled(workers.map((w) => w.close()));
			await Promise.allSettled([closeQueues(), closeDetachedRealtime(), closeDb(), closeRedis()]);
			connection.disconnect();
		},
		15_000
	);
});
