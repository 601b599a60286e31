import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis, reportRedisError, rkey } from './redis.ts';
import { env } from './env.ts';

/** Every BullMQ queue of Ketentafel. */
export const QUEUE_NAMES = ['heartbeat', 'followups', 'rollups', 'dashboard', 'retention', 'audit', 'email'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Queues of earlier versions that no worker processes any more: 'timers' held the SLA timers until
 * the acceptance SLA became a follow-up kind (its stages are re-derived from PostgreSQL).
 */
export const RETIRED_QUEUE_NAMES = ['timers'] as const;

/** BullMQ's key prefix for this deployment (under REDIS_PREFIX). */
export function bullPrefix(): string {
	return `${env().REDIS_PREFIX}bull`;
}

/** Where the last worker heartbeat is kept. */
export function heartbeatKey(): string {
	return rkey('workers', 'heartbeat');
}

let connection: Redis | undefined;
const queues = new Map<QueueName, Queue>();

/** A producer-side queue handle of this process (shared connection). */
export function queue(name: QueueName): Queue {
	let q = queues.get(name);
	if (!q) {
		connection ??= createRedis();
		q = new Queue(name, { connection, prefix: bullPrefix() });
		q.on('error', reportRedisError);
		queues.set(name, q);
	}
	return q;
}

/** Closes the queue handles of this process. */
export async function closeQueues(): Promise<void> {
	await Promise.all([...queues.values()].map((q) => q.close()));
	queues.clear();
	const current = connection;
	connection = undefined;
	if (current) await current.quit().catch(() => current.disconnect());
}

/**
 * Removes what is left of the retired queues in Redis (their delayed jobs and job schedulers).
 * Idempotent; any number of worker processes may run it at once.
 */
export async function removeRetiredQueues(): Promise<void> {
	connection ??= createRedis();
	for (const name of RETIRED_QUEUE_NAMES) {
		const retired = new Queue(name, { connection, prefix: bullPrefix() });
		retired.on('error', reportRedisError);
		try {
			await retired.obliterate({ force: true });
		} finally {
			await retired.close();
		}
	}
}
