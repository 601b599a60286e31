import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';

/** A socket counts as online for this long after its last refresh (survives a crashed instance). */
export const PRESENCE_TTL_MS = 90_000;
export const PRESENCE_REFRESH_MS = 30_000;

/**
 * Who is online per organisation, kept in Redis so every portal instance agrees. Each open socket
 * is one sorted-set member "userId|socketId" scored by its last refresh time.
 */
export class Presence {
	constructor(
		private readonly redis: Redis,
		private readonly prefix: string,
		private readonly clock: Clock
	) {}

	private key(organisationId: string): string {
		return `${this.prefix}presence:org:${organisationId}`;
	}

	/** Marks a socket online (or refreshes it). */
	async touch(organisationId: string, userId: string, socketId: string): Promise<void> {
		const key = this.key(organisationId);
		await this.redis
			.multi()
			.zadd(key, this.clock.now().getTime(), `${userId}|${socketId}`)
			.pexpire(key, PRESENCE_TTL_MS * 2)
			.exec();
	}

	/** Refreshes many sockets in one round trip. */
	async touchMany(entries: { key: string; userId: string; socketId: string }[]): Promise<void> {
		if (!entries.length) return;
		const now = this.clock.now().getTime();
		const pipeline = this.redis.pipeline();
		for (const { key, userId, socketId } of entries) {
			pipeline.zadd(this.key(key), now, `${userId}|${socketId}`).pexpire(this.key(key), PRESENCE_TTL_MS * 2);
		}
		await pipeline.exec();
	}

	/** Marks a socket offline. */
	async leave(organisationId: string, userId: string, socketId: string): Promise<void> {
		await this.redis.zrem(this.key(organisationId), `${userId}|${socketId}`);
	}

	/** The distinct users with at least one fresh socket in the organisation. */
	async online(organisationId: string): Promise<string[]> {
		const key = this.key(organisationId);
		const cutoff = this.clock.now().getTime() - PRESENCE_TTL_MS;
		await this.redis.zremrangebyscore(key, '-inf', `(${cutoff}`);
		const members = await this.redis.zrange(key, '0', '-1');
		return [...new Set(members.map((m) => m.split('|')[0]))];
	}
}
