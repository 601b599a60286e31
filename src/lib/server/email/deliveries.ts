import { db, type Db } from '../db/client.ts';
import { log } from '../log.ts';
import { queue } from '../queues.ts';
import { JOB_POLICIES } from '../jobs.ts';
import { mailEnabled } from './transport.ts';
import type { ServiceDeps } from '../deps.ts';

export type EmailKind = 'invitation' | 'password_reset' | 'notification' | 'digest';
export type EmailState = 'pending' | 'sent' | 'skipped' | 'failed';

/** The job that sends one e-mail: its data is the delivery's id, nothing else. */
export const SEND_JOB = 'send';

/** The BullMQ job id of a delivery: deterministic, so queueing it twice is a no-op. */
export function sendJobId(deliveryId: string): string {
	return `mail-${deliveryId}`;
}

/**
 * Records an e-mail to send to a person, in the caller's transaction: pending when e-mail is on,
 * else at once 'skipped' with result 'smtp_off' (so the record shows it was never sent). Returns
 * the delivery's id and state; queue pending ones with enqueueDeliveries after commit.
 */
export async function recordDelivery(
	tx: Db,
	userId: string,
	kind: Exclude<EmailKind, 'digest' | 'notification'>,
	now: Date
): Promise<{ id: string; state: EmailState }> {
	const on = mailEnabled();
	const [row] = await tx<{ id: string; state: EmailState }[]>`
		insert into email_deliveries (user_id, kind, state, created_at, finished_at, result)
		values (${userId}, ${kind}, ${on ? 'pending' : 'skipped'}, ${now}, ${on ? null : now}, ${on ? null : 'smtp_off'})
		returning id::text, state::text`;
	return row;
}

/**
 * After commit: puts a send job on the 'email' queue for each pending delivery. Never throws: a
 * delivery whose job could not be queued is picked up by the reconciliation in the workers.
 */
export async function enqueueDeliveries(ids: string[]): Promise<void> {
	if (!ids.length) return;
	try {
		await queue('email').addBulk(
			ids.map((id) => ({ name: SEND_JOB, data: { deliveryId: id }, opts: { ...JOB_POLICIES.email, jobId: sendJobId(id) } }))
		);
	} catch (error) {
		log().warn(
			{ err: error instanceof Error ? error.message : String(error), deliveries: ids.length },
			'queueing e-mail failed; reconciliation will queue it'
		);
	}
}

/**
 * The one place notifications lead to e-mail (called by insertNotifications, in its transaction):
 * for each person who chose "at once" and is active, one pending notification e-mail, which the
 * notifications that follow before it is sent join. Nothing when e-mail is off. Digests are planned
 * by the workers at 08:00 (digest.ts) from the notifications themselves.
 */
export async function noteNotificationMails(tx: Db, userIds: string[], now: Date): Promise<void> {
	if (!userIds.length || !mailEnabled()) return;
	await tx`
		insert into email_deliveries (user_id, kind, created_at)
		select u.id, 'notification', ${now} from users u
		where u.id = any(${[...new Set(userIds)]}::uuid[]) and u.notification_email = 'immediate' and u.disabled_at is null and u.activated_at is not null
		on conflict (user_id) where kind = 'notification' and state = 'pending' do nothing`;
}

/** After commit: queues the pending notification e-mails of these people. Never throws. */
export async function enqueueNotificationMails(userIds: string[]): Promise<void> {
	if (!userIds.length || !mailEnabled()) return;
	try {
		const rows = await db()<{ id: string }[]>`
			select id::text from email_deliveries where user_id = any(${[...new Set(userIds)]}::uuid[]) and kind = 'notification' and state = 'pending'`;
		await enqueueDeliveries(rows.map((r) => r.id));
	} catch (error) {
		log().warn(
			{ err: error instanceof Error ? error.message : String(error) },
			'queueing notification e-mail failed; reconciliation will queue it'
		);
	}
}

/**
 * Queues every delivery that is still pending a while after it was recorded (its job was lost:
 * Redis emptied, the portal stopped between commit and queueing). Safe to repeat: the job ids are
 * deterministic. Returns how many it queued.
 */
export async function reconcileDeliveries(deps: ServiceDeps, graceMs = 60_000): Promise<number> {
	const rows = await deps.sql<{ id: string }[]>`
		select id::text from email_deliveries where state = 'pending' and created_at < ${new Date(deps.clock.now().getTime() - graceMs)}
		order by id limit 1000`;
	if (rows.length)
		await queue('email').addBulk(
			rows.map(({ id }) => ({ name: SEND_JOB, data: { deliveryId: id }, opts: { ...JOB_POLICIES.email, jobId: sendJobId(id) } }))
		);
	return rows.length;
}

/** What the status page shows: whether e-mail is on, and the last day's deliveries per state. */
export interface MailStatus {
	enabled: boolean;
	lastDay: Record<EmailState, number>;
	lastSentAt: Date | null;
	lastFailure: { at: Date; result: string | null } | null;
}

/** E-mail on or off, and how the last 24 hours of deliveries went. */
export async function mailStatus(sql: Db, now: Date): Promise<MailStatus> {
	const since = new Date(now.getTime() - 24 * 3600_000);
	const rows = await sql<{ state: EmailState; n: number }[]>`
		select state::text, count(*)::int as n from email_deliveries where created_at >= ${since} group by state`;
	const [sent] = await sql<{ at: Date }[]>`select max(finished_at) as at from email_deliveries where state = 'sent'`;
	const [failure] = await sql<{ at: Date; result: string | null }[]>`
		select finished_at as at, result from email_deliveries where state = 'failed' order by finished_at desc limit 1`;
	const lastDay = { pending: 0, sent: 0, skipped: 0, failed: 0 } as Record<EmailState, number>;
	for (const r of rows) lastDay[r.state] = r.n;
	return { enabled: mailEnabled(), lastDay, lastSentAt: sent?.at ?? null, lastFailure: failure ?? null };
}
