/**
 * Dashboard benchmark (issues 5 and 10): a region with 200,000 cases and 1,000,000 handovers over
 * two years (the history generator, set-based), the publication of every period that has ended
 * (rollups of its weeks, the regional suppression, the durations), then the built portal answering
 * GET /api/v1/dashboard for one gemeente's token and for the stuurgroep's (the region), for the
 * last period, the last 3 and 13, and a custom range of 26, one request at a time. Two series per
 * scope and range: the first request after a publication (the newest period's moment of publication
 * moved before each request, so the portal reads it as new) and the requests after it. A
 * database and Redis prefix of its own; removed afterwards. Needs a built portal (`npm run build`;
 * with --build the benchmark builds when build/ is missing). Prints figures only.
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
const { publishDuePeriods } = await import('../src/lib/server/dashboard/publish.ts');
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
	console.log('publishing every period that has ended …');
	t = performance.now();
	const published = await publishDuePeriods({ sql, clock: systemClock });
	const publishing = seconds(t);
	const perPeriod = `${((performance.now() - t) / 1000 / Math.max(1, published.length)).toFixed(1)} s`;

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

	const call = async (token: string, query: string): Promise<number> => {
		const start = performance.now();
		const response = await fetch(`${url}/api/v1/dashboard?${query}`, { headers: { authorization: `Bearer ${token}` } });
		const body = await response.text();
		const elapsed = performance.now() - start;
		if (!response.ok) throw new Error(`GET /api/v1/dashboard?${query} answered ${response.status}: ${body.slice(0, 300)}`);
		return elapsed;
	};
	const ids = published.slice(-26);
	const ranges: [string, string][] = [
		['laatste periode', 'periodes=1'],
		['laatste 3 periodes', 'periodes=3'],
		['laatste 13 periodes', 'periodes=13'],
		[`eigen keuze, ${ids.length} periodes`, `van=${ids[0]}&tot=${ids.at(-1)}`]
	];
	// the portal's own warm-up (modules, connections)
	for (const scope of ['gemeente', 'regio'] as const) for (let i = 0; i < 5; i++) await call(tokens[scope], 'periodes=1');
	const rows: string[][] = [];
	for (const scope of ['gemeente', 'regio'] as const) {
		for (const [label, query] of ranges) {
			const cold: number[] = [];
			for (let i = 0; i < COLD; i++) {
				// as after a publication: the newest period is new to the portal (the ones before it it has read already)
				await sql`update dashboard_publications set published_at = published_at + interval '1 millisecond'
				          where period_id = (select max(period_id) from dashboard_publications)`;
				cold.push(await call(tokens[scope], query));
			}
			for (let i = 0; i < WARMUP; i++) await call(tokens[scope], query);
			const warm: number[] = [];
			for (let i = 0; i < REQUESTS; i++) warm.push(await call(tokens[scope], query));
			const c = summarize(cold);
			const w = summarize(warm);
			rows.push([
				scope === 'gemeente' ? `gemeente ${args.gemeente}` : 'regio (stuurgroep)',
				label,
				`${ms(c.p50)} / ${ms(c.p95)}`,
				`${ms(w.p50)} / ${ms(w.p95)} / ${ms(w.p99)}`,
				c.p95 < 100 && w.p95 < 100 ? 'ja' : 'nee'
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
				[
					'breaches / trajectories / waiting families / check-ins / monitoring',
					`${number(counts.breaches)} / ${number(counts.trajectories)} / ${number(counts.waitEntries)} / ${number(counts.checkins)} / ${number(counts.monitoring)}`
				],
				['generation (one transaction)', generated],
				['vacuum analyze', analysed],
				[`publication of ${published.length} periods (rollups, suppression, durations)`, publishing],
				['publication of one period (the nightly job, on average)', perPeriod],
				['rollup rows in total / database size', `${number(size.rollupRows)} / ${size.dbSize}`]
			]
		)
	);
	console.log('');
	console.log(
		`GET /api/v1/dashboard, server response time in ms, one request at a time: first after a publication (n=${COLD}) and after it (n=${REQUESTS})`
	);
	console.log(formatTable(['scope', 'range', 'first p50 / p95', 'after p50 / p95 / p99', 'p95 < 100 ms'], rows));
} finally {
	await portal?.stop();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	if (args.keep) console.log(`kept ${resources.databaseUrl} (Redis prefix ${resources.redisPrefix})`);
	else await dropTestResources(resources);
}
