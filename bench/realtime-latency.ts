/**
 * Realtime latency benchmark (`npm run bench:realtime`, or `npx tsx bench/realtime-latency.ts`).
 *
 * With 100, 500 and 1000 simulated partner clients connected over Socket.IO across two portal
 * instances, measures the time from an accept (answerHandover) until every subscribed client has
 * the 'handover.accepted' event, and the same for a bare Socket.IO server broadcasting the same
 * payload to the same number of clients. Prints p50/p95/p99 per size and whether the targets
 * (p95 < 50 ms at 1000 clients, at most 1.5x the bare broadcast) are met.
 *
 * Uses a database and Redis key prefix of its own (removed at the end, also after a failure or
 * Ctrl+C) on the PostgreSQL and Redis the tests use (TEST_DATABASE_BASE_URL, TEST_REDIS_URL).
 * Exits 0 when it measured, whether or not the targets are met; 1 on an error.
 *
 * Options: --clients 100,500,1000  --rounds 100  --warmup 5  --users 50  --gap-ms 25
 */
import { parseArgs } from 'node:util';
import { Cleanup } from './realtime/cleanup.ts';
import { checkOpenFileLimit } from './realtime/client-pool.ts';
import type { RunOptions } from './realtime/run.ts';
import { createTestResources, dropTestResources, TEST_REDIS_URL } from '../tests/support/testdb.ts';
import { resetEnv } from '../src/lib/server/env.ts';

/** The whole run may take this long before it gives up (every wait inside is bounded too). */
const OVERALL_TIMEOUT_MS = 45 * 60_000;

function positiveInt(name: string, value: string): number {
	const n = Number(value);
	if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a whole number above 0 (got "${value}")`);
	return n;
}

/** Parses the command line into run options. */
function parseOptions(argv: string[]): RunOptions {
	const { values } = parseArgs({
		args: argv,
		options: {
			clients: { type: 'string', default: '100,500,1000' },
			rounds: { type: 'string', default: '100' },
			warmup: { type: 'string', default: '5' },
			users: { type: 'string', default: '50' },
			'gap-ms': { type: 'string', default: '25' }
		}
	});
	const sizes = values.clients.split(',').map((s) => positiveInt('clients', s.trim()));
	return {
		sizes: [...new Set(sizes)].sort((a, b) => a - b),
		rounds: positiveInt('rounds', values.rounds),
		warmup: Number(values.warmup) === 0 ? 0 : positiveInt('warmup', values.warmup),
		users: positiveInt('users', values.users),
		gapMs: Number(values['gap-ms']) === 0 ? 0 : positiveInt('gap-ms', values['gap-ms'])
	};
}

/** Points this process (and the server processes it starts) at the benchmark's own resources. */
function useResources(databaseUrl: string, redisPrefix: string): void {
	process.env.DATABASE_URL = databaseUrl;
	process.env.REDIS_PREFIX = redisPrefix;
	process.env.REDIS_URL = TEST_REDIS_URL;
	process.env.NODE_ENV = 'test';
	process.env.LOG_LEVEL = 'silent';
	resetEnv();
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function main(cleanup: Cleanup): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	checkOpenFileLimit(Math.max(...options.sizes));

	progress('creating a database and Redis prefix for this run');
	const resources = await createTestResources('bench');
	cleanup.add('drop the benchmark database and Redis keys', () => dropTestResources(resources));
	useResources(resources.databaseUrl, resources.redisPrefix);

	// Only now load the services: they read their configuration on first use.
	const { runBenchmark } = await import('./realtime/run.ts');
	const { formatReport, loadAverage } = await import('./realtime/report.ts');
	const loadAtStart = loadAverage();
	const report = await runBenchmark(options, cleanup, progress);
	process.stdout.write(`\n${formatReport(report, options, loadAtStart)}\n`);
}

/** Runs the cleanup, reports what it could not undo, and exits with `code`. */
async function finish(cleanup: Cleanup, code: number): Promise<never> {
	progress('cleaning up');
	const failures = await cleanup.run();
	for (const failure of failures) progress(`  cleanup: ${failure}`);
	process.exit(code);
}

const cleanup = new Cleanup();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		progress(`\n${signal}: stopping`);
		void finish(cleanup, 130);
	});
}
setTimeout(() => {
	progress(`the benchmark did not finish within ${OVERALL_TIMEOUT_MS / 60_000} minutes`);
	void finish(cleanup, 1);
}, OVERALL_TIMEOUT_MS).unref();

main(cleanup).then(
	() => finish(cleanup, 0),
	(error: unknown) => {
		progress(
			`\nbenchmark failed: ${error instanceof Error ? (error.name === 'FileLimitError' ? error.message : (error.stack ?? error.message)) : String(error)}`
		);
		return finish(cleanup, 1);
	}
);
