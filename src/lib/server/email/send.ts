import { env } from '../env.ts';
import type { Presence } from '../realtime/presence.ts';
import { issueOneTimeToken } from '../auth/one-time.ts';
import { countByCategory } from './categories.ts';
import { invitationMail, passwordResetMail, waitingMail, type MailContent } from './texts.ts';
import { mailErrorCode, type MailSender } from './transport.ts';
import type { EmailKind, EmailState } from './deliveries.ts';
import type { ServiceDeps } from '../deps.ts';

export interface SendDeps extends ServiceDeps {
	/** The SMTP sender; null when e-mail is off in this process (the delivery is then skipped). */
	sender: MailSender | null;
	/** Who has a page of Ketentafel open: they see their notifications live, so "at once" mail waits. */
	presence: Presence | null;
}

/** What sending a delivery came to. */
export type SendOutcome = { outcome: 'done' } | { outcome: EmailState; result: string | null };

/** A send attempt failed and will be tried again (BullMQ's retry policy). */
export class MailSendError extends Error {
	override name = 'MailSendError';
}

interface DeliveryRow {
	id: string;
	userId: string;
	kind: EmailKind;
	state: EmailState;
	email: string;
	disabled: boolean;
	activated: boolean;
	preference: 'off' | 'immediate' | 'digest';
	mailedThrough: string;
}

async function finish(
	deps: SendDeps,
	id: string,
	state: Exclude<EmailState, 'pending'>,
	result: string | null,
	coveredThrough: string | null = null
): Promise<SendOutcome> {
	await deps.sql`
		update email_deliveries set state = ${state}, result = ${result}, finished_at = ${deps.clock.now()}, covered_through = ${coveredThrough}
		where id = ${id} and state = 'pending'`;
	return { outcome: state, result };
}

/** The unread notifications a person has not been e-mailed about yet: their ids and kinds, never their texts. */
async function waiting(deps: SendDeps, row: DeliveryRow): Promise<{ kinds: string[]; newest: string } | null> {
	const rows = await deps.sql<{ id: string; kind: string }[]>`
		select id::text, kind from notifications
		where user_id = ${row.userId} and read_at is null and id > ${row.mailedThrough} order by id`;
	return rows.length ? { kinds: rows.map((r) => r.kind), newest: rows[rows.length - 1].id } : null;
}

async function online(deps: SendDeps, userId: string): Promise<boolean> {
	if (!deps.presence) return false;
	const orgs = await deps.sql<{ id: string }[]>`select distinct organisation_id as id from memberships where user_id = ${userId}`;
	for (const { id } of orgs) if ((await deps.presence.online(id)).includes(userId)) return true;
	return false;
}

/** The content of a delivery, or why there is nothing to send. */
async function compose(deps: SendDeps, row: DeliveryRow): Promise<{ content: MailContent; covered: string | null } | { skip: string }> {
	const origin = env().ORIGIN;
	if (row.kind === 'invitation' || row.kind === 'password_reset') {
		if (row.kind === 'invitation' && row.activated) return { skip: 'already_accepted' };
		// the link is made now, in the worker: its token is stored only as a hash and never travels in a job
		const { token, expiresAt } = await deps.sql.begin((tx) =>
			issueOneTimeToken(tx, row.userId, row.kind as 'invitation' | 'password_reset', deps.clock)
		);
		if (row.kind === 'password_reset')
			return { content: passwordResetMail({ link: `${origin}/wachtwoord-herstellen/${token}`, validUntil: expiresAt }), covered: null };
		const orgs = await deps.sql<{ name: string }[]>`
			select o.name from memberships m join organisations o on o.id = m.organisation_id
			where m.user_id = ${row.userId} and o.ended_at is null group by o.name order by o.name`;
		return {
			content: invitationMail({ organisations: orgs.map((o) => o.name), link: `${origin}/uitnodiging/${token}`, validUntil: expiresAt }),
			covered: null
		};
	}
	const digest = row.kind === 'digest';
	if (row.preference !== (digest ? 'digest' : 'immediate')) return { skip: 'preference' };
	const found = await waiting(deps, row);
	if (!found) return { skip: 'nothing_waiting' };
	if (!digest && (await online(deps, row.userId))) return { skip: 'online' };
	return { content: waitingMail({ counts: countByCategory(found.kinds), origin, digest }), covered: found.newest };
}

/**
 * Sends one recorded e-mail (the 'email' queue's job): reads the person and, for notification
 * e-mails, which kinds of notification wait, from PostgreSQL; skips what no longer applies (account
 * disabled, invitation already accepted, preference changed, nothing unread, the person is online);
 * records the outcome. A failed attempt is recorded and thrown (MailSendError) for a retry, except
 * the final one, which records 'failed'. Safe to call twice: a finished delivery is left alone.
 */
export async function sendDelivery(deps: SendDeps, deliveryId: string, final: boolean): Promise<SendOutcome> {
	const [row] = await deps.sql<DeliveryRow[]>`
		select d.id::text, d.user_id, d.kind::text as kind, d.state::text as state, u.email, u.disabled_at is not null as disabled,
		       u.activated_at is not null as activated, u.notification_email::text as preference,
		       u.notifications_mailed_through::text as mailed_through
		from email_deliveries d join users u on u.id = d.user_id where d.id = ${deliveryId}`;
	if (!row || row.state !== 'pending') return { outcome: 'done' };
	if (row.disabled) return finish(deps, row.id, 'skipped', 'account_disabled');
	if (!deps.sender) return finish(deps, row.id, 'skipped', 'smtp_off');

	const composed = await compose(deps, row);
	if ('skip' in composed) return finish(deps, row.id, 'skipped', composed.skip);
	await deps.sql`update email_deliveries set attempts = attempts + 1 where id = ${row.id}`;
	try {
		await deps.sender.send(row.email, composed.content);
	} catch (error) {
		const code = mailErrorCode(error);
		if (final) return finish(deps, row.id, 'failed', code);
		await deps.sql`update email_deliveries set result = ${code} where id = ${row.id} and state = 'pending'`;
		throw new MailSendError(`sending e-mail ${row.id} failed (${code}); it will be tried again`);
	}
	if (composed.covered) {
		await deps.sql`update users set notifications_mailed_through = greatest(notifications_mailed_through, ${composed.covered}) where id = ${row.userId}`;
	}
	return finish(deps, row.id, 'sent', null, composed.covered);
}
