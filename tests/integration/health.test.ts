import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { closeDb } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { assertServicesReachable, health } from '../../src/lib/server/health.ts';
import { ServiceUnavailableError } from '../../src/lib/server/errors.ts';
import { freePort } from '../support/processes.ts';
import { setEnv, waitFor, within } from '../support/it-helpers.ts';

const started: ChildProcess[] = [];
let restore: (() => void) | undefined;

afterEach(async () => {
	// the shared Redis connection may point at a server of this test: close it before restoring
	await closeRedis();
	restore?.();
	restore = undefined;
});

afterAll(async () => {
	for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	await closeRedis();
	await closeDb();
});

async function unavailable(): Promise<ServiceUnavailableError> {
	const error = await assertServicesReachable().then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ServiceUnavailableError);
	return error as ServiceUnavailableError;
}

/** A private redis-server on a free port, answering PING. */
async function startRedis(): Promise<{ port: number; child: ChildProcess; stop: () => Promise<void> }> {
	const port = await freePort();
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: 'ignore'
	});
	started.push(child);
	const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
	probe.on('error', () => {});
	await waitFor(async () => {
		try {
			if (probe.status !== 'ready') await probe.connect();
			return (await probe.ping()) === 'PONG';
		} catch {
			probe.disconnect();
			return false;
		}
	}, 'redis-server to answer');
	probe.disconnect();
	const stop = () =>
		new Promise<void>((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGKILL');
		});
	return { port, child, stop };
}

/** Runs a process entry point to its end; returns exit code and stderr. */
function runEntry(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
	return within(
		new Promise((resolve, reject) => {
			let stderr = '';
			const child = spawn(process.execPath, ['--import', 'tsx', entry], {
				cwd: process.cwd(),
				env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
				stdio: ['ignore', 'ignore', 'pipe']
			});
			started.push(child);
			child.stderr!.on('data', (d) => (stderr += d));
			child.once('error', reject);
			child.once('exit', (code) => resolve({ code, stderr }));
		}),
		`${entry} to exit`,
		25_000
	);
}

describe('health', () => {
	it('reports both services up over the shared connections', async () => {
		expect(await health()).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok', down: [] });
		await expect(assertServicesReachable()).resolves.toBeUndefined();
	});

	it('names Redis and REDIS_URL when Redis cannot be reached', async () => {
		const port = await freePort();
		restore = setEnv({ REDIS_URL: `redis://127.0.0.1:${port}/0` });
		const error = await unavailable();
		expect(error.service).toBe('Redis');
		expect(error.message.startsWith(`cannot reach Redis at 127.0.0.1:${port}`)).toBe(true);
		expect(error.message).toContain('REDIS_URL');
		expect(error.message).not.toContain('\n');
	});

	it('names PostgreSQL and DATABASE_URL when PostgreSQL cannot be reached', async () => {
		const port = await freePort();
		restore = setEnv({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ketentafel` });
		const error = await unavailable();
		expect(error.service).toBe('PostgreSQL');
		expect(error.message.startsWith(`cannot reach PostgreSQL at 127.0.0.1:${port}`)).toBe(true);
		expect(error.message).toContain('DATABASE_URL');
		expect(error.message).not.toContain('\n');
	});

	it('notices a Redis that goes away', async () => {
		const server = await startRedis();
		await closeRedis();
		restore = setEnv({ REDIS_URL: `redis://127.0.0.1:${server.port}/0` });
		await expect(assertServicesReachable()).resolves.toBeUndefined();
		expect(await health(1000)).toMatchObject({ status: 'ok', redis: 'ok' });

		await server.stop();
		const error = await unavailable();
		expect(error.message.startsWith(`cannot reach Redis at 127.0.0.1:${server.port}`)).toBe(true);
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => {}); // see the next test
		try {
			expect(await health(500)).toEqual({ status: 'unavailable', postgres: 'ok', redis: 'down', down: ['redis'] });
		} finally {
			await closeRedis();
			quiet.mockRestore();
		}
	});

	it('reports a Redis outage through health, not as unhandled ioredis error events on stderr', async () => {
		const server = await startRedis();
		await closeRedis();
		restore = setEnv({ REDIS_URL: `redis://127.0.0.1:${server.port}/0` });
		expect((await health(1000)).redis).toBe('ok');
		const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			await server.stop();
			expect((await health(500)).redis).toBe('down');
			const unhandled = consoleError.mock.calls.filter((args) => String(args[0]).includes('Unhandled error event'));
			expect(unhandled, 'the shared Redis connection has no error listener').toEqual([]);
		} finally {
			consoleError.mockRestore();
		}
	});
});

describe('process entry points', () => {
	it('workers stop with one clear line when Redis is down', async () => {
		const port = await freePort();
		const { code, stderr } = await runEntry('workers/index.ts', { REDIS_URL: `redis://127.0.0.1:${port}/0` });
		expect(code).toBe(1);
		const lines = stderr.split('\n').filter(Boolean);
		expect(lines, stderr).toHaveLength(1);
		expect(lines[0].startsWith(`ketentafel workers: cannot reach Redis at 127.0.0.1:${port}`)).toBe(true);
	});

	it('the portal stops with one clear line when its port is taken', async () => {
		const blocker = createNetServer();
		await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
		const port = (blocker.address() as AddressInfo).port;
		try {
			const { code, stderr } = await runEntry('server.ts', { PORT: String(port), HOST: '127.0.0.1' });
			expect(code).toBe(1);
			expect(stderr).toBe(`ketentafel portal: port ${port} is already in use: stop the other process or set PORT\n`);
		} finally {
			blocker.close();
		}
	});

	it('the portal stops with one clear line for a bad PORT', async () => {
		const { code, stderr } = await runEntry('server.ts', { PORT: 'abc' });
		expect(code).toBe(1);
		expect(stderr).toBe('ketentafel portal: PORT must be a port number, e.g. PORT=3000 (got "abc")\n');
	});
});
