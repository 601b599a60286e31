import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { queue } from '../queues.ts';
import { log } from '../log.ts';
import { cancelTimers, handoverTimers, scheduleTimers } from './schedule.ts';

const REDIS_WAIT_MS = 2000;

function bounded(work: Promise<unknown>, what: string): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<void>((resolve) => {
		timer = setTimeout(() => {
			log().warn({ what }, 'SLA timers: Redis did not answer in time; reconciliation will catch up');
			resolve();
		}, REDIS_WAIT_MS);
	});
	return Promise.race([
		work.then(
			() => undefined,
			(error: unknown) => log().warn({ what, err: error instanceof Error ? error.message : String(error) }, 'SLA timers: enqueue failed; reconciliation will catch up')
		),
		timeout
	]).finally(() => clearTimeout(timer));
}

/** After an offer commits: enqueue its three timers. Never throws; reconciliation covers a failure. */
export async function timersAfterOffer(sql: Db, handoverId: string, clock: Clock): Promise<void> {
	await bounded(
		handoverTimers(sql, handoverId).then((timers) => scheduleTimers(queue('timers'), timers, clock)),
		'schedule'
	);
}

/** After an answer or withdrawal commits: remove the offer's timers (handlers ignore leftovers). */
export async function timersAfterClose(handoverId: string): Promise<void> {
	await bounded(cancelTimers(queue('timers'), handoverId), 'cancel');
}
