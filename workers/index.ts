import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import '../src/lib/server/validation/zod-locale.ts';
import { env } from '../src/lib/server/env.ts';
import { log } from '../src/lib/server/log.ts';
import { onShutdown, runOrExit } from '../src/lib/server/startup.ts';
import { preflight } from '../src/lib/server/preflight.ts';
import { systemClock } from '../src/lib/server/clock.ts';
import { createRedis, redis, closeRedis, reportRedisError } from '../src/lib/server/redis.ts';
import { bullPrefix, closeQueues, queue, removeRetiredQueues } from '../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../src/lib/server/realtime/hub.ts';
import { heartbeatProcessor } from './heartbeat.ts';
import { followupsProcessor } from './followups.ts';
import { rollupsProcessor } from './rollups.ts';
import { dashboardProcessor } from './dashboard.ts';
import { retentionProcessor } from './retention.ts';
import { auditProcessor } from './audit.ts';
import { emailProcessor } from './email.ts';
import { smtpSender, mailEnabled } from '../src/lib/server/email/transport.ts';
import { DIGEST_JOB, DIGEST_PATTERN } from '../src/lib/server/email/digest.ts';
import { Presence } from '../src/lib/server/realtime/presence.ts';
import { scheduleRetention } from '../src/lib/server/retention/schedule.ts';
import { closeDb, db, useStatementTimeout } from '../src/lib/server/db/client.ts';
import { JOB_POLICIES } from '../src/lib/server/jobs.ts';

const isConnectionError = (err: Error & { code?: string }) =>
	/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|connect ETIMEDOUT/.test(`${err.code ?? ''} ${err.message}`);

