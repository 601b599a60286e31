import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, connect, db } from '../../src/lib/server/db/client.ts';
import { env } from '../../src/lib/server/env.ts';
import { withRequestTimeout } from '../../src/lib/server/request-timeout.ts';
import { setEnv, waitFor } from '../support/it-helpers.ts';

afterAll(async () => {
	await closeDb();
});

describe('a transaction never outlives its request', () => {
	it('gives the application’s connections a statement and an idle-in-transaction timeout', async () => {
		const [row] = await db()<{ statement: string; idle: string }[]>`
			select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle`;
		expect(row).toEqual({ statement: '20s', idle: '10s' });
	});

	it('ends a transaction left idle, releasing its row locks, and a statement that runs too long', async () => {
		await closeDb();
		const restore = setEnv({ DATABASE_IDLE_IN_TRANSACTION_SECONDS: '1', DATABASE_STATEMENT_TIMEOUT_SECONDS: '1' });
		try {
			await expect(db()`select pg_sleep(3)`).rejects.toThrow(/statement timeout/);
			const started = Date.now();
			const outcome = await db()
				.begin(async (tx) => {
					const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
					// a request that went away mid-transaction: wait until PostgreSQL has ended this session
					const watcher = connect(env().DATABASE_URL, 1);
					try {
						await waitFor(
							async () => (await watcher`select 1 from pg_stat_activity where pid = ${pid}`).length === 0,
							'the idle transaction to be ended',
							9000
						);
					} finally {
						await watcher.end({ timeout: 1 });
					}
					await tx`select 1`;
				})
				.then(
					() => 'committed',
					(error: Error) => error.message
				);
			expect(outcome).toMatch(/idle-in-transaction|terminat|closed/i);
			expect(Date.now() - started).toBeLessThan(10_000);
		} finally {
			await closeDb();
			restore();
		}
	});
});

describe('a request that does not answer in time', () => {
	let server: Server | undefined;
	afterAll(() => server?.close());

	it('gets a Dutch 503 (JSON under /api/), and the late handler writes nowhere', async () => {
		const late: string[] = [];
		server = createServer(
			withRequestTimeout((req, res) => {
				setTimeout(() => {
					res.setHeader('x-late', '1');
					res.writeHead(200).end('te laat');
					late.push(req.url ?? '');
				}, 600);
			}, 200)
		);
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const page = await fetch(`${base}/zaken`);
		expect(page.status).toBe(503);
		expect(await page.text()).toBe('Dit verzoek duurde te lang en is afgebroken. Probeer het over een ogenblik opnieuw.');
		const api = await fetch(`${base}/api/v1/handovers`);
		expect(api.status).toBe(503);
		expect(await api.json()).toEqual({
			error: { code: 'service_unavailable', message: 'Dit verzoek duurde te lang en is afgebroken. Probeer het over een ogenblik opnieuw.' }
		});
		const deadline = Date.now() + 5000;
		while (late.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		expect(late).toEqual(['/zaken', '/api/v1/handovers']); // the handlers finished without throwing
	});
});
