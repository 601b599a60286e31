import type { Queue } from 'bullmq';
import { auditActorOf, isVtBeheerder, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import type { Db } from '../db/client.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import { QUEUE_NAMES, queue } from '../queues.ts';

/** How many failed jobs per queue the status view lists (newest first). */
export const FAILED_SHOWN = 50;

const ONLY_VT =
	'Alleen beheerders van Veilig Thuis, dat Ketentafel beheert, kunnen de wachtrijen bekijken en beheren: de taken noemen overdrachten van alle organisaties.';
const NOT_FAILED = 'Deze taak is niet (meer) mislukt: een worker heeft haar al opnieuw opgepakt of ze is opgeruimd. Er is niets gewijzigd.';

/** A failed job as the status view shows it: its queue, name and id, never its data. */
export interface FailedJob {
	id: string;
	name: string;
	/** When it failed last (ISO), or null when BullMQ did not record it. */
	failedAt: string | null;
	attemptsMade: number;
	/** The handler's error message, e-mail addresses masked. */
	reason: string;
}

export interface QueueOverview {
	name: string;
	counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
	failed: FailedJob[];
}

/** Where the queues come from: this deployment's (default) or a test's own. */
export interface QueueAdminDeps {
	sql: Db;
	queues?: Queue[];
}

function queuesOf(deps: QueueAdminDeps): Queue[] {
	return deps.queues ?? QUEUE_NAMES.map((name) => queue(name));
}

function requireQueueAdmin(actor: Actor): void {
	if (!isVtBeheerder(actor)) throw new ForbiddenError(ONLY_VT);
}

/** A failure message without e-mail addresses (a mail job's error may name its recipient), at most 300 characters. */
export function maskReason(reason: string | undefined): string {
	const masked = (reason ?? '').replace(/[^\s@<>"'()]+@[^\s@<>"'()]+\.[a-z]{2,}/gi, '[e-mailadres]');
	return masked.length > 300 ? `${masked.slice(0, 299)}…` : masked;
}

/**
 * Every queue's job counts and its latest failed jobs (name, id, time, attempts, reason; not their
 * data), for beheerders of Veilig Thuis only (ForbiddenError otherwise). The view is audited as
 * 'queues.viewed'.
 */
export async function queueOverview(deps: QueueAdminDeps, actor: Actor): Promise<QueueOverview[]> {
	requireQueueAdmin(actor);
	const overview = await Promise.all(
		queuesOf(deps).map(async (q): Promise<QueueOverview> => {
			const [c, jobs] = await Promise.all([
				q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
				q.getJobs(['failed'], 0, FAILED_SHOWN - 1, false)
			]);
			return {
				name: q.name,
				counts: {
					waiting: c.waiting ?? 0,
					active: c.active ?? 0,
					delayed: c.delayed ?? 0,
					failed: c.failed ?? 0,
					completed: c.completed ?? 0
				},
				failed: jobs
					.filter((j) => j?.id)
					.map((j) => ({
						id: String(j.id),
						name: j.name,
						failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
						attemptsMade: j.attemptsMade,
						reason: maskReason(j.failedReason)
					}))
			};
		})
	);
	await audit(deps.sql, auditActorOf(actor), 'queues.viewed', null, { path: '/beheer/wachtrijen' });
	return overview;
}

/**
 * Puts one failed job back in its queue, for beheerders of Veilig Thuis only (ForbiddenError
 * otherwise), audited as 'queues.job_retried'. A job that does not exist or is no longer failed
 * is refused with a ConflictError and nothing is audited.
 */
export async function retryFailedJob(deps: QueueAdminDeps, actor: Actor, queueName: string, jobId: string): Promise<void> {
	requireQueueAdmin(actor);
	const q = queuesOf(deps).find((candidate) => candidate.name === queueName);
	if (!q) throw new ConflictError('Deze wachtrij bestaat niet.');
	const job = await q.getJob(jobId);
	if (!job || (await job.getState()) !== 'failed') throw new ConflictError(NOT_FAILED);
	try {
		await job.retry('failed');
	} catch {
		// a worker or another beheerder moved it in the meantime
		throw new ConflictError(NOT_FAILED);
	}
	await audit(deps.sql, auditActorOf(actor), 'queues.job_retried', null, { queue: queueName, jobId });
}
