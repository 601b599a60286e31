import { db } from './db/client.ts';
import { redis } from './redis.ts';
import { env } from './env.ts';
import { systemClock } from './clock.ts';
import { makeAuthDeps, type AuthDeps } from './auth/service.ts';
import { Presence } from './realtime/presence.ts';
import type { ServiceDeps } from './deps.ts';

let auth: AuthDeps | undefined;
let presence: Presence | undefined;

/** Authentication dependencies of this portal process. */
export function authDeps(): AuthDeps {
	return (auth ??= makeAuthDeps(db(), redis(), env().REDIS_PREFIX, systemClock, env().SESSION_TTL_HOURS));
}

/** Presence of this portal process. */
export function presenceStore(): Presence {
	return (presence ??= new Presence(redis(), env().REDIS_PREFIX, systemClock));
}

/** The domain services' dependencies in this portal process. */
export function domainDeps(): ServiceDeps {
	return { sql: db(), clock: systemClock };
}
