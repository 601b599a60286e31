import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { env } from '../../src/lib/server/env.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { sessionCookieName } from '../../src/lib/server/auth/cookie.ts';
import { bullPrefix } from '../../src/lib/server/queues.ts';
import { createRedis } from '../../src/lib/server/redis.ts';
import { queueBoard } from '../../src/lib/server/queue-board.ts';
import type { OrganisationKind, Role } from '../../src/lib/server/auth/roles.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';
import { waitFor } from '../support/it-helpers.ts';

const TTL = 8 * 3600_000;
// a queue of this test only, under the run's Redis prefix (REDIS_PREFIX from integration-env.ts)
const QUEUE = `qb-test-${randomBytes(4).toString('hex')}`;

let connection: Redis;
let testQueue: Queue;
let server: Server;
let base: string;
let failedJobId: string;

async function signedIn(role: Role, { totp = false, verified = false, kind = 'vt' as OrganisationKind } = {}) {
	const org = await createOrganisation(db(), kind);
	const user = await createUser(db(), [{ organisationId: org.id, role }]);
	if (totp) await db()`update users set totp_enabled_at = now() where id = ${user.id}`;
	const { token } = await createSession(
		db(),
		{ userId: user.id, twoFactorVerified: verified, ip: null, userAgent: 'vitest' },
		TTL,
		systemClock
	);
	return { user, org, cookie: `${sessionCookieName()}=${token}` };
}

