import type { Redis } from 'ioredis';
import { QUEUE_NAMES, heartbeatKey, queue, type QueueName } from '../queues.ts';
import type { HeartbeatStatus } from '../../realtime/events.ts';

export interface QueueCounts {
	name: QueueName;
	waiting: number;
	active: number;
	delayed: number;
	completed: number;
	failed: number;
}

/** The last heartbeat a worker wrote, or null when none ever did (or Redis was emptied). */
export async function lastHeartbeat(redis: Redis): Promise<HeartbeatStatus | null> {
	const raw = await redis.get(heartbeatKey());
	if (!raw) return null;
	try {
		return JSON.parse(raw) as HeartbeatStatus;
	} catch {
		return null;
	}
}

/** Job counts per queue. */
export async function queueCounts(): Promise<QueueCounts[]> {
	return Promise.all(
		QUEUE_NAMES.map(async (name) => {
			const c = await queue(name).getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
			return {
				name,
				waiting: c.waiting ?? 0,
				active: c.active ?? 0,
				delayed: c.delayed ?? 0,
				completed: c.completed ?? 0,
				failed: c.failed ?? 0
			};
		})
	);
}
