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
	client.on('error', logConnectionError);
	return client;
}

let lastErrorLogged = 0;

/** While Redis is away ioredis reports every reconnect; log one line per 10 seconds at most. */
function logConnectionError(error: Error): void {
	const now = Date.now();
	if (now - lastErrorLogged < 10_000) return;
	lastErrorLogged = now;
	log().warn({ err: error.message, redis: describeRedisUrl(env().REDIS_URL) }, 'redis connection error');
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
