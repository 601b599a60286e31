import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import {
	ensureDatabase,
	migrate,
	MigrationChangedError,
	pendingMigrations,
	readMigrations,
	type Migration
} from '../../src/lib/server/db/migrate.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';

const created: TestResources[] = [];
const pools: Sql[] = [];

/** A new, empty database (dropped in afterAll) and a pool on it. */
async function freshDatabase(max = 1): Promise<{ url: string; sql: Sql }> {
	const resources = await createTestResources('mig', false);
	created.push(resources);
	const sql = connect(resources.ownerUrl, max);
	pools.push(sql);
	return { url: resources.ownerUrl, sql };
}

function extra(version: number, sql: string): Migration {
	return { version, name: `it_extra_${version}`, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

afterAll(async () => {
	await Promise.all(pools.map((p) => p.end({ timeout: 1 })));
	for (const r of created) await dropTestResources(r);
});

describe('migrations', () => {
	it('applies every migration once, records it, and a second run applies nothing', async () => {
		const migrations = await readMigrations();
		expect(migrations.length).toBeGreaterThan(0);
		const { sql } = await freshDatabase();

		expect(await pendingMigrations(sql, migrations)).toEqual(migrations.map((m) => m.version));
		expect(await migrate(sql, migrations)).toEqual(migrations.map((m) => m.version));

		const rows = await sql<{ version: number; name: string; checksum: string }[]>`
			select version, name, checksum from schema_migrations order by version`;
		expect(rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
		const [table] = await sql`select to_regclass('audit_log') as name`;
		expect(table.name).toBe('audit_log');

		expect(await migrate(sql, migrations)).toEqual([]);
		expect(await pendingMigrations(sql, migrations)).toEqual([]);
	});

	it('lets two migrators race: both succeed and each version is applied exactly once', async () => {
		const migrations = [...(await readMigrations()), extra(900, 'create table it_race (id int primary key)')];
		const { url, sql: a } = await freshDatabase();
		const b = connect(url, 1);
		pools.push(b);

		const [fromA, fromB] = await Promise.all([migrate(a, migrations), migrate(b, migrations)]);
		expect([...fromA, ...fromB].sort((x, y) => x - y)).toEqual(migrations.map((m) => m.version));
		// one of them did all the work, the other found it done
		expect([fromA.length, fromB.length].sort()).toEqual([0, migrations.length]);

		const counts = await a<{ version: number; n: number }[]>`
			select version, count(*)::int as n from schema_migrations group by version order by version`;
		expect(counts).toEqual(migrations.map((m) => ({ version: m.version, n: 1 })));
	});

	it('rolls back the whole run when one migration fails', async () => {
		const migrations = [...(await readMigrations()), extra(901, 'create table it_broken (id int); select 1/0')];
		const { sql } = await freshDatabase();
		await expect(migrate(sql, migrations)).rejects.toThrow(/division by zero/);
		expect(await pendingMigrations(sql, migrations)).toEqual(migrations.map((m) => m.version));
		const [table] = await sql`select to_regclass('organisations') as name`;
		expect(table.name).toBeNull();
	});

	it('refuses an applied migration that was edited, and lists what is pending', async () => {
		const migrations = await readMigrations();
		const { sql } = await freshDatabase();
		await migrate(sql, migrations);

		const first = migrations[0];
		const editedSql = `${first.sql}\n-- edited afterwards\n`;
		const edited: Migration = { ...first, sql: editedSql, checksum: createHash('sha256').update(editedSql).digest('hex') };
		const later = extra(902, 'create table it_later (id int)');

		const attempt = migrate(sql, [edited, ...migrations.slice(1), later]);
		await expect(attempt).rejects.toBeInstanceOf(MigrationChangedError);
		await expect(attempt).rejects.toThrow(`${String(first.version).padStart(3, '0')}_${first.name} was changed`);
		// nothing was applied by the refused run
		expect(await pendingMigrations(sql, [...migrations, later])).toEqual([902]);
		const [table] = await sql`select to_regclass('it_later') as name`;
		expect(table.name).toBeNull();
		const [row] = await sql<{ checksum: string }[]>`select checksum from schema_migrations where version = ${first.version}`;
		expect(row.checksum).toBe(first.checksum);

		expect(await migrate(sql, [...migrations, later])).toEqual([902]);
		expect(await pendingMigrations(sql, [...migrations, later])).toEqual([]);
	});

	it('reads migration files in version order, also past 999', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'kt-migrations-'));
		try {
			await writeFile(join(dir, '002_second.sql'), 'select 2');
			await writeFile(join(dir, '999_late.sql'), 'select 999');
			await writeFile(join(dir, '1000_later.sql'), 'select 1000');
			const versions = (await readMigrations(dir)).map((m) => m.version);
			expect(versions).toEqual([2, 999, 1000]);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	it('creates a new database when ensureDatabase races itself', async () => {
		for (let round = 0; round < 3; round++) {
			const resources = await createTestResources('mig', false); // creates it; drop it to get a free, known name
			await dropTestResources(resources);
			created.push(resources);
			const results = await Promise.all([1, 2, 3].map(() => ensureDatabase(resources.ownerUrl)));
			expect(results.filter(Boolean)).toHaveLength(1);
			const probe = connect(resources.ownerUrl, 1);
			try {
				const [row] = await probe`select current_database() as name`;
				expect(row.name).toBe(new URL(resources.ownerUrl).pathname.slice(1));
			} finally {
				await probe.end({ timeout: 1 });
			}
			expect(await ensureDatabase(resources.ownerUrl)).toBe(false);
		}
	});
});
