import { afterAll, beforeAll } from 'vitest';
import { closeDb } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeQueues } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { createTestResources, dropTestResources, type TestResources } from './testdb.ts';
import { setEnv } from './it-helpers.ts';

/**
 * Gives the test file a database and Redis prefix of its own (for tests that fire every due
 * timer or change settings other files must not see): created and pointed to by the environment
 * before the file's own beforeAll, closed and dropped after its afterAll. Call at the top level.
 */
export function useOwnDatabase(kind: string): { resources: () => TestResources } {
	let own: TestResources | undefined;
	let restoreEnv: (() => void) | undefined;
	beforeAll(async () => {
		own = await createTestResources(kind);
		restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix });
	});
	afterAll(async () => {
		await closeQueues();
		await closeDetachedRealtime();
		await closeRedis();
		await closeDb();
		restoreEnv?.();
		if (own) await dropTestResources(own);
	});
	return {
		resources: () => {
			if (!own) throw new Error('useOwnDatabase: the database exists only from beforeAll on');
			return own;
		}
	};
}
