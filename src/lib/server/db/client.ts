import postgres from 'postgres';
import { env } from '../env.ts';

export type Sql = postgres.Sql<Record<string, unknown>>;
export type Tx = postgres.TransactionSql<Record<string, unknown>>;
/** A plain connection or an open transaction: queries accept either. */
export type Db = Sql | Tx;

let sql: Sql | undefined;

/**
 * Limits PostgreSQL enforces on a pool's sessions, so that no statement runs on and no transaction
 * stays open (holding its row locks) after the request or job that started it is gone.
 */
export interface SessionLimits {
	statementTimeoutMs: number;
	idleInTransactionTimeoutMs: number;
}

/**
 * Opens a postgres.js pool with the project's settings (snake_case columns become camelCase).
 * Without limits (migrations, the seed, scripts) statements may run as long as they need.
 */
export function connect(url: string, max = 10, limits?: SessionLimits): Sql {
	return postgres(url, {
		max,
		connect_timeout: 5,
		idle_timeout: 30,
		onnotice: () => {},
		transform: postgres.camel,
		connection: {
			application_name: 'ketentafel',
			...(limits && {
				statement_timeout: limits.statementTimeoutMs,
				idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs
			})
		}
	});
}

let statementTimeoutSeconds: number | undefined;

/** Workers call this before their first query: their rollups may run longer than a page request. */
export function useStatementTimeout(seconds: number): void {
	statementTimeoutSeconds = seconds;
}

/** The shared pool of this process, with the statement and idle-in-transaction timeouts of the configuration. */
export function db(): Sql {
	const config = env();
	return (sql ??= connect(config.DATABASE_URL, config.DATABASE_POOL_SIZE, {
		statementTimeoutMs: (statementTimeoutSeconds ?? config.DATABASE_STATEMENT_TIMEOUT_SECONDS) * 1000,
		idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_SECONDS * 1000
	}));
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
