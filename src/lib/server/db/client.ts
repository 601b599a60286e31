import postgres from 'postgres';
import { env } from '../env.ts';

export type Sql = postgres.Sql<Record<string, unknown>>;
export type Tx = postgres.TransactionSql<Record<string, unknown>>;
/** A plain connection or an open transaction: queries accept either. */
export type Db = Sql | Tx;

let sql: Sql | undefined;

/** Opens a postgres.js pool with the project's settings (snake_case columns become camelCase). */
export function connect(url: string, max = 10): Sql {
	return postgres(url, {
		max,
		connect_timeout: 5,
		idle_timeout: 30,
		onnotice: () => {},
		transform: postgres.camel,
		connection: { application_name: 'ketentafel' }
	});
}

/** The shared pool of this process. */
export function db(): Sql {
	return (sql ??= connect(env().DATABASE_URL, env().DATABASE_POOL_SIZE));
}

/** Closes the shared pool (graceful shutdown, tests). */
export async function closeDb(): Promise<void> {
	const current = sql;
	sql = undefined;
	await current?.end({ timeout: 5 });
}

/** Describes a database URL for messages without its password. */
export function describeDatabaseUrl(url: string): string {
	const parsed = new URL(url);
	return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
