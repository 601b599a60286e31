import { createTestResources, dropTestResources, type TestResources } from './testdb.ts';
import { freePort, startProcess, waitForHttp, type Started } from './processes.ts';
import { setEnv } from './it-helpers.ts';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';
import { seedDemoCases } from '../../src/lib/server/seed/demo.ts';
import { seedHistory } from '../../src/lib/server/seed/history.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { encrypt } from '../../src/lib/server/auth/crypto.ts';
import { generateTotpKey } from '../../src/lib/server/auth/totp.ts';
import { systemClock } from '../../src/lib/server/clock.ts';

/** A built portal of a test file's own, on a database with the demo's cases (workers only when asked). */
export interface OwnPortal {
	baseUrl: string;
	sql: Sql;
	resources: TestResources;
	portal: Started;
	workers: Started | null;
	/** A Cookie header for a fully signed-in session of a demo account (second factor done). */
	cookieFor(email: string): Promise<string>;
	stop(): Promise<void>;
}

/**
 * Seeds a database of its own with the demo region, accounts and cases (through the services,
 * this process pointed at it) and starts server.ts on a free port. stop() ends the portal, closes
 * the connections and drops the database; call it in afterAll even when a test failed.
 */
export async function startOwnPortal(
	kind: string,
	extraEnv: Record<string, string> = {},
	options: { historyWeeks?: number; workers?: boolean } = {}
): Promise<OwnPortal> {
	const resources = await createTestResources(kind);
	const restore = setEnv({ DATABASE_URL: resources.databaseUrl, REDIS_PREFIX: resources.redisPrefix, LOG_LEVEL: 'silent' });
	const sql = connect(resources.databaseUrl, 2);
	let portal: Started | undefined;
	let workers: Started | null = null;
	const stop = async () => {
		await Promise.all([portal?.stop(), workers?.stop()]);
		const [{ closeQueues }, { closeDetachedRealtime }, { closeRedis }, { closeDb }] = await Promise.all([
			import('../../src/lib/server/queues.ts'),
			import('../../src/lib/server/realtime/hub.ts'),
			import('../../src/lib/server/redis.ts'),
			import('../../src/lib/server/db/client.ts')
		]);
		await Promise.allSettled([closeQueues(), closeDetachedRealtime(), closeRedis(), closeDb(), sql.end()]);
		restore();
		await dropTestResources(resources);
	};
	try {
		await seed(sql, 'test');
		await seedDemoCases(sql);
		if (options.historyWeeks) await seedHistory(sql, new Date(), { publish: true, weeks: options.historyWeeks }); // figures, published
		const port = await freePort();
		const baseUrl = `http://localhost:${port}`;
		const processEnv = {
			NODE_ENV: 'test',
			PORT: String(port),
			ORIGIN: baseUrl,
			DATABASE_URL: resources.databaseUrl,
			REDIS_PREFIX: resources.redisPrefix,
			LOG_LEVEL: 'warn',
			...extraEnv
		};
		portal = startProcess('server.ts', processEnv);
		if (options.workers) workers = startProcess('workers/index.ts', processEnv);
		await waitForHttp(`${baseUrl}/healthz`, portal, 60_000);
		const key = encrypt(generateTotpKey());
		return {
			baseUrl,
			sql,
			resources,
			portal,
			workers,
			stop,
			async cookieFor(email) {
				const [user] = await sql<{ id: string }[]>`select id from users where email = ${email}`;
				if (!user) throw new Error(`no demo account ${email}`);
				await sql`update users set totp_key = coalesce(totp_key, ${key}), totp_enabled_at = coalesce(totp_enabled_at, now()) where id = ${user.id}
				          and exists (select 1 from memberships where user_id = ${user.id} and role = 'beheerder')`;
				const session = await createSession(
					sql,
					{ userId: user.id, twoFactorVerified: true, ip: '127.0.0.1', userAgent: 'test' },
					3_600_000,
					systemClock
				);
				return `kt_session=${session.token}`;
			}
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
