import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { audit } from '../../src/lib/server/audit/log.ts';
import { randomUUID } from 'node:crypto';

afterAll(closeDb);

describe('audit log', () => {
	it('is append-only in the database itself', async () => {
		const userAgent = `append-only-${randomUUID()}`;
		await audit(db(), { userId: null, organisationId: null, roles: [], ip: '127.0.0.1', userAgent }, 'auth.sign_in_failed', null, { reason: 'unknown_account' });
		const [row] = await db()<{ id: string }[]>`select id from audit_log where user_agent = ${userAgent}`;
		await expect(db()`update audit_log set action = 'x' where id = ${row.id}`).rejects.toThrow(/append-only/);
		await expect(db()`delete from audit_log where id = ${row.id}`).rejects.toThrow(/append-only/);
		await expect(db()`truncate audit_log`).rejects.toThrow(/append-only/);
		const [still] = await db()<{ action: string }[]>`select action from audit_log where id = ${row.id}`;
		expect(still.action).toBe('auth.sign_in_failed');
	});
});
