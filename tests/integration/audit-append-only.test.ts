import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, connect, db } from '../../src/lib/server/db/client.ts';
import { env } from '../../src/lib/server/env.ts';
import { audit } from '../../src/lib/server/audit/log.ts';
import { randomUUID } from 'node:crypto';

// the migrator's connection (the postgres superuser here): the owner of audit_log, or more
const owner = connect(env().MIGRATION_DATABASE_URL, 1);
afterAll(async () => {
	await owner.end({ timeout: 1 });
	await closeDb();
});

describe('audit log', () => {
	it('is append-only in the database itself, for its owner too', async () => {
		const userAgent = `append-only-${randomUUID()}`;
		await audit(db(), { userId: null, organisationId: null, roles: [], ip: '127.0.0.1', userAgent }, 'auth.sign_in_failed', null, {
			reason: 'unknown_account'
		});
		const [row] = await db()<{ id: string }[]>`select id from audit_log where user_agent = ${userAgent}`;
		await expect(db()`update audit_log set action = 'x' where id = ${row.id}`).rejects.toThrow(/permission denied/);
		await expect(owner`update audit_log set action = 'x' where id = ${row.id}`).rejects.toThrow(/append-only/);
		await expect(owner`delete from audit_log where id = ${row.id}`).rejects.toThrow(/append-only/);
		await expect(owner`truncate audit_log`).rejects.toThrow(/append-only/);
		const [still] = await db()<{ action: string }[]>`select action from audit_log where id = ${row.id}`;
		expect(still.action).toBe('auth.sign_in_failed');
	});
});
