import { Redis, type RedisOptions } from 'ioredis';
import { env } from './env.ts';
import { log } from './log.ts';

let shared: Redis | undefined;

/**
 * Opens a new ioredis connection to REDIS_URL. RESP2 is used because the Socket.IO adapter and
 * BullMQ subscribe on their connections; maxRetriesPerRequest null is what BullMQ workers need.
 */
export function createRedis(options: RedisOptions = {}): Redis {
	const client = new Redis(env().REDIS_URL, {
		protocol: 2,
		maxRetriesPerRequest: null,
		connectTimeout: 5000,
		lazyConnect: false,
		...options
	});
	watchRedisErrors(client);
	return client;
}

// One per process, also when the built portal and server.ts each load a copy of this module.
const state = ((globalThis as Record<symbol, { outage: boolean }>)[Symbol.for('ketentafel.redis-outage')] ??= { outage: false });

/**
 * While Redis is away every client reports every reconnect attempt. The process logs one line
 * when an outage starts and one when Redis answers again, whatever the number of clients.
 */
export function reportRedisError(error: Error): void {
	if (state.outage) return;
	state.outage = true;
	log().warn({ err: error.message, redis: describeRedisUrl(env().REDIS_URL) }, 'redis unreachable; retrying in the background');
}

/** Gives a client (also one made with duplicate(), which copies no listeners) the shared error handling. */
export function watchRedisErrors(client: Redis): Redis {
	client.on('error', reportRedisError);
	client.on('ready', () => {
		if (!state.outage) return;
		state.outage = false;
		log().info({ redis: describeRedisUrl(env().REDIS_URL) }, 'redis reachable again');
	});
	return client;
}

/** The shared command connection of this process. */
export function redis(): Redis {
	return (shared ??= createRedis({ maxRetriesPerRequest: 2, enableOfflineQueue: true }));
}

/** A Redis key under this deployment's prefix (REDIS_PREFIX). */
export function rkey(...parts: string[]): string {
	return env().REDIS_PREFIX + parts.join(':');
}

/** Closes the shared connection (graceful shutdown, tests). */
export async function closeRedis(): Promise<void> {
	const current = shared;
	shared = undefined;
	if (current) await current.quit().catch(() => current.disconnect());
}

/** Describes a Redis URL for messages without its password. */
export function describeRedisUrl(url: string): string {
	const parsed = new URL(url);
	return `${parsed.hostname}:${parsed.port || 6379}${parsed.pathname || ''}`;
}
