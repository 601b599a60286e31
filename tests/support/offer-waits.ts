import type { Sql } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { fireFollowup } from '../../src/lib/server/followups/runner.ts';
import { slaFollowup } from '../../src/lib/server/sla/followups.ts';

/**
 * Tells the receiving organisation's people, through a notification, that an offer waits for their
 * answer: the offer's 50% reminder ("Overdracht … wacht op uw antwoord"), fired at its due moment on
 * a moved clock. The one place the e-mail tests depend on how an open offer notifies its partner.
 */
export async function notifyOfferWaits(sql: Sql, handoverId: string): Promise<void> {
	const [{ remind50Due }] = await sql<{ remind50Due: Date }[]>`select remind_50_due from handovers where id = ${handoverId}`;
	const result = await fireFollowup({ sql, clock: new ManualClock(remind50Due) }, slaFollowup, 'remind-50', handoverId);
	if (result.outcome !== 'fired') throw new Error(`the offer's reminder did not fire: ${result.outcome}`);
}
