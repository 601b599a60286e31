import type { Redis } from 'ioredis';
import type { Job } from 'bullmq';
import type { Clock } from '../src/lib/server/clock.ts';
import { heartbeatKey } from '../src/lib/server/queues.ts';
import { realtime } from '../src/lib/server/realtime/hub.ts';
import { rooms, type HeartbeatStatus } from '../src/lib/realtime/events.ts';

/** Records that a worker is alive and tells the beheerders' status pages. */
export function heartbeatProcessor(redis: Redis, clock: Clock, workerName: string) {
	return async (_job: Job): Promise<HeartbeatStatus> => {
		const beat: HeartbeatStatus = { at: clock.now().toISOString(), worker: workerName };
		await redis.set(heartbeatKey(), JSON.stringify(beat));
		realtime().to(rooms.beheerders).emit('status:heartbeat', beat);
		return beat;
	};
}
