/**
 * Dashboard benchmark (issue 5, point 9): a region with 200,000 cases and 1,000,000 handovers over
 * two years (the history generator, set-based), the full rollup refresh, then the built portal
 * answering GET /api/v1/dashboard for one gemeente's token and for the stuurgroep's (the region),
 * for 13 and 52 weeks, one request at a time. Two series per scope and period: cold (the rollups
 * just changed, so nothing is cached: the version is bumped before each request) and warm (the
 * figures of the current version are cached). A database and Redis prefix of its own; removed
 * afterwards. Needs a built portal (`npm run build`; with --build the benchmark builds when build/
 * is missing). Prints figures only.
 *
 *   npm run bench:dashboard [-- --cases 200000 --handovers 1000000 --weeks 104 --requests 200 --cold 20 --warmup 20 --gemeente GM0392 --build]
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createTestResources, dropTestResources } from '../tests/support/testdb.ts';
import { freePort, startProcess, waitForHttp, type Started } from '../tests/support/processes.ts';
import { formatTable, ms, summarize } from './realtime/stats.ts';

const { values: args } = parseArgs({
	options: {
		cases: { type: 'string', default: '200000' },
		handovers: { type: 'string', default: '1000000' },
		weeks: { type: 'string', default: '104' },
		requests: { type: 'string', default: '200' },
		cold: { type: 'string', default: '20' },
		warmup: { type: 'string', default: '20' },
		gemeente: { type: 'string', default: 'GM0392' },
		build: { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false }
	}
});
const CASES = Number(args.cases);
const HANDOVERS = Number(args.handovers);
const REQUESTS = Number(args.requests);
const COLD = Number(args.cold);
const WARMUP = Number(args.warmup);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

if (!existsSync(`${ROOT}build/handler.js`)) {
	if (!args.build) {
		console.error('the portal is not built: run "npm run build" first, or pass --build');
		process.exit(1);
	}
	console.log('building the portal …');
	const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}

const resources = await createTestResources('bench_dashboard');
process.env.DATABASE_URL = resources.databaseUrl;
process.env.REDIS_PREFIX = resources.redisPrefix;
process.env.LOG_LEVEL = 'silent';

const { db, closeDb, useStatementTimeout } = await import('../src/lib/server/db/client.ts');
useStatementTimeout(3600); // generating a million handovers takes a few long statements
const { closeRedis } = await import('../src/lib/server/redis.ts');
const { closeDetachedRealtime } = await import('../src/lib/server/realtime/hub.ts');
const { systemClock } = await import('../src/lib/server/clock.ts');
const { seed } = await import('../src/lib/server/seed/seed.ts');
const { generateHistory } = await import('../src/lib/server/seed/history-generator.ts');
const { refreshDashboard } = await import('../src/lib/server/dashboard/refresh.ts');
const { apiTokenHash, generateApiToken } = await import('../src/lib/server/api/tokens.ts');

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const number = (n: number) => n.toLocaleString('nl-NL');

let portal: Started | undefined;
try {
	const sql = db();
	await seed(sql, 'development');
	console.log(`generating ${number(CASES)} cases and ${number(HANDOVERS)} handovers over ${args.weeks} weeks …`);
	let t = performance.now();
	const counts = await generateHistory(sql, {
		now: new Date(),
		weeks: Number(args.weeks),
		cases: CASES,
		// about 2% of the planned offers would come after now (the chains of the last weeks): plan that many more
		handoversPerCase: (HANDOVERS / CASES) * 1.02,
		seed: 0.42,
		settledOnly: false,
		reportsUntilDaysAgo: 0
	});
	const generated = seconds(t);
	t = performance.now();
	await sql`vacuum analyze`;
	const analysed = seconds(t);
	console.log('full rollup refresh …');
	t = performance.now();
	const full = await refreshDashboard({ sql, clock: systemClock }, true);
	const refreshed = seconds(t);
	t = performance.now();
	await refreshDashboard({ sql, clock: systemClock });
	const recent = `${Math.round(performance.now() - t)} ms`;

	// API tokens for a gemeente and the stuurgroep, as a beheerder would create them (only the hash is stored)
	const tokens: Record<string, string> = {};
	for (const [scope, where] of [
		['gemeente', sql`kind = 'gemeente' and municipality_id = ${args.gemeente}`],
		['regio', sql`kind = 'stuurgroep'`]
	] as const) {
		const token = generateApiToken();
		await sql`insert into api_tokens (organisation_id, name, token_hash, scopes)
		          select id, 'Benchmark', ${apiTokenHash(token)}, ${['dashboard:read']}::text[] from organisations where ${where} limit 1`;
		tokens[scope] = token;
	}

	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	portal = startProcess(`${ROOT}server.ts`, {
		DATABASE_URL: resources.databaseUrl,
		REDIS_PREFIX: resources.redisPrefix,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		LOG_LEVEL: 'silent'
	});
	await waitForHttp(`${url}/healthz`, portal, 60_000);

	const call = async (token: string, weeks: string): Promise<number> => {
		const start = performance.now();
		const response = await fetch(`${url}/api/v1/dashboard?weken=${weeks}`, { headers: { authorization: `Bearer ${token}` } });
		const body = await response.text();
		const elapsed = performance.now() - start;
		if (!response.ok) throw new Error(`GET /api/v1/dashboard?weken=${weeks} answered ${response.status}: ${body.slice(0, 300)}`);
		return elapsed;
	};
	// the portal's own warm-up (modules, connections), on another period
	for (const scope of ['gemeente', 'regio'] as const) for (let i = 0; i < 5; i++) await call(tokens[scope], '4');
	const rows: string[][] = [];
	for (const scope of ['gemeente', 'regio'] as const) {
		for (const weeks of ['13', '52']) {
			const cold: number[] = [];
			for (let i = 0; i < COLD; i++) {
				await sql`update dashboard_version set version = version + 1`; // as when the rollups change
				cold.push(await call(tokens[scope], weeks));
			}
			for (let i = 0; i < WARMUP; i++) await call(tokens[scope], weeks);
			const warm: number[] = [];
			for (let i = 0; i < REQUESTS; i++) warm.push(await call(tokens[scope], weeks));
			const c = summarize(cold);
			const w = summarize(warm);
			rows.push([
				scope === 'gemeente' ? `gemeente ${args.gemeente}` : 'regio (stuurgroep)',
				`${weeks} weken`,
				`${ms(c.p50)} / ${ms(c.p95)}`,
				`${ms(w.p50)} / ${ms(w.p95)} / ${ms(w.p99)}`,
				w.p95 < 100 ? 'ja' : 'nee',
				c.p95 < 100 ? 'ja' : 'nee'
			]);
		}
	}
	const [size] = await sql<{ rollupRows: number; dbSize: string }[]>`
		select (select count(*) from dashboard_weekly)::int as rollup_rows, pg_size_pretty(pg_database_size(current_database())) as db_size`;

	console.log('');
	console.log(
		formatTable(
			['figure', 'value'],
			[
				['cases / handovers generated', `${number(counts.cases)} / ${number(counts.handovers)}`],
				['breaches / trajectories / waiting families / check-ins / monitoring', `${number(counts.breaches)} / ${number(counts.trajectories)} / ${number(counts.waitEntries)} / ${number(counts.checkins)} / ${number(counts.monitoring)}`],
				['generation (one transaction)', generated],
				['vacuum analyze', analysed],
				[`full rollup refresh (${number(full.rows)} rows)`, refreshed],
				['recent refresh (the job every DASHBOARD_REFRESH_SECONDS)', recent],
				['rollup rows in total / database size', `${number(size.rollupRows)} / ${size.dbSize}`]
			]
		)
	);
	console.log('');
	console.log(`GET /api/v1/dashboard, server response time in ms, one request at a time: cold (n=${COLD}, the rollups just changed) and warm (n=${REQUESTS}, cached)`);
	console.log(formatTable(['scope', 'period', 'cold p50 / p95', 'warm p50 / p95 / p99', 'warm p95 < 100 ms', 'cold p95 < 100 ms'], rows));
} finally {
	await portal?.stop();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	if (args.keep) console.log(`kept ${resources.databaseUrl} (Redis prefix ${resources.redisPrefix})`);
	else await dropTestResources(resources);
}