function get(path: string, cookie?: string) {
	return fetch(base + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

function put(path: string, cookie: string, origin: string | null = env().ORIGIN) {
	return fetch(base + path, { method: 'PUT', redirect: 'manual', headers: { cookie, ...(origin ? { origin } : {}) } });
}

async function auditRows(userId: string, action: string) {
	return db()<{ details: Record<string, unknown>; actorOrgId: string | null; actorRoles: string[] }[]>`
		select details, actor_org_id, actor_roles::text[] as actor_roles from audit_log where actor_user_id = ${userId} and action = ${action} order by id`;
}

beforeAll(async () => {
	connection = createRedis();
	testQueue = new Queue(QUEUE, { connection, prefix: bullPrefix() });
	const job = await testQueue.add('kapotte-taak', { n: 1 }, { attempts: 1 });
	failedJobId = job.id!;
	const worker = new Worker(
		QUEUE,
		async () => {
			throw new Error('opzettelijk mislukt');
		},
		{ connection: createRedis(), prefix: bullPrefix() }
	);
	await waitFor(async () => (await testQueue.getJobCounts('failed')).failed === 1, 'the job to fail');
	await worker.close();

	const board = queueBoard({ queues: [testQueue] });
	server = createServer((req, res) => board(req, res, () => res.end('fallback')));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server?.close(resolve));
	await testQueue?.obliterate({ force: true }).catch(() => undefined);
	await testQueue?.close();
	await connection?.quit();
	await closeDb();
});

describe('queue board at /beheer/wachtrijen', () => {
	it('leaves other paths to the next handler', async () => {
		const response = await get('/beheer/wachtrijenx');
		expect(await response.text()).toBe('fallback');
	});

	it('sends a visitor without a session to sign-in, and refuses the API', async () => {
		const response = await get('/beheer/wachtrijen');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/inloggen?terug=%2Fbeheer%2Fwachtrijen');
		expect((await get('/beheer/wachtrijen/api/queues')).status).toBe(401);
		expect((await get('/beheer/wachtrijen', `${sessionCookieName()}=${'a'.repeat(32)}`)).status).toBe(303);
	});

	it('sends a beheerder who still owes the second factor to that page', async () => {
		const { cookie } = await signedIn('beheerder', { totp: true, verified: false });
		const response = await get('/beheer/wachtrijen', cookie);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/inloggen/tweestapsverificatie');
	});

	it('refuses beheerders of every other organisation with one and the same 403, whatever they ask, audited', async () => {
		const { cookie: vtCookie } = await signedIn('beheerder', { totp: true, verified: true });
		const page = await (await get('/beheer/wachtrijen', vtCookie)).text();
		const script = /src="(static\/js\/main[^"]+)"/.exec(page)![1];
		const asks: [string, (cookie: string) => Promise<Response>][] = [
			['/beheer/wachtrijen', (c) => get('/beheer/wachtrijen', c)],
			['/beheer/wachtrijen/queue/x', (c) => get(`/beheer/wachtrijen/queue/${QUEUE}`, c)],
			['/beheer/wachtrijen/api/queues', (c) => get(`/beheer/wachtrijen/api/queues?activeQueue=${QUEUE}&status=failed`, c)],
			['/beheer/wachtrijen/api/queues/x/job', (c) => get(`/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}`, c)],
			['/beheer/wachtrijen/api/queues/x/nope', (c) => get(`/beheer/wachtrijen/api/queues/${QUEUE}/bestaat-niet`, c)],
			['/beheer/wachtrijen/static', (c) => get(`/beheer/wachtrijen/${script}`, c)],
			['PUT retry', (c) => put(`/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}/retry`, c)],
			['PUT empty', (c) => put(`/beheer/wachtrijen/api/queues/${QUEUE}/empty`, c)]
		];
		for (const kind of ['gemeente', 'consortium', 'cjg', 'stuurgroep'] as const) {
			const { user, org, cookie } = await signedIn('beheerder', { totp: true, verified: true, kind });
			const answers = new Set<string>();
			for (const [what, ask] of asks) {
				const response = await ask(cookie);
				expect(response.status, `${kind}: ${what}`).toBe(403);
				answers.add(`${response.headers.get('content-type')} ${await response.text()}`);
			}
			expect([...answers], kind).toHaveLength(1);
			expect([...answers][0]).toContain('Alleen beheerders van Veilig Thuis');
			const refused = await auditRows(user.id, 'access.refused');
			expect(refused).toHaveLength(asks.length);
			expect(refused[0]).toEqual({
				actorOrgId: org.id,
				actorRoles: ['beheerder'],
				details: { via: 'wachtrijen', reason: 'role', path: '/beheer/wachtrijen/' }
			});
			expect(refused.map((r) => r.details.path)).toContain(`/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}`);
			expect(await auditRows(user.id, 'queues.viewed')).toEqual([]);
		}
		expect(await testQueue.getJobState(failedJobId)).toBe('failed');
	});

	it('refuses a medewerker with a Dutch 403 page', async () => {
		const { cookie } = await signedIn('medewerker');
		const response = await get('/beheer/wachtrijen', cookie);
		expect(response.status).toBe(403);
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(await response.text()).toContain('Alleen beheerders');
		expect((await get('/beheer/wachtrijen/api/queues', cookie)).status).toBe(403);
	});

	it('shows a beheerder the board with its own security headers, audited', async () => {
		const { user, cookie } = await signedIn('beheerder', { totp: true, verified: true });
		const response = await get('/beheer/wachtrijen', cookie);
		expect(response.status).toBe(200);
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('referrer-policy')).toBe('same-origin');
		expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(response.headers.get('x-powered-by')).toBeNull();
		const html = await response.text();
		expect(html).toContain('<base href="/beheer/wachtrijen/"');
		const script = /src="(static\/js\/main[^"]+)"/.exec(html)?.[1];
		expect(script).toBeTruthy();
		expect((await get(`/beheer/wachtrijen/${script}`, cookie)).status).toBe(200);
		// the page is audited, its script is not
		expect(await auditRows(user.id, 'queues.viewed')).toEqual([expect.objectContaining({ details: { path: '/beheer/wachtrijen/' } })]);
	});

	it('lists the queues with counts and retries a failed job through the API, audited', async () => {
		const { user, cookie } = await signedIn('beheerder', { totp: true, verified: true });
		const list = await get(`/beheer/wachtrijen/api/queues?activeQueue=${QUEUE}&status=failed`, cookie);
		expect(list.status).toBe(200);
		const body = (await list.json()) as {
			queues: { name: string; counts: Record<string, number>; jobs: { id: string; failedReason?: string }[] }[];
		};
		const mine = body.queues.find((q) => q.name === QUEUE);
		expect(mine?.counts.failed).toBe(1);
		expect(mine?.jobs.map((j) => [j.id, j.failedReason])).toEqual([[failedJobId, 'opzettelijk mislukt']]);
		expect((await get(`/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}`, cookie)).status).toBe(200);
		// every read of the board's JSON API is audited: which queue, status and page, or which job
		expect((await auditRows(user.id, 'queues.viewed')).map((r) => r.details)).toEqual([
			{ path: '/beheer/wachtrijen/api/queues', queue: QUEUE, status: 'failed' },
			{ path: `/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}`, queue: QUEUE, jobId: failedJobId }
		]);

		// only retries may change anything, and only from Ketentafel's own origin
		expect((await put(`/beheer/wachtrijen/api/queues/${QUEUE}/empty`, cookie)).status).toBe(403);
		expect((await put(`/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}/retry`, cookie, null)).status).toBe(403);
		expect((await put(`/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}/retry`, cookie, 'https://elders.example')).status).toBe(403);
		expect(await testQueue.getJobState(failedJobId)).toBe('failed');

		const retry = await put(`/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}/retry`, cookie);
		expect(retry.status).toBe(204);
		expect(await testQueue.getJobState(failedJobId)).toBe('waiting');
		const rows = await waitFor(async () => {
			const found = await auditRows(user.id, 'queues.job_retried');
			return found.length > 0 && found;
		}, 'the retry audit row');
		expect(rows).toEqual([expect.objectContaining({ details: { queue: QUEUE, jobId: failedJobId } })]);

		// retrying a job that is no longer failed is refused by the board and not audited
		expect((await put(`/beheer/wachtrijen/api/queues/${QUEUE}/${failedJobId}/retry`, cookie)).status).toBe(400);
		await new Promise((r) => setTimeout(r, 100));
		expect(await auditRows(user.id, 'queues.job_retried')).toHaveLength(1);
	});
});
