import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { connect } from '../../src/lib/server/db/client.ts';
import { ensureDatabase, migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { APP_ROLE } from '../../src/lib/server/db/roles.ts';

const BASE_URL = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export interface TestResources {
	/** As the portal and workers connect: the application role (roles.ts). */
	databaseUrl: string;
	/** As migrations run (and a DBA would connect): the superuser, which owns everything. */
	ownerUrl: string;
	redisPrefix: string;
}

/** A fresh database and Redis key prefix for one test run; migrated when asked. */
export async function createTestResources(kind: string, migrated = true): Promise<TestResources> {
	const id = `${kind}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
	const ownerUrl = `${BASE_URL}/kt_${id}`;
	const app = new URL(ownerUrl);
	app.username = APP_ROLE;
	app.password = '';
	const databaseUrl = app.toString();
	await ensureDatabase(ownerUrl);
	if (migrated) {
		const sql = connect(ownerUrl, 1);
		try {
			await migrate(sql, await readMigrations());
		} finally {
			await sql.end();
		}
	}
	return { databaseUrl, ownerUrl, redisPrefix: `kt_${id}:` };
}

/** Drops a test database and deletes every Redis key under the test prefix. */
export async function dropTestResources(resources: TestResources): Promise<void> {
	const name = new URL(resources.databaseUrl).pathname.slice(1);
	const admin = connect(`${BASE_URL}/postgres`, 1);
	try {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
	} finally {
		await admin.end();
	}
	await deleteRedisPrefix(TEST_REDIS_URL, resources.redisPrefix);
}

/** Deletes the keys under a prefix with SCAN (never FLUSH on the shared Redis). */
export async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
	const client = new Redis(url, { protocol: 2, lazyConnect: true });
	await client.connect();
	try {
		let cursor = '0';
		do {
			const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
			cursor = next;
			if (keys.length) await client.unlink(...keys);
		} while (cursor !== '0');
	} finally {
		client.disconnect();
	}
}
