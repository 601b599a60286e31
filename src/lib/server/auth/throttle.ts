import type { Redis } from 'ioredis';
import { sha256Hex } from './crypto.ts';

export interface ThrottleRule {
	name: string;
	/** Attempts allowed within the window; further attempts are refused until it ends. */
	limit: number;
	windowSeconds: number;
}

export const LOGIN_PER_ACCOUNT: ThrottleRule = { name: 'login-account', limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_PER_IP: ThrottleRule = { name: 'login-ip', limit: 30, windowSeconds: 15 * 60 };
export const SECOND_FACTOR_PER_USER: ThrottleRule = { name: 'second-factor', limit: 5, windowSeconds: 15 * 60 };

/**
 * Counts attempts per subject in fixed windows kept in Redis, so every portal instance sees the
 * same counts. An attempt is reserved atomically before it is checked, so parallel guesses cannot
 * slip past the limit; a success gives its reservation back. Subjects are hashed into the key.
 */
export class Throttle {
	constructor(
		private readonly redis: Redis,
		private readonly prefix: string
	) {}

	private key(rule: ThrottleRule, subject: string): string {
		return `${this.prefix}throttle:${rule.name}:${sha256Hex(subject.toLowerCase())}`;
	}

	/** Reserves one attempt under each rule; returns seconds to wait when any limit is exceeded, else 0. */
	async reserve(checks: [ThrottleRule, string][]): Promise<number> {
		const multi = this.redis.multi();
		for (const [rule, subject] of checks) {
			const key = this.key(rule, subject);
			multi.incr(key).expire(key, rule.windowSeconds, 'NX').ttl(key);
		}
		const replies = ((await multi.exec()) ?? []).map(([error, value]) => {
			if (error) throw error;
			return Number(value);
		});
		let wait = 0;
		checks.forEach(([rule], i) => {
			const count = replies[i * 3];
			const ttl = replies[i * 3 + 2];
			if (count > rule.limit) wait = Math.max(wait, ttl > 0 ? ttl : rule.windowSeconds);
		});
		return wait;
	}

	/** Gives one reserved attempt back (it succeeded). */
	async release(rule: ThrottleRule, subject: string): Promise<void> {
		const key = this.key(rule, subject);
		await this.redis.eval("if redis.call('GET', KEYS[1]) then return redis.call('DECR', KEYS[1]) end return 0", 1, key);
	}

	/** Forgets every attempt of the subject (after a success). */
	async clear(rule: ThrottleRule, subject: string): Promise<void> {
		await this.redis.del(this.key(rule, subject));
	}
}

/** "over 12 minuten" style wait in Dutch. */
export function dutchWait(seconds: number): string {
	const minutes = Math.ceil(seconds / 60);
	return minutes <= 1 ? 'over een minuut' : `over ${minutes} minuten`;
}
