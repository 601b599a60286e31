import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/client.ts';
import { audit, type AuditActor } from '../../src/lib/server/audit/log.ts';
import { sealAuditLog } from '../../src/lib/server/audit/seal.ts';
import { auditIntegrityStatus, verifyAuditLog } from '../../src/lib/server/audit/verify.ts';
import { APP_ROLE } from '../../src/lib/server/db/roles.ts';
import { auditProcessor, UnknownAuditJobError } from '../../workers/audit.ts';
import type { Job } from 'bullmq';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';

// Each scenario gets a database of its own: tampering breaks the log for good.
const created: TestResources[] = [];
const pools: Sql[] = [];

async function freshLog(): Promise<{ app: Sql; owner: Sql }> {
	const resources = await createTestResources('audit');
	created.push(resources);
	const app = connect(resources.databaseUrl, 3);
	const owner = connect(resources.ownerUrl, 1);
	pools.push(app, owner);
	return { app, owner };
}

const system: AuditActor = { userId: null, organisationId: null, roles: [], ip: null, userAgent: null };

async function writeRows(sql: Sql, n: number, from = 0): Promise<void> {
	for (let i = from; i < from + n; i++) await audit(sql, system, 'case.viewed', { type: 'case', id: `case-${i}` }, { shown: i });
}

afterAll(async () => {
	await Promise.all(pools.map((p) => p.end({ timeout: 1 })));
	for (const r of created) await dropTestResources(r);
});

describe('the application role', () => {
	let app: Sql;
	beforeAll(async () => {
		({ app } = await freshLog());
		await writeRows(app, 3);
	});

	it('is who the portal connects as: no superuser, owns nothing', async () => {
		const [me] = await app<{ user: string; superuser: boolean; owned: number }[]>`
			select current_user as user, rolsuper as superuser,
			       (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
			        where n.nspname = 'public' and c.relowner = r.oid)
			     + (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			        where n.nspname = 'public' and p.proowner = r.oid) as owned
			from pg_roles r where rolname = current_user`;
		expect(me).toEqual({ user: APP_ROLE, superuser: false, owned: 0 });
	});

	it('may read and append to the audit log', async () => {
		await audit(app, system, 'case.viewed', { type: 'case', id: 'appended' });
		const [row] = await app<{ n: number }[]>`select count(*)::int as n from audit_log where record_id = 'appended'`;
		expect(row.n).toBe(1);
	});

	it.each([
		['UPDATE', `update audit_log set action = 'case.created'`],
		['DELETE', `delete from audit_log`],
		['TRUNCATE', `truncate audit_log`],
		['DISABLE TRIGGER', `alter table audit_log disable trigger audit_log_no_update_delete`],
		['DISABLE TRIGGER ALL', `alter table audit_log disable trigger all`],
		['DROP TRIGGER', `drop trigger audit_log_stamp on audit_log`],
		['DROP TABLE', `drop table audit_log`],
		['SET session_replication_role', `set session_replication_role = replica`],
		['UPDATE a seal', `update audit_seals set row_count = 0`],
		['DELETE a verification', `delete from audit_verifications`],
		[
			'replacing the digest function',
			`create or replace function audit_row_digest(r audit_log) returns bytea language sql as $$ select ''::bytea $$`
		]
	])('cannot %s', async (_what, statement) => {
		const error = await app.unsafe(statement).then(
			() => null,
			(e: { code?: string; message: string }) => e
		);
		expect(error, statement).not.toBeNull();
		// refused for want of privilege, not by the append-only trigger a superuser could switch off
		expect(error?.code, `${statement}: ${error?.message}`).toBe('42501');
		expect(error?.message).toMatch(/^(permission denied|must be owner)/);
		const [row] = await app<{ n: number }[]>`select count(*)::int as n from audit_log`;
		expect(row.n).toBeGreaterThanOrEqual(3);
	});
});