await runOrExit('ketentafel workers', async () => {
	const config = env();
	useStatementTimeout(config.WORKER_STATEMENT_TIMEOUT_SECONDS);
	// registered before anything starts, so that a SIGTERM during start-up also stops cleanly
	let keeper: NodeJS.Timeout | undefined;
	let connection: ReturnType<typeof createRedis> | undefined;
	const workers: Worker[] = [];
	const sender = mailEnabled() ? smtpSender() : null;
	onShutdown(
		'ketentafel workers',
		async () => {
			clearInterval(keeper);
			await Promise.allSettled(workers.map((w) => w.close()));
			sender?.close();
			await Promise.allSettled([closeQueues(), closeDetachedRealtime(), closeDb(), closeRedis()]);
			connection?.disconnect();
		},
		15_000
	);
	await preflight();
	const name = `${hostname()}:${process.pid}`;
	connection = createRedis();

	// Job schedulers live in Redis: upserted at start and again every interval, so an emptied Redis
	// gets them back without a restart (upserting is idempotent, whatever the number of workers).
	const ensureSchedulers = async () => {
		await queue('heartbeat').upsertJobScheduler(
			'heartbeat',
			{ every: config.HEARTBEAT_SECONDS * 1000 },
			{ name: 'beat', data: {}, opts: JOB_POLICIES.heartbeat }
		);
		await queue('followups').upsertJobScheduler(
			'reconcile',
			{ every: config.SLA_RECONCILE_SECONDS * 1000 },
			{ name: 'reconcile', data: {}, opts: JOB_POLICIES.reconcile }
		);
		// the daily waiting-time snapshot (of yesterday), every morning at 06:00 Amsterdam time
		// the doorstroom figures of a period that has ended: published once, early every morning
		await queue('dashboard').upsertJobScheduler(
			'publish',
			{ pattern: '30 5 * * *', tz: 'Europe/Amsterdam' },
			{ name: 'publish', data: {}, opts: JOB_POLICIES.rollup }
		);
		await queue('rollups').upsertJobScheduler(
			'waiting-snapshot',
			{ pattern: '0 6 * * *', tz: 'Europe/Amsterdam' },
			{ name: 'waiting-snapshot', data: {}, opts: JOB_POLICIES.rollup }
		);
		await scheduleRetention(queue('retention'));
		// the audit log: settled rows sealed into the hash chain every five minutes, the whole chain checked nightly
		await queue('audit').upsertJobScheduler('seal', { every: 5 * 60_000 }, { name: 'seal', data: {}, opts: JOB_POLICIES.reconcile });
		await queue('audit').upsertJobScheduler(
			'verify',
			{ pattern: '0 4 * * *', tz: 'Europe/Amsterdam' },
			{ name: 'verify', data: {}, opts: JOB_POLICIES.rollup }
		);
		// e-mail: the daily overview at 08:00 on working days, and pending e-mails whose job was lost
		await queue('email').upsertJobScheduler(
			DIGEST_JOB,
			{ pattern: DIGEST_PATTERN, tz: 'Europe/Amsterdam' },
			{ name: DIGEST_JOB, data: {}, opts: JOB_POLICIES.rollup }
		);
		await queue('email').upsertJobScheduler(
			'reconcile',
			{ every: config.SLA_RECONCILE_SECONDS * 1000 },
			{ name: 'reconcile', data: {}, opts: JOB_POLICIES.reconcile }
		);
	};
	await ensureSchedulers();
	// queues of earlier versions (the SLA's 'timers' queue): emptied, their work is re-derived from PostgreSQL
	await removeRetiredQueues().catch((err: Error) => log().warn({ err: err.message }, 'could not remove the retired queues'));
	// Reconcile once right away: a restart (or an emptied Redis) loses nothing.
	await queue('followups').add('reconcile', {}, JOB_POLICIES.reconcile);
	await queue('rollups').add('waiting-snapshot', {}, JOB_POLICIES.rollup);
	// what is due at start too (a fresh database, or one restored from a backup); one job for every worker process
	await queue('dashboard').add('publish', {}, { ...JOB_POLICIES.rollup, jobId: `publish-${new Date().toISOString().slice(0, 13)}` });
	keeper = setInterval(() => {
		ensureSchedulers().catch((err: Error) => log().warn({ err: err.message }, 'could not upsert the job schedulers'));
	}, config.SLA_RECONCILE_SECONDS * 1000);
	keeper.unref();

	workers.push(
		new Worker('heartbeat', heartbeatProcessor(redis(), systemClock, name), {
			connection,
			prefix: bullPrefix(),
			concurrency: 1
		}),
		new Worker('followups', followupsProcessor({ sql: db(), clock: systemClock, queue: queue('followups') }), {
			connection,
			prefix: bullPrefix(),
			concurrency: config.WORKER_CONCURRENCY
		}),
		new Worker('dashboard', dashboardProcessor({ sql: db(), clock: systemClock }), {
			connection,
			prefix: bullPrefix(),
			concurrency: 1
		}),
		new Worker('rollups', rollupsProcessor({ sql: db(), clock: systemClock }), {
			connection,
			prefix: bullPrefix(),
			concurrency: 1
		}),
		new Worker('retention', retentionProcessor({ sql: db(), clock: systemClock }), {
			connection,
			prefix: bullPrefix(),
			concurrency: 1
		}),
		new Worker('audit', auditProcessor({ sql: db() }), {
			connection,
			prefix: bullPrefix(),
			concurrency: 1
		}),
		new Worker(
			'email',
			emailProcessor({ sql: db(), clock: systemClock, sender, presence: new Presence(redis(), config.REDIS_PREFIX, systemClock) }),
			{
				connection,
				prefix: bullPrefix(),
				concurrency: config.WORKER_CONCURRENCY
			}
		)
	);
	for (const worker of workers) {
		// connection errors are one line per outage (reportRedisError); anything else is logged as it comes
		worker.on('error', (err) =>
			isConnectionError(err) ? reportRedisError(err) : log().error({ err, queue: worker.name }, 'worker error')
		);
		worker.on('failed', (job, err) =>
			log().warn({ queue: worker.name, job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed')
		);
	}
	log().info({ worker: name, queues: workers.map((w) => w.name), email: sender ? 'on' : 'off (no SMTP_URL)' }, 'workers started');
});
