import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { connect, describeDatabaseUrl } from '../db/client.ts';
import { ensureDatabase, migrate, readMigrations } from '../db/migrate.ts';
import { ServiceUnavailableError } from '../errors.ts';

await runOrExit('migrate', async () => {
	const { MIGRATION_DATABASE_URL: DATABASE_URL } = env();
	const created = await ensureDatabase(DATABASE_URL).catch((error: { code?: string; message?: string }) => {
		throw new ServiceUnavailableError(
			'PostgreSQL',
			`cannot reach PostgreSQL at ${describeDatabaseUrl(DATABASE_URL)} (${error.code === 'ECONNREFUSED' ? 'connection refused' : (error.message ?? error.code)}). Start PostgreSQL or set MIGRATION_DATABASE_URL.`
		);
	});
	if (created) console.log(`created database ${describeDatabaseUrl(DATABASE_URL)}`);
	const sql = connect(DATABASE_URL, 1);
	try {
		const applied = await migrate(sql, await readMigrations());
		console.log(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
	} finally {
		await sql.end({ timeout: 1 });
	}
});