describe('sealing', () => {
	it('chains the rows in batches and verifies them as intact', async () => {
		const { app } = await freshLog();
		await writeRows(app, 25);
		const run = await sealAuditLog(app, { graceSeconds: 0, batchRows: 10 });
		expect(run).toEqual({ seals: 3, rows: 25, waited: null });
		const seals = await app<
			{ firstId: string; lastId: string; rowCount: number }[]
		>`select first_id::text, last_id::text, row_count from audit_seals order by first_id`;
		expect(seals.map((s) => s.rowCount)).toEqual([10, 10, 5]);
		expect(seals.map((s, i) => (i ? BigInt(s.firstId) - BigInt(seals[i - 1].lastId) : BigInt(s.firstId)))).toEqual([1n, 1n, 1n]);
		expect(await sealAuditLog(app, { graceSeconds: 0 })).toEqual({ seals: 0, rows: 0, waited: null });

		await writeRows(app, 2, 100);
		const result = await verifyAuditLog(app, 'cli');
		expect(result).toMatchObject({ intact: true, rowsChecked: 27, sealsChecked: 3, unsealedRows: 2, problem: null });
		const status = await auditIntegrityStatus(app);
		expect(status.lastVerification).toMatchObject({ intact: true, rowsChecked: 27, sealsChecked: 3, unsealedRows: 2, via: 'cli' });
		expect(status.sealedThrough).toBe(Number(seals[2].lastId));
	});

	it('leaves rows younger than the grace period for a later run', async () => {
		const { app } = await freshLog();
		await writeRows(app, 4);
		expect(await sealAuditLog(app, { graceSeconds: 3600 })).toEqual({ seals: 0, rows: 0, waited: null });
	});

	it('waits while a transaction is open that may still commit a lower id, and seals it afterwards', async () => {
		const { app } = await freshLog();
		await writeRows(app, 2);
		const slow = await app.reserve();
		try {
			await slow`begin`;
			await audit(slow, system, 'case.viewed', { type: 'case', id: 'late' }); // a lower id, not committed yet
			await writeRows(app, 2, 10); // higher ids, committed at once
			expect(await sealAuditLog(app, { graceSeconds: 0 })).toEqual({ seals: 0, rows: 0, waited: 'long_transaction' });
			await slow`commit`;
		} finally {
			slow.release();
		}
		expect(await sealAuditLog(app, { graceSeconds: 0 })).toMatchObject({ rows: 5, waited: null });
		expect(await verifyAuditLog(app, 'cli')).toMatchObject({ intact: true, unsealedRows: 0 });
	});

	it('refuses a seal that does not continue the chain', async () => {
		const { app } = await freshLog();
		await writeRows(app, 3);
		const error =
			await app`insert into audit_seals (first_id, last_id, row_count, rows_hash, previous_hash, seal_hash) values (2, 3, 0, '', '', '')`.catch(
				(e: { code: string }) => e
			);
		expect(error).toMatchObject({ code: '23514' });
	});

	it('runs as the worker job and refuses unknown jobs', async () => {
		const { app } = await freshLog();
		await writeRows(app, 3);
		const processor = auditProcessor({ sql: app });
		await expect(processor({ name: 'verify' } as Job)).resolves.toEqual({ intact: true, rows: 3 });
		await expect(processor({ name: 'shred' } as Job)).rejects.toBeInstanceOf(UnknownAuditJobError);
	});
});

describe('audit:verify finds what the owner role changed', () => {
	async function sealedLog(): Promise<{ app: Sql; owner: Sql; ids: string[] }> {
		const { app, owner } = await freshLog();
		await writeRows(app, 12);
		await sealAuditLog(app, { graceSeconds: 0, batchRows: 5 });
		const ids = (await app<{ id: string }[]>`select a.id::text from audit_log a order by a.id`).map((r) => r.id);
		return { app, owner, ids };
	}
	/** As the owner (or a superuser) would: with the append-only trigger out of the way. */
	async function tamper(owner: Sql, statement: string): Promise<void> {
		await owner.begin(async (tx) => {
			await tx.unsafe('alter table audit_log disable trigger audit_log_no_update_delete');
			await tx.unsafe(statement);
			await tx.unsafe('alter table audit_log enable trigger audit_log_no_update_delete');
		});
	}

	it('a changed row', async () => {
		const { app, owner, ids } = await sealedLog();
		expect((await verifyAuditLog(app, 'cli')).intact).toBe(true);
		await tamper(owner, `update audit_log set record_id = 'case-anders' where id = ${ids[6]}`);
		const result = await verifyAuditLog(app, 'cli');
		expect(result.intact).toBe(false);
		expect(result.problem).toBe(`Rij ${ids[6]} is gewijzigd: de inhoud past niet meer bij de vingerafdruk.`);
		expect((await auditIntegrityStatus(app)).lastVerification).toMatchObject({ intact: false, problem: result.problem });
	});

	it('a changed row with a recomputed digest', async () => {
		const { app, owner, ids } = await sealedLog();
		await tamper(owner, `update audit_log set details = '{"shown": 99}' where id = ${ids[6]}`);
		await tamper(owner, `update audit_log a set row_hash = audit_row_digest(a) where id = ${ids[6]}`);
		const result = await verifyAuditLog(app, 'cli');
		expect(result.intact).toBe(false);
		expect(result.problem).toMatch(new RegExp(`^Zegel \\d+ \\(rijen ${ids[5]}–${ids[9]}\\): de rijen passen niet bij het zegel`));
	});

	it('a deleted row', async () => {
		const { app, owner, ids } = await sealedLog();
		await tamper(owner, `delete from audit_log where id = ${ids[2]}`);
		const result = await verifyAuditLog(app, 'cli');
		expect(result.problem).toMatch(new RegExp(`^Zegel \\d+ \\(rijen ${ids[0]}–${ids[4]}\\): 4 rijen waar er 5 verzegeld zijn`));
	});

	it('a rewritten seal', async () => {
		const { app, owner } = await sealedLog();
		await owner.begin(async (tx) => {
			await tx.unsafe('alter table audit_seals disable trigger audit_seals_append_only');
			await tx.unsafe(`update audit_seals set row_count = row_count - 1 where id = (select max(id) from audit_seals)`);
			await tx.unsafe('alter table audit_seals enable trigger audit_seals_append_only');
		});
		expect((await verifyAuditLog(app, 'cli')).problem).toMatch(/^Zegel \d+ \(rijen \d+–\d+\) is zelf gewijzigd\.$/);
	});
});
