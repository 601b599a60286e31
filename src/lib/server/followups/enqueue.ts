import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { queue } from '../queues.ts';
import { log } from '../log.ts';
import { followupJobId, scheduleFollowups } from './runner.ts';
import type { FollowupKind } from './types.ts';

/** How long a service waits for Redis after its commit; reconciliation covers whatever did not get through. */
const REDIS_WAIT_MS = 2000;

function bounded(work: Promise<unknown>, what: string, kind: string): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<void>((resolve) => {
		timer = setTimeout(() => {
			log().warn({ what, kind }, 'follow-ups: Redis did not answer in time; reconciliation will catch up');
			resolve();
		}, REDIS_WAIT_MS);
	});
	return Promise.race([
		work.then(
			() => undefined,
			(error: unknown) =>
				log().warn(
					{ what, kind, err: error instanceof Error ? error.message : String(error) },
					'follow-ups: enqueue failed; reconciliation will catch up'
				)
		),
		timeout
	]).finally(() => clearTimeout(timer));
}

/**
 * After a service commits an item whose first stage may fall due before the next reconciliation
 * (a spoed offer's SLA): enqueues the item's unfired stages as delayed jobs now, with their delays
 * from the clock. Never throws and waits at most two seconds for Redis: reconciliation re-derives
 * whatever did not get through from PostgreSQL.
 */
export async function enqueueFollowupsOf<S extends string>(sql: Db, kind: FollowupKind<S>, id: string, clock: Clock): Promise<void> {
	const pendingOf = kind.pendingOf;
	if (!pendingOf) return;
	await bounded(
		pendingOf.call(kind, sql, id).then((stages) => scheduleFollowups(queue('followups'), stages, clock)),
		'schedule',
		kind.name
	);
}

/**
 * After a service finishes an item (an offer answered or withdrawn): removes its queued stages.
 * Never throws; a job that stays behind finds the item finished and does nothing.
 */
export async function cancelFollowupsOf<S extends string>(kind: FollowupKind<S>, id: string): Promise<void> {
	const q = queue('followups');
	await bounded(Promise.all(kind.stages.map((stage) => q.remove(followupJobId(kind.name, stage, id)).catch(() => 0))), 'cancel', kind.name);
}
