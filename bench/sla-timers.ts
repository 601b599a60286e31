/**
 * SLA benchmark: 100,000 stages of the acceptance SLA (the follow-up kind 'sla') pending as BullMQ
 * delayed jobs on the followups queue, a share of them due within seconds; the real followups
 * processor (one PostgreSQL transaction per stage, notifications stored) fires them. Reports the lateness of firing (start of processing − due time, and commit − due
 * time) and the worker throughput. A database and Redis prefix of its own; removed afterwards.
 *
 *   npm run bench:sla [-- --pending 100000 --spread 2000 --burst 3000 --workers 2 --concurrency 8]
 */
import { parseArgs } from 'node:util';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { createTestResources, dropTestResources } from '../tests/support/testdb.ts';
import { summarize, ms, formatTable } from './realtime/stats.ts';

const { values: args } = parseArgs({
	options: {
		pending: { type: 'string', default: '100000' },
		spread: { type: 'string', default: '2000' },
		burst: { type: 'string', default: '3000' },
		workers: { type: 'string', default: '2' },
		concurrency: { type: 'string', default: '8' },
		'time-limit': { type: 'string', default: '120' }
	}
});
const PENDING = Number(args.pending);
const SPREAD = Number(args.spread); // due evenly over SPREAD_WINDOW_MS: the lateness series
const BURST = Number(args.burst); // all due at one instant: the throughput series
const SPREAD_START_MS = 15_000; // lead time: seeding the due instants and scheduling 100k jobs come first
const SPREAD_WINDOW_MS = 10_000;
const BURST_AT_MS = SPREAD_START_MS + SPREAD_WINDOW_MS + 4_000;

const resources = await createTestResources('bench_sla');
process.env.DATABASE_URL = resources.databaseUrl;
process.env.REDIS_PREFIX = resources.redisPrefix;
process.env.LOG_LEVEL = 'silent';
process.env.DATABASE_POOL_SIZE = String(Math.max(10, Number(args.workers) * Number(args.concurrency) + 4));

const { db, closeDb } = await import('../src/lib/server/db/client.ts');
const { createRedis, closeRedis } = await import('../src/lib/server/redis.ts');
const { queue, bullPrefix, closeQueues } = await import('../src/lib/server/queues.ts');
const { closeDetachedRealtime } = await import('../src/lib/server/realtime/hub.ts');
const { systemClock } = await import('../src/lib/server/clock.ts');
const { scheduleFollowups } = await import('../src/lib/server/followups/runner.ts');
const { SLA_FOLLOWUP } = await import('../src/lib/server/sla/followups.ts');
const { followupsProcessor } = await import('../workers/followups.ts');
const { SUBREGIONS, MUNICIPALITIES } = await import('../src/lib/region.ts');

