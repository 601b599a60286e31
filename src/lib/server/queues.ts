import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis, reportRedisError, rkey } from './redis.ts';
import { env } from './env.ts';

/** Every BullMQ queue of Ketentafel. */
export const QUEUE_NAMES = ['heartbeat', 'timers', 'followups', 'rollups', 'dashboard', 'retention', 'audit', 'email'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

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
