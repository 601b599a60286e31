import type { Redis } from 'ioredis';
import { sha256Hex } from './crypto.ts';

export interface ThrottleRule {
	name: string;
	/** Failures allowed within the window before further attempts are refused. */
	limit: number;
	windowSeconds: number;
}

export const LOGIN_PER_ACCOUNT: ThrottleRule = { name: 'login-account', limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_PER_IP: ThrottleRule = { name: 'login-ip', limit: 20, windowSeconds: 15 * 60 };
export const SECOND_FACTOR_PER_USER: ThrottleRule = { name: 'second-factor', limit: 5, windowSeconds: 15 * 60 };

/**
 * Counts failures per subject in fixed windows kept in Redis, so every portal instance sees the
 * same counts. Subjects (e-mail, IP) are hashed before they become part of a key.
 */
export class Throttle {
	constructor(
		private readonly redis: Redis,
		private readonly prefix: string
	) {}

	private key(rule: ThrottleRule, subject: string): string {
		return `${this.prefix}throttle:${rule.name}:${sha256Hex(subject.toLowerCase())}`;
	}

	/** Seconds until the subject may try again under any of the rules; 0 when allowed. */
	async retryAfter(checks: [ThrottleRule, string][]): Promise<number> {
		let wait = 0;
		for (const [rule, subject] of checks) {
			const key = this.key(rule, subject);
			const [[, count], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as [
				[unknown, string | null],
				[unknown, number]
			];
			if (Number(count ?? 0) >= rule.limit) wait = Math.max(wait, ttl > 0 ? ttl : rule.windowSeconds);
		}
		return wait;
	}

	/** Records one failure for the subject. */
	async fail(rule: ThrottleRule, subject: string): Promise<void> {
		const key = this.key(rule, subject);
		await this.redis.multi().incr(key).expire(key, rule.windowSeconds, 'NX').exec();
	}

	/** Forgets the subject's failures (after a success). */
	async clear(rule: ThrottleRule, subject: string): Promise<void> {
		await this.redis.del(this.key(rule, subject));
	}
}

/** "over 12 minuten" style wait in Dutch. */
export function dutchWait(seconds: number): string {
	const minutes = Math.ceil(seconds / 60);
	return minutes <= 1 ? 'over een minuut' : `over ${minutes} minuten`;
}
