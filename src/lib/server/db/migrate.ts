import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { connect, type Sql } from './client.ts';
import { becomeOwner, ensureRoles, grantApplication } from './roles.ts';

const LOCK_ID = 741_852_963; // pg_advisory_lock key for migrations
const FILE_PATTERN = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

export interface Migration {
	version: number;
	name: string;
	sql: string;
	checksum: string;
}

/** Names a migration file whose applied version differs from the file on disk. */
export class MigrationChangedError extends Error {
	override name = 'MigrationChangedError';
}

/** Reads the numbered migration files in order. */
export async function readMigrations(dir = resolve('migrations')): Promise<Migration[]> {
	const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
	const migrations: Migration[] = [];
	for (const file of files) {
		const match = FILE_PATTERN.exec(file);
		if (!match) throw new Error(`migration file "${file}" must be named like 001_name.sql`);
		const sql = await readFile(join(dir, file), 'utf8');
		migrations.push({
			version: Number(match[1]),
			name: match[2],
			sql,
			checksum: createHash('sha256').update(sql).digest('hex')
		});
	}
	migrations.sort((a, b) => a.version - b.version);
	migrations.forEach((m, i) => {
		if (i > 0 && migrations[i - 1].version === m.version) {
			throw new Error(`two migration files share version ${m.version}: ${migrations[i - 1].name} and ${m.name}`);
		}
	});
	return migrations;
}

/** Creates the database named in the URL when it does not exist yet (safe to race). */
export async function ensureDatabase(url: string): Promise<boolean> {
	const target = new URL(url);
	const name = decodeURIComponent(target.pathname.slice(1));
	const admin = new URL(url);
	admin.pathname = '/postgres';
	const sql = connect(admin.toString(), 1);
	try {
		const [row] = await sql`select 1 as found from pg_database where datname = ${name}`;
		if (row) return false;
		try {
			await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
			return true;
		} catch (error) {
			const code = (error as { code?: string }).code;
			if (code === '42P04' || code === '23505') return false; // created by a racing process
			throw error;
		}
	} finally {
		await sql.end({ timeout: 1 });
	}
}

/**
 * Applies the pending migrations in order, in one transaction under an advisory lock so
 * that concurrent migrators wait for each other. Refuses to run when an applied file was edited.
 * Runs as the owner role and ends by granting the application role its privileges (roles.ts).
 */
export async function migrate(sql: Sql, migrations: Migration[]): Promise<number[]> {
	const applied: number[] = [];
	await ensureRoles(sql);
	await sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(${LOCK_ID})`;
		await becomeOwner(tx);
		await tx`
			create table if not exists schema_migrations (
				version    integer primary key,
				name       text not null,
				checksum   text not null,
				applied_at timestamptz not null default now()
			)`;
		const done = new Map(
			(await tx<{ version: number; checksum: string }[]>`select version, checksum from schema_migrations`).map((r) => [
				r.version,
				r.checksum
			])
		);
		for (const migration of migrations) {
			const previous = done.get(migration.version);
			if (previous !== undefined) {
				if (previous !== migration.checksum) {
					throw new MigrationChangedError(
						`migration ${String(migration.version).padStart(3, '0')}_${migration.name} was changed after it was applied; add a new migration instead`
					);
				}
				continue;
			}
			await tx.savepoint(async (sp) => {
				await sp.unsafe(migration.sql);
				await sp`insert into schema_migrations (version, name, checksum) values (${migration.version}, ${migration.name}, ${migration.checksum})`;
			});
			applied.push(migration.version);
		}
		await grantApplication(tx);
	});
	return applied;
}

/** Versions on disk that the database has not applied yet (none when up to date). */
export async function pendingMigrations(sql: Sql, migrations: Migration[]): Promise<number[]> {
	const [table] = await sql`select to_regclass('schema_migrations') as name`;
	if (!table?.name) return migrations.map((m) => m.version);
	const done = new Set((await sql<{ version: number }[]>`select version from schema_migrations`).map((r) => r.version));
	return migrations.filter((m) => !done.has(m.version)).map((m) => m.version);
}
