import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { createRedis } from '../redis.ts';
import { env } from '../env.ts';
import type { RealtimeServer } from './types.ts';

const KEY = Symbol.for('ketentafel.realtime');
type Registry = { io?: RealtimeServer; detached?: { io: RealtimeServer; clients: Redis[] } };
const registry = ((globalThis as Record<symbol, Registry>)[KEY] ??= {});

/** The Socket.IO channel name prefix in Redis for this deployment. */
export function adapterKey(): string {
	return `${env().REDIS_PREFIX}socket.io`;
}

/** Joins a server to the other instances through Redis; returns the connections to close later. */
export function useRedisAdapter(io: RealtimeServer): Redis[] {
	const pub = createRedis();
	const sub = pub.duplicate();
	io.adapter(createAdapter(pub, sub, { key: adapterKey() }));
	return [pub, sub];
}

/** Registers the server that owns this process's sockets (server.ts, vite dev). */
export function registerRealtime(io: RealtimeServer | undefined): void {
	registry.io = io;
}

/**
 * The Socket.IO server to emit through: the attached one in a portal process, otherwise (workers,
 * scripts) a detached server whose broadcasts reach every portal through the Redis adapter.
 */
export function realtime(): RealtimeServer {
	if (registry.io) return registry.io;
	if (!registry.detached) {
		const io: RealtimeServer = new Server();
		registry.detached = { io, clients: useRedisAdapter(io) };
	}
	return registry.detached.io;
}

/** Closes the detached server and its Redis connections, if one was made. */
export async function closeDetachedRealtime(): Promise<void> {
	const detached = registry.detached;
	registry.detached = undefined;
	if (!detached) return;
	await detached.io.of('/').adapter.close?.();
	await Promise.all(detached.clients.map((c) => c.quit().catch(() => c.disconnect())));
}
