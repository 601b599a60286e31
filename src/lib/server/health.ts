import { db, describeDatabaseUrl, connect } from './db/client.ts';
import { redis, createRedis, describeRedisUrl } from './redis.ts';
import { env } from './env.ts';
import { ServiceUnavailableError } from './errors.ts';

export type ServiceState = 'ok' | 'down';
export interface Health {
	status: 'ok' | 'unavailable';
	postgres: ServiceState;
	redis: ServiceState;
	down: string[];
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		promise,
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
		})
	]).finally(() => clearTimeout(timer));
}

/** Pings PostgreSQL and Redis over the shared connections; never throws. */
export async function health(timeoutMs = 2000): Promise<Health> {
	const [pg, rd] = await Promise.all([
		withTimeout(db()`select 1`, timeoutMs).then(
			() => 'ok' as const,
			() => 'down' as const
		),
		withTimeout(redis().ping(), timeoutMs).then(
			() => 'ok' as const,
			() => 'down' as const
		)
	]);
	const down = [pg === 'down' ? 'postgres' : null, rd === 'down' ? 'redis' : null].filter((x): x is string => x !== null);
	return { status: down.length ? 'unavailable' : 'ok', postgres: pg, redis: rd, down };
}

/**
 * Checks at start-up that PostgreSQL and Redis answer, with throwaway connections that do not
 * retry; throws ServiceUnavailableError with one line naming the service and what to do.
 */
export async function assertServicesReachable(): Promise<void> {
	const { DATABASE_URL, REDIS_URL } = env();
	const sql = connect(DATABASE_URL, 1);
	try {
		await withTimeout(sql`select 1`, 6000);
	} catch (error) {
		throw new ServiceUnavailableError(
			'PostgreSQL',
			`cannot reach PostgreSQL at ${describeDatabaseUrl(DATABASE_URL)} (${reason(error)}). ` +
				`Start PostgreSQL, run "npm run migrate" to create the database, or set DATABASE_URL.`
		);
	} finally {
		await sql.end({ timeout: 1 }).catch(() => {});
	}
	const client = createRedis({ lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
	client.removeAllListeners('error').on('error', () => {});
	try {
		await withTimeout(
			client.connect().then(() => client.ping()),
			6000
		);
	} catch (error) {
		throw new ServiceUnavailableError(
			'Redis',
			`cannot reach Redis at ${describeRedisUrl(REDIS_URL)} (${reason(error)}). Start Redis or set REDIS_URL.`
		);
	} finally {
		client.disconnect();
	}
}

function reason(error: unknown): string {
	if (error && typeof error === 'object') {
		const e = error as { code?: string; message?: string };
		if (e.code === 'ECONNREFUSED') return 'connection refused';
		if (e.code === '3D000') return 'the database does not exist';
		if (e.code) return e.code;
		if (e.message) return e.message.split('\n')[0];
	}
	return String(error);
}
