/**
 * Lists benchmark (issue 11): a region with 100,000 cases and 500,000 handovers over two years (the
 * history generator, set-based), plus notifications for one medewerker and a long audit log, then the
 * built portal serving every list page as its users open it — the first page, the next page (the
 * cursor of its "Volgende pagina" link), a filtered page and a search by reference — and
 * GET /api/v1/handovers, one request at a time, signed in as the demo accounts. Prints per page the
 * server response time (p50 / p95, loopback) and the size of the HTML (or JSON); targets: p95 under
 * 100 ms and under 100 KB. A database and Redis prefix of its own; removed afterwards. Needs a built
 * portal (`npm run build`; with --build the benchmark builds when build/ is missing). Prints figures only.
 *
 *   npm run bench:lists [-- --cases 100000 --handovers 500000 --weeks 104 --notifications 5000 --audit 300000 --requests 40 --warmup 5 --build]
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { createTestResources, dropTestResources } from '../tests/support/testdb.ts';
import { freePort, startProcess, waitForHttp, type Started } from '../tests/support/processes.ts';
import { formatTable, ms, summarize } from './realtime/stats.ts';

const { values: args } = parseArgs({
	options: {
		cases: { type: 'string', default: '100000' },
		handovers: { type: 'string', default: '500000' },
		weeks: { type: 'string', default: '104' },
		notifications: { type: 'string', default: '5000' },
		audit: { type: 'string', default: '300000' },
		requests: { type: 'string', default: '40' },
		warmup: { type: 'string', default: '5' },
		build: { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false }
	}
});
const CASES = Number(args.cases);
const HANDOVERS = Number(args.handovers);
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TARGET_MS = 100;
const TARGET_BYTES = 100 * 1024;

if (!existsSync(`${ROOT}build/handler.js`)) {
	if (!args.build) {
		console.error('the portal is not built: run "npm run build" first, or pass --build');
		process.exit(1);
	}
	console.log('building the portal …');
	const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}

const resources = await createTestResources('bench_lists');
process.env.DATABASE_URL = resources.databaseUrl;
process.env.REDIS_PREFIX = resources.redisPrefix;
process.env.LOG_LEVEL = 'silent';

const { db, closeDb, useStatementTimeout } = await import('../src/lib/server/db/client.ts');
useStatementTimeout(3600); // generating half a million handovers takes a few long statements
const { closeRedis } = await import('../src/lib/server/redis.ts');
const { closeDetachedRealtime } = await import('../src/lib/server/realtime/hub.ts');
const { systemClock } = await import('../src/lib/server/clock.ts');
const { seed } = await import('../src/lib/server/seed/seed.ts');
const { seedDemoCases } = await import('../src/lib/server/seed/demo.ts');
const { generateHistory } = await import('../src/lib/server/seed/history-generator.ts');
const { createSession } = await import('../src/lib/server/auth/session.ts');
const { encrypt } = await import('../src/lib/server/auth/crypto.ts');
const { generateTotpKey } = await import('../src/lib/server/auth/totp.ts');
const { apiTokenHash, generateApiToken } = await import('../src/lib/server/api/tokens.ts');

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const number = (n: number) => n.toLocaleString('nl-NL');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

let portal: Started | undefined;
try {
	const sql = db();
	await seed(sql, 'development');
	await seedDemoCases(sql);
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

	const userId = async (email: string) => (await sql<{ id: string }[]>`select id from users where email = ${email}`)[0].id;
	const [vtMedewerker, vtBeheerder] = [await userId('vt.medewerker@ketentafel.test'), await userId('vt.beheerder@ketentafel.test')];
	const [vt] = await sql<{ id: string }[]>`select id from organisations where kind = 'vt' order by created_at limit 1`;

	// a medewerker's notifications over a year, and an audit log of page views and list views naming the records shown
	t = performance.now();
	await sql`
		insert into notifications (user_id, kind, title, body, href, dedupe_key, created_at, read_at)
		select ${vtMedewerker}, 'sla.breached', 'Termijn verstreken: ' || c.reference, 'Het aanbod staat nog open.', '/zaken/' || c.id, 'bench:' || g,
		       now() - (g * interval '100 minutes'), case when g % 7 = 0 then null else now() end
		from generate_series(1, ${Number(args.notifications)}) g
		join (select id, reference, row_number() over (order by reference) as rn from cases) c on c.rn = 1 + g % 1000`;
	await sql`
		with ids as (select array_agg(id::text) as all_ids, count(*)::int as n from cases), staff as (select array_agg(id) as ids from users where email like 'vt.collega%')
		insert into audit_log (occurred_at, actor_user_id, actor_org_id, actor_roles, action, record_type, record_id, details)
		select now() - ((${Number(args.audit)} - g) * interval '20 seconds'), staff.ids[1 + g % cardinality(staff.ids)], ${vt.id}, '{medewerker}',
		       case when g % 20 = 0 then 'cases.listed' else 'case.viewed' end,
		       case when g % 20 = 0 then null else 'case' end,
		       case when g % 20 = 0 then null else ids.all_ids[1 + floor(random() * ids.n)::int] end,
		       case when g % 20 = 0 then jsonb_build_object('shown', 'case', 'rows', 50,
		         'ids', (select jsonb_agg(ids.all_ids[1 + floor(random() * ids.n)::int + 0 * s.i]) from generate_series(1, 50 + 0 * g) s(i)))
		       else '{}'::jsonb end
		from generate_series(1, ${Number(args.audit)}) g cross join ids cross join staff`;
	const extras = seconds(t);
	t = performance.now();
	await sql`vacuum analyze`;
	const analysed = seconds(t);

	// sessions as the sign-in leaves them (second factor done; beheerders have one set up), and a CJG API token
	const key = encrypt(generateTotpKey());
	await sql`update users set totp_key = ${key}, totp_enabled_at = now() where id = ${vtBeheerder}`;
	const cookie = async (email: string) => {
		const session = await createSession(
			sql,
			{ userId: await userId(email), twoFactorVerified: true, ip: '127.0.0.1', userAgent: 'bench' },
			3_600_000,
			systemClock
		);
		return `kt_session=${session.token}`;
	};
	const cookies = {
		vt: await cookie('vt.medewerker@ketentafel.test'),
		staff: await cookie('vt.collega1@ketentafel.test'),
		coordinator: await cookie('vt.coordinator@ketentafel.test'),
		beheerder: await cookie('vt.beheerder@ketentafel.test'),
		cjg: await cookie('cjg.medewerker@ketentafel.test'),
		consortium: await cookie('consortium.medewerker@ketentafel.test')
	};
	const apiToken = generateApiToken();
	await sql`insert into api_tokens (organisation_id, name, token_hash, scopes)
	          select id, 'Benchmark', ${apiTokenHash(apiToken)}, ${['handovers:read']}::text[] from organisations where name = 'CJG Kennemerland'`;

	// references to search for: one in each list
	const one = async (query: Promise<{ reference: string }[]>) => (await query)[0]?.reference ?? 'VT-0000-000000';
	const refs = {
		queue: await one(
			sql`select reference from cases where responsible_org_id = ${vt.id} and closed_at is null order by reference desc limit 1`
		),
		cjg: await one(sql`select c.reference from handovers h join cases c on c.id = h.case_id join organisations o on o.id = h.to_org_id
		                   where o.name = 'CJG Kennemerland' and h.status = 'completed' order by h.completed_at limit 1`),
		trajectory: await one(
			sql`select c.reference from trajectories t join cases c on c.id = t.case_id where t.status = 'open' order by t.opened_at limit 1`
		),
		waiting: await one(
			sql`select c.reference from wait_entries w join cases c on c.id = w.case_id where w.care_started_on is null order by w.waiting_since limit 1`
		),
		checkin: await one(
			sql`select c.reference from safety_checkins s join cases c on c.id = s.case_id where s.outcome is null and s.cancelled_at is null limit 1`
		),
		monitoring: await one(
			sql`select c.reference from monitoring_moments m join cases c on c.id = m.case_id where m.recorded_at is not null order by m.recorded_at limit 1`
		),
		notification: await one(
			sql`select substring(title from 'VT-[0-9-]+') as reference from notifications where user_id = ${vtMedewerker} order by id limit 1`
		),
		audit: await one(
			sql`select c.reference from cases c where exists (select 1 from audit_log a where a.record_id = c.id::text) order by c.reference limit 1`
		)
	};
	const [sizes] = await sql<Record<string, number>[]>`
		select (select count(*) from cases where responsible_org_id = ${vt.id} and closed_at is null)::int as queue,
		       (select count(*) from handovers h join organisations o on o.id = h.to_org_id where o.name = 'CJG Kennemerland' and h.status in ('open', 'accepted', 'completed'))::int as cjg,
		       (select count(*) from trajectories)::int as trajectories,
		       (select count(*) from wait_entries where care_started_on is null)::int as waiting,
		       (select count(*) from safety_checkins where outcome is null and cancelled_at is null)::int as checkins,
		       (select count(*) from monitoring_moments)::int as monitoring,
		       (select count(*) from notifications)::int as notifications,
		       (select count(*) from audit_log)::int as audit`;

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

	const get = async (path: string, headers: Record<string, string>): Promise<{ elapsed: number; bytes: number; body: string }> => {
		const start = performance.now();
		const response = await fetch(`${url}${path}`, { headers, redirect: 'manual' });
		const body = await response.text();
		const elapsed = performance.now() - start;
		if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 300)}`);
		return { elapsed, bytes: Buffer.byteLength(body), body };
	};
	/** The href of a page's "Volgende pagina" link for the cursor parameter `param`. */
	const nextOf = (html: string, param: string) => {
		const found = [...html.matchAll(/href="(\?[^"]*)" rel="next"/g)]
			.map((m) => m[1].replaceAll('&amp;', '&'))
			.find((href) => new URLSearchParams(href.slice(1)).has(param));
		if (!found) throw new Error(`no next page for ${param}`);
		return found;
	};

	type Series = { list: string; variant: string; path: string | (() => Promise<string>); headers: Record<string, string> };
	const as = (c: string) => ({ cookie: c });
	const api = { authorization: `Bearer ${apiToken}` };
	const nextPage =
		(path: string, headers: Record<string, string>, param = 'na') =>
		async () =>
			`${path.split('?')[0]}${nextOf((await get(path, headers)).body, param)}`;
	const apiNext = async () =>
		`/api/v1/handovers?status=completed&cursor=${JSON.parse((await get('/api/v1/handovers?status=completed', api)).body).next_cursor}`;
	const series: Series[] = [
		{ list: 'geen lijst (ter vergelijking)', variant: '/account', path: '/account', headers: as(cookies.vt) },
		{ list: 'werkvoorraad /zaken', variant: 'eerste pagina', path: '/zaken', headers: as(cookies.vt) },
		{ list: 'werkvoorraad /zaken', variant: 'volgende pagina', path: nextPage('/zaken', as(cookies.vt)), headers: as(cookies.vt) },
		{ list: 'werkvoorraad /zaken', variant: 'gemeente + spoed', path: '/zaken?gemeente=GM0392&spoed=ja', headers: as(cookies.vt) },
		{ list: 'werkvoorraad /zaken', variant: 'mijn zaken', path: '/zaken?mijn=ja', headers: as(cookies.staff) },
		{ list: 'werkvoorraad /zaken', variant: 'zoek referentie', path: `/zaken?zoek=${refs.queue}`, headers: as(cookies.vt) },
		{ list: 'overdrachten (CJG)', variant: 'eerste pagina', path: '/overdrachten', headers: as(cookies.cjg) },
		{
			list: 'overdrachten (CJG)',
			variant: 'overgedragen, volgende',
			path: nextPage('/overdrachten?status=overgedragen', as(cookies.cjg), 'na-overgedragen'),
			headers: as(cookies.cjg)
		},
		{
			list: 'overdrachten (CJG)',
			variant: 'spoed + periode',
			path: '/overdrachten?spoed=ja&van=2025-01-01&tot=2025-12-31',
			headers: as(cookies.cjg)
		},
		{ list: 'overdrachten (CJG)', variant: 'zoek referentie', path: `/overdrachten?zoek=${refs.cjg.slice(-6)}`, headers: as(cookies.cjg) },
		{ list: 'trajecten', variant: 'eerste pagina', path: '/trajecten', headers: as(cookies.vt) },
		{
			list: 'trajecten',
			variant: 'afgesloten, volgende',
			path: nextPage('/trajecten?status=afgesloten', as(cookies.vt)),
			headers: as(cookies.vt)
		},
		{ list: 'trajecten', variant: 'zoek referentie', path: `/trajecten?zoek=${refs.trajectory}`, headers: as(cookies.vt) },
		{ list: 'wachttijden (VT)', variant: 'eerste pagina', path: '/wachttijden', headers: as(cookies.vt) },
		{
			list: 'wachttijden (VT)',
			variant: 'zorgvorm + subregio',
			path: '/wachttijden?zorgvorm=ihub&subregio=zuid-kennemerland',
			headers: as(cookies.vt)
		},
		{ list: 'wachttijden (consortium)', variant: 'eerste pagina', path: '/wachttijden', headers: as(cookies.consortium) },
		{
			list: 'wachttijden (consortium)',
			variant: 'zoek referentie',
			path: `/wachttijden?zoek=${refs.waiting}`,
			headers: as(cookies.consortium)
		},
		{ list: 'veiligheidschecks', variant: 'mijn + team', path: '/veiligheidschecks', headers: as(cookies.coordinator) },
		{
			list: 'veiligheidschecks',
			variant: 'team, volgende',
			path: nextPage('/veiligheidschecks?wie=team', as(cookies.coordinator), 'na-team'),
			headers: as(cookies.coordinator)
		},
		{ list: 'veiligheidschecks', variant: 'te laat', path: '/veiligheidschecks?stand=te-laat', headers: as(cookies.coordinator) },
		{
			list: 'veiligheidschecks',
			variant: 'zoek referentie',
			path: `/veiligheidschecks?zoek=${refs.checkin}`,
			headers: as(cookies.coordinator)
		},
		{ list: 'monitoring', variant: 'mijn + team + vastgelegd', path: '/monitoring', headers: as(cookies.coordinator) },
		{
			list: 'monitoring',
			variant: 'vastgelegd, volgende',
			path: nextPage('/monitoring?stand=vastgelegd', as(cookies.coordinator), 'na-vastgelegd'),
			headers: as(cookies.coordinator)
		},
		{
			list: 'monitoring',
			variant: 'gemeente + periode',
			path: '/monitoring?gemeente=GM0392&van=2025-06-01&tot=2025-12-31',
			headers: as(cookies.coordinator)
		},
		{ list: 'monitoring', variant: 'zoek referentie', path: `/monitoring?zoek=${refs.monitoring}`, headers: as(cookies.coordinator) },
		{ list: 'meldingen', variant: 'eerste pagina', path: '/meldingen', headers: as(cookies.vt) },
		{ list: 'meldingen', variant: 'volgende pagina', path: nextPage('/meldingen', as(cookies.vt)), headers: as(cookies.vt) },
		{ list: 'meldingen', variant: 'ongelezen', path: '/meldingen?ongelezen=ja', headers: as(cookies.vt) },
		{ list: 'meldingen', variant: 'zoek referentie', path: `/meldingen?zoek=${refs.notification}`, headers: as(cookies.vt) },
		{ list: 'auditlog', variant: 'eerste pagina', path: '/beheer/audit', headers: as(cookies.beheerder) },
		{
			list: 'auditlog',
			variant: 'volgende pagina',
			path: nextPage('/beheer/audit', as(cookies.beheerder)),
			headers: as(cookies.beheerder)
		},
		{ list: 'auditlog', variant: 'actie', path: '/beheer/audit?actie=case.viewed', headers: as(cookies.beheerder) },
		{ list: 'auditlog', variant: 'zoek zaak', path: `/beheer/audit?zoek=${refs.audit}`, headers: as(cookies.beheerder) },
		{ list: 'GET /api/v1/handovers (CJG)', variant: 'open, 50', path: '/api/v1/handovers', headers: api },
		{ list: 'GET /api/v1/handovers (CJG)', variant: 'completed, 100', path: '/api/v1/handovers?status=completed&limit=100', headers: api },
		{ list: 'GET /api/v1/handovers (CJG)', variant: 'completed, cursor', path: apiNext, headers: api },
		{
			list: 'GET /api/v1/handovers (CJG)',
			variant: 'reference',
			path: `/api/v1/handovers?status=completed&reference=${refs.cjg.slice(-6)}`,
			headers: api
		}
	];

	const rows: string[][] = [];
	let met = 0;
	const loadBefore = loadavg()[0];
	for (const s of series) {
		const path = typeof s.path === 'string' ? s.path : await s.path();
		for (let i = 0; i < WARMUP; i++) await get(path, s.headers);
		const times: number[] = [];
		let bytes = 0;
		for (let i = 0; i < REQUESTS; i++) {
			const r = await get(path, s.headers);
			times.push(r.elapsed);
			bytes = Math.max(bytes, r.bytes);
		}
		const sum = summarize(times);
		const ok = sum.p95 < TARGET_MS && bytes < TARGET_BYTES;
		if (ok) met++;
		rows.push([s.list, s.variant, `${ms(sum.p50)} / ${ms(sum.p95)}`, kb(bytes), ok ? 'ja' : 'nee']);
	}

	console.log('');
	console.log(
		formatTable(
			['figure', 'value'],
			[
				['cases / handovers generated', `${number(counts.cases)} / ${number(counts.handovers)}`],
				[
					'VT werkvoorraad / CJG inbox / trajectories / waiting / open check-ins / monitoring moments',
					`${number(sizes.queue)} / ${number(sizes.cjg)} / ${number(sizes.trajectories)} / ${number(sizes.waiting)} / ${number(sizes.checkins)} / ${number(sizes.monitoring)}`
				],
				['notifications / audit rows', `${number(sizes.notifications)} / ${number(sizes.audit)}`],
				['generation (one transaction)', generated],
				['notifications and audit rows', extras],
				['vacuum analyze', analysed]
			]
		)
	);
	console.log('');
	console.log(
		`List pages and the API list: server response time in ms (loopback, one request at a time, n=${REQUESTS} after ${WARMUP} warm-up) and size in KB`
	);
	console.log(formatTable(['list', 'page', 'p50 / p95', 'KB', `p95 < ${TARGET_MS} ms, < 100 KB`], rows));
	console.log(`${met} of ${rows.length} pages within both targets`);
	console.log(
		`machine: ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before the requests and ${loadavg()[0].toFixed(1)} after (the first row, a page without a list, shows what the portal itself costs under that load)`
	);
} finally {
	await portal?.stop();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	if (args.keep) console.log(`kept ${resources.databaseUrl} (Redis prefix ${resources.redisPrefix})`);
	else await dropTestResources(resources);
}
