import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { bullPrefix } from '../../src/lib/server/queues.ts';
import { createRedis } from '../../src/lib/server/redis.ts';
import { ConflictError, ForbiddenError } from '../../src/lib/server/errors.ts';
import { maskReason, queueOverview, retryFailedJob, type QueueAdminDeps } from '../../src/lib/server/status/queue-admin.ts';
import type { Actor } from '../../src/lib/server/actor.ts';
import type { OrganisationKind, Role } from '../../src/lib/server/auth/roles.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';
import { waitFor } from '../support/it-helpers.ts';

// a queue of this test only, under the run's Redis prefix (REDIS_PREFIX from integration-env.ts)
const QUEUE = `qb-test-${randomBytes(4).toString('hex')}`;

let connection: Redis;
let testQueue: Queue;
let deps: QueueAdminDeps;
let failedJobId: string;

async function actorOf(kind: OrganisationKind, role: Role): Promise<Actor> {
	const org = await createOrganisation(db(), kind);
	const user = await createUser(db(), [{ organisationId: org.id, role }]);
	return {
		userId: user.id,
		tokenId: null,
		name: 'Test',
		organisationId: org.id,
		organisationName: org.name,
		organisationKind: kind,
		roles: [role],
		ip: null,
		userAgent: 'vitest'
	};
}

async function auditRows(userId: string | null, action: string) {
	return db()<{ details: Record<string, unknown> }[]>`
		select details from audit_log where actor_user_id = ${userId} and action = ${action} order by id`;
}

beforeAll(async () => {
	connection = createRedis();
	testQueue = new Queue(QUEUE, { connection, prefix: bullPrefix() });
	deps = { sql: db(), queues: [testQueue] };
	// a payload with a person's details must never reach the view: only the job's name and id
	const job = await testQueue.add('kapotte-taak', { geheim: 'Jansen' }, { attempts: 2, backoff: { type: 'fixed', delay: 1 } });
	failedJobId = job.id!;
	const worker = new Worker(
		QUEUE,
		async () => {
			throw new Error('opzettelijk mislukt voor iemand@example.org');
		},
		{ connection: createRedis(), prefix: bullPrefix() }
	);
	try {
		await waitFor(async () => (await testQueue.getJobCounts('failed')).failed === 1, 'the job to fail');
	} finally {
		await worker.close();
	}
});

afterAll(async () => {
	await testQueue?.obliterate({ force: true }).catch(() => undefined);
	await testQueue?.close();
	await connection?.quit();
	await closeDb();
});

describe('queue status view (/beheer/wachtrijen)', () => {
	it('refuses everyone but beheerders of Veilig Thuis, and changes nothing', async () => {
		const others: [OrganisationKind, Role][] = [
			['gemeente', 'beheerder'],
			['consortium', 'beheerder'],
			['cjg', 'beheerder'],
			['stuurgroep', 'beheerder'],
			['vt', 'medewerker'],
			['vt', 'coordinator']
		];
		for (const [kind, role] of others) {
			const actor = await actorOf(kind, role);
			await expect(queueOverview(deps, actor), `${kind} ${role}`).rejects.toBeInstanceOf(ForbiddenError);
			await expect(retryFailedJob(deps, actor, QUEUE, failedJobId), `${kind} ${role}`).rejects.toThrow(
				'Alleen beheerders van Veilig Thuis'
			);
			expect(await auditRows(actor.userId, 'queues.viewed')).toEqual([]);
			expect(await auditRows(actor.userId, 'queues.job_retried')).toEqual([]);
		}
		// a VT token (a system, not a person) is no beheerder either
		const vt = await actorOf('vt', 'beheerder');
		await expect(queueOverview(deps, { ...vt, tokenId: vt.userId, userId: null })).rejects.toBeInstanceOf(ForbiddenError);
		expect(await testQueue.getJobState(failedJobId)).toBe('failed');
	});

	it("shows a VT beheerder the counts and the failed job's name, id, time, attempts and reason — not its data — audited", async () => {
		const actor = await actorOf('vt', 'beheerder');
		const overview = await queueOverview(deps, actor);
		expect(overview).toHaveLength(1);
		const [mine] = overview;
		expect(mine.name).toBe(QUEUE);
		expect(mine.counts).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1, completed: 0 });
		expect(mine.failed).toEqual([
			{
				id: failedJobId,
				name: 'kapotte-taak',
				failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				attemptsMade: 2,
				reason: 'opzettelijk mislukt voor [e-mailadres]'
			}
		]);
		expect(JSON.stringify(overview)).not.toContain('Jansen');
		expect((await auditRows(actor.userId, 'queues.viewed')).map((r) => r.details)).toEqual([{ path: '/beheer/wachtrijen' }]);
	});

	it('retries a failed job, audited; a job no longer failed is refused and not audited', async () => {
		const actor = await actorOf('vt', 'beheerder');
		await expect(retryFailedJob(deps, actor, 'geen-wachtrij', failedJobId)).rejects.toBeInstanceOf(ConflictError);
		await expect(retryFailedJob(deps, actor, QUEUE, 'bestaat-niet')).rejects.toBeInstanceOf(ConflictError);
		expect(await auditRows(actor.userId, 'queues.job_retried')).toEqual([]);

		await retryFailedJob(deps, actor, QUEUE, failedJobId);
		expect(await testQueue.getJobState(failedJobId)).toBe('waiting');
		expect((await auditRows(actor.userId, 'queues.job_retried')).map((r) => r.details)).toEqual([{ queue: QUEUE, jobId: failedJobId }]);

		await expect(retryFailedJob(deps, actor, QUEUE, failedJobId)).rejects.toThrow('niet (meer) mislukt');
		expect(await auditRows(actor.userId, 'queues.job_retried')).toHaveLength(1);
		expect(await testQueue.getJobState(failedJobId)).toBe('waiting');
	});

	it('masks e-mail addresses in failure reasons and keeps them short', () => {
		expect(maskReason('550 rejected: <a.b-c@gemeente.nl> unknown')).toBe('550 rejected: <[e-mailadres]> unknown');
		expect(maskReason(undefined)).toBe('');
		expect(maskReason('x'.repeat(400))).toHaveLength(300);
	});
});
