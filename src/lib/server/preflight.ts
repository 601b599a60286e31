import { db } from './db/client.ts';
import { ConfigError } from './errors.ts';
import { assertServicesReachable } from './health.ts';
import { pendingMigrations, readMigrations } from './db/migrate.ts';
import { env } from './env.ts';

/**
 * What every long-running process checks before it starts: the configuration parses, PostgreSQL
 * and Redis answer, and the database schema is up to date.
 */
export async function preflight(): Promise<void> {
	env();
	await assertServicesReachable();
	const pending = await pendingMigrations(db(), await readMigrations());
	if (pending.length) {
		throw new ConfigError(
			`the database is missing ${pending.length} migration(s) (${pending.join(', ')}): run "npm run migrate" first`
		);
	}
}