const workers: Worker[] = [];
const connections: Redis[] = [];
try {
	const sql = db();
	console.log(`seeding ${PENDING.toLocaleString('nl-NL')} open offers …`);
	for (const s of SUBREGIONS) await sql`insert into subregions (id, name) values (${s.id}, ${s.name}) on conflict do nothing`;
	for (const m of MUNICIPALITIES)
		await sql`insert into municipalities (id, name, subregion_id) values (${m.id}, ${m.name}, ${m.subregionId}) on conflict do nothing`;
	const [vt] = await sql<{ id: string }[]>`insert into organisations (name, kind) values ('Bench VT', 'vt') returning id`;
	const [partner] = await sql<{ id: string }[]>`insert into organisations (name, kind) values ('Bench CJG', 'cjg') returning id`;
	for (const [org, role, n] of [
		[partner.id, 'medewerker', 1],
		[partner.id, 'coordinator', 2],
		[vt.id, 'coordinator', 3]
	] as const) {
		const [u] = await sql<
			{ id: string }[]
		>`insert into users (email, name, password_hash) values (${`bench${n}@bench.test`}, ${`Bench ${n}`}, 'x') returning id`;
		await sql`insert into memberships (user_id, organisation_id, role) values (${u.id}, ${org}, ${role})`;
	}
	await sql`
		insert into cases (reference, municipality_id, report_date, assessment_norm_days, assessment_due, responsible_org_id)
		select 'BENCH-' || g, 'GM0392', current_date, 5, current_date, ${vt.id} from generate_series(1, ${PENDING}) g`;
	await sql`
		insert into handovers (case_id, from_org_id, to_org_id, message, offered_at, respond_before, sla_urgency, sla_response_minutes, remind_50_due, remind_90_due)
		select id, ${vt.id}, ${partner.id}, 'bench', now(), now() + interval '30 days', 'regulier', 960,
		       now() + interval '10 days', now() + interval '20 days' from cases`;

	// the due share: SPREAD evenly over the window, BURST at one instant; the rest days away
	const start = Date.now();
	const ids = (await sql<{ id: string }[]>`select id from handovers order by id`).map((r) => r.id);
	const spreadIds = ids.slice(0, SPREAD);
	const burstIds = ids.slice(SPREAD, SPREAD + BURST);
	const due = new Map<string, number>();
	spreadIds.forEach((id, i) => due.set(id, start + SPREAD_START_MS + Math.floor((i * SPREAD_WINDOW_MS) / SPREAD)));
	burstIds.forEach((id) => due.set(id, start + BURST_AT_MS));
	const dueRows = [...due].map(([id, at]) => ({ id, at: new Date(at).toISOString() }));
	for (let i = 0; i < dueRows.length; i += 5000) {
		const chunk = dueRows.slice(i, i + 5000);
		await sql`update handovers h set remind_50_due = d.at::timestamptz
		          from (select unnest(${chunk.map((r) => r.id)}::uuid[]) as id, unnest(${chunk.map((r) => r.at)}::text[]) as at) d where h.id = d.id`;
	}

	console.log(`scheduling ${PENDING.toLocaleString('nl-NL')} delayed jobs …`);
	const dueOf = new Map<string, number>(due);
	const stages = (await sql<{ id: string; remind50Due: Date }[]>`select id, remind_50_due from handovers`).map((r) => ({
		kind: SLA_FOLLOWUP,
		stage: 'remind-50',
		id: r.id,
		dueAt: r.remind50Due
	}));
	const scheduleStart = Date.now();
	await scheduleFollowups(queue('followups'), stages, systemClock);
	const scheduleMs = Date.now() - scheduleStart;
	const delayedAtStart = (await queue('followups').getJobCounts('delayed')).delayed;
	if (Date.now() > start + SPREAD_START_MS - 1000)
		console.warn('warning: scheduling took longer than the lead time; the first stages are late by setup');

	const startLateness: number[] = [];
	const commitLateness: number[] = [];
	const spreadSet = new Set(spreadIds);
	const burstStart: number[] = [];
	const burstEnd: number[] = [];
	const processor = followupsProcessor({ sql, clock: systemClock, queue: queue('followups') });
	const measured = async (job: Job, token?: string) => {
		const begin = Date.now();
		const id = (job.data as { id: string }).id;
		const dueAt = dueOf.get(id) ?? job.timestamp + (job.opts.delay ?? 0);
		const result = await processor(job, token);
		const end = Date.now();
		if (spreadSet.has(id)) {
			startLateness.push(begin - dueAt);
			commitLateness.push(end - dueAt);
		} else {
			burstStart.push(begin);
			burstEnd.push(end);
		}
		return result;
	};
	for (let i = 0; i < Number(args.workers); i++) {
		const connection = createRedis();
		connections.push(connection);
		workers.push(new Worker('followups', measured, { connection, prefix: bullPrefix(), concurrency: Number(args.concurrency) }));
	}

	const limit = Date.now() + Number(args['time-limit']) * 1000;
	const total = SPREAD + BURST;
	while (startLateness.length + burstStart.length < total && Date.now() < limit) await new Promise((r) => setTimeout(r, 200));
	const [fired] = await sql<{ n: number }[]>`select count(*)::int as n from handovers where reminded_50_at is not null`;
	const [notes] = await sql<{ n: number }[]>`select count(*)::int as n from notifications`;
	const stillDelayed = (await queue('followups').getJobCounts('delayed')).delayed;

	const s = summarize(startLateness);
	const c = summarize(commitLateness);
	const burstSecs = burstEnd.length ? (Math.max(...burstEnd) - (start + BURST_AT_MS)) / 1000 : Number.NaN;
	const throughput = burstEnd.length / burstSecs;
	console.log('');
	console.log(
		formatTable(
			['figure', 'value'],
			[
				['SLA stages pending (delayed jobs)', delayedAtStart.toLocaleString('nl-NL')],
				[
					'scheduling 100k jobs (addBulk)',
					`${(scheduleMs / 1000).toFixed(1)} s (${Math.round(stages.length / (scheduleMs / 1000)).toLocaleString('nl-NL')} jobs/s)`
				],
				['workers × concurrency', `${args.workers} × ${args.concurrency}`],
				[`lateness, processing start (n=${s.n}) p50 / p99 / max`, `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)} ms`],
				[`lateness, committed (n=${c.n}) p50 / p99 / max`, `${ms(c.p50)} / ${ms(c.p99)} / ${ms(c.max)} ms`],
				[`burst of ${BURST} due at once: drained in`, `${burstSecs.toFixed(2)} s`],
				['worker throughput (burst)', `${Math.round(throughput).toLocaleString('nl-NL')} stages/s`],
				['fired (PostgreSQL) / notifications stored', `${fired.n} / ${notes.n}`],
				['still pending afterwards', stillDelayed.toLocaleString('nl-NL')],
				['target: p99 lateness < 1 s with 100k pending', s.p99 < 1000 && fired.n === total ? 'met' : 'NOT met']
			]
		)
	);
} finally {
	await Promise.allSettled(workers.map((w) => w.close(true)));
	connections.forEach((c) => c.disconnect());
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	await dropTestResources(resources);
}
