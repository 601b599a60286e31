import { randomInt } from 'node:crypto';
import { resetEnv } from '../../src/lib/server/env.ts';

/** A random private IPv4 address, so throttle counters of parallel tests never meet. */
export function uniqueIp(): string {
	return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** Sets environment variables (undefined removes one) and returns a function that restores them. */
export function setEnv(values: Record<string, string | undefined>): () => void {
	const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
	const apply = (v: Record<string, string | undefined>) => {
		for (const [k, value] of Object.entries(v)) {
			if (value === undefined) delete process.env[k];
			else process.env[k] = value;
		}
		resetEnv();
	};
	apply(values);
	return () => apply(saved);
}

/** Polls until check() returns a value other than undefined/false (bounded), else throws. */
export async function waitFor<T>(
	check: () => T | undefined | false | Promise<T | undefined | false>,
	what: string,
	timeoutMs = 5000
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** Awaits a promise for at most timeoutMs, failing with a message naming what was awaited. */
export function within<T>(promise: Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		promise,
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
		})
	]).finally(() => clearTimeout(timer));
}
