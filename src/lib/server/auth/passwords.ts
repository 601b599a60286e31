import type { Tx } from '../db/client.ts';
import { audit, type AuditActor } from '../audit/log.ts';
import { endUserAccess } from '../realtime/revocation.ts';
import { enqueueDeliveries, recordDelivery } from '../email/deliveries.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { peekOneTimeToken, useOneTimeToken, type OneTimeHolder, type OneTimePurpose } from './one-time.ts';
import { createSession, endOtherSessions, type AuthContext } from './session.ts';
import {
	PASSWORD_CHANGE_PER_USER,
	PASSWORD_RESET_PER_ADDRESS,
	PASSWORD_RESET_PER_IP,
	type Refusal,
	type ThrottleCheck
} from './throttle.ts';
import { throttleAddress } from './address.ts';
import { actorOf, reserve, settle, type AuthDeps, type RequestOrigin, type SessionCookies } from './service.ts';

const anonymous = (origin: RequestOrigin, userId: string | null = null): AuditActor => ({
	userId,
	organisationId: null,
	roles: [],
	ip: origin.ip,
	userAgent: origin.userAgent
});

export type ChangePasswordResult =
	{ ok: true; endedSessions: number } | { ok: false; reason: 'invalid'; fields: { current?: string; next?: string } } | Refusal;

/**
 * Changes the signed-in person's own password: the new one must pass the password policy, the
 * current one must be right (throttled per user, each failure audited). Every other session of the
 * person ends, and their open pages with it; this one stays.
 */
export async function changeOwnPassword(
	deps: AuthDeps,
	auth: AuthContext,
	input: { current: string; next: string },
	origin: RequestOrigin
): Promise<ChangePasswordResult> {
	const actor = actorOf(auth, origin);
	const record = { type: 'user', id: auth.user.id };
	const problem = await passwordProblem(input.next, { email: auth.user.email, name: auth.user.name, organisation: auth.active?.name });
	if (problem) return { ok: false, reason: 'invalid', fields: { next: problem } };

	const checks: ThrottleCheck[] = [[PASSWORD_CHANGE_PER_USER, auth.user.id]];
	const reservation = await reserve(deps.throttle, checks);
	if (!reservation || !reservation.ok) {
		await audit(deps.sql, actor, 'auth.password_change_throttled', record, { reason: reservation ? 'throttled' : 'unavailable' });
		return reservation
			? { ok: false, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds }
			: { ok: false, reason: 'unavailable' };
	}
	const [user] = await deps.sql<{ passwordHash: string | null }[]>`select password_hash from users where id = ${auth.user.id}`;
	if (!(await verifyPassword(user?.passwordHash ?? null, input.current))) {
		await audit(deps.sql, actor, 'auth.password_change_failed', record);
		return { ok: false, reason: 'invalid', fields: { current: 'Dit wachtwoord klopt niet.' } };
	}
	if (input.current === input.next) return { ok: false, reason: 'invalid', fields: { next: 'Kies een ander wachtwoord dan uw huidige.' } };

	const passwordHash = await hashPassword(input.next);
	const ended = await deps.sql.begin(async (tx) => {
		await tx`update users set password_hash = ${passwordHash}, password_changed_at = ${deps.clock.now()} where id = ${auth.user.id}`;
		const count = await endOtherSessions(tx, auth.user.id, auth.session.id);
		await audit(tx, actor, 'auth.password_changed', record, { sessions: count });
		return count;
	});
	await settle(deps.throttle.clear(PASSWORD_CHANGE_PER_USER, auth.user.id));
	return { ok: true, endedSessions: ended };
}

/**
 * "Wachtwoord vergeten": when the address belongs to an active account, records a password-reset
 * e-mail (the workers make the one-time link and send it). The answer is the same whether or not
 * the address has an account; requests are throttled per address and per client address (a spent
 * budget is refused the same way for any address). Every request is audited, the unknown ones
 * without an account.
 */
export async function requestPasswordReset(
	deps: AuthDeps,
	input: { email: string },
	origin: RequestOrigin
): Promise<{ ok: true } | Refusal> {
	const email = input.email.trim().toLowerCase();
	const checks: ThrottleCheck[] = [[PASSWORD_RESET_PER_ADDRESS, email]];
	if (origin.ip) checks.push([PASSWORD_RESET_PER_IP, throttleAddress(origin.ip)]);
	const [user] = await deps.sql<{ id: string }[]>`select id from users where email = ${email} and disabled_at is null`;
	const record = user ? { type: 'user', id: user.id } : null;
	const reservation = await reserve(deps.throttle, checks);
	if (!reservation || !reservation.ok) {
		await audit(deps.sql, anonymous(origin, user?.id), 'auth.password_reset_throttled', record, {
			reason: reservation ? 'throttled' : 'unavailable'
		});
		return reservation
			? { ok: false, reason: 'throttled', retryAfterSeconds: reservation.retryAfterSeconds }
			: { ok: false, reason: 'unavailable' };
	}
	if (!user) {
		await audit(deps.sql, anonymous(origin), 'auth.password_reset_requested', null, { reason: 'unknown_account' });
		return { ok: true };
	}
	const delivery = await deps.sql.begin(async (tx) => {
		const recorded = await recordDelivery(tx, user.id, 'password_reset', deps.clock.now());
		await audit(tx, anonymous(origin, user.id), 'auth.password_reset_requested', record, {
			email: recorded.state === 'pending' ? 'queued' : 'smtp_off'
		});
		return recorded;
	});
	if (delivery.state === 'pending') await enqueueDeliveries([delivery.id]);
	return { ok: true };
}

/** The person a link is for, when it still works (to greet them and check their new password against). */
export function linkHolder(deps: AuthDeps, token: string, purpose: OneTimePurpose): Promise<OneTimeHolder | null> {
	return peekOneTimeToken(deps.sql, token, purpose, deps.clock);
}

export type LinkResult<T> =
	({ ok: true } & T) | { ok: false; reason: 'invalid_link' } | { ok: false; reason: 'invalid'; fields: { password: string } };

/** Sets the password of a link's holder and uses the link, in one transaction; `then` does the rest. */
async function setPasswordWithLink<T>(
	deps: AuthDeps,
	token: string,
	purpose: OneTimePurpose,
	password: string,
	origin: RequestOrigin,
	then: (tx: Tx, holder: OneTimeHolder) => Promise<T>
): Promise<LinkResult<T>> {
	const holder = await linkHolder(deps, token, purpose);
	if (!holder) {
		await audit(deps.sql, anonymous(origin), 'auth.link_refused', null, { purpose });
		return { ok: false, reason: 'invalid_link' };
	}
	const problem = await passwordProblem(password, { email: holder.email, name: holder.name });
	if (problem) return { ok: false, reason: 'invalid', fields: { password: problem } };
	const passwordHash = await hashPassword(password);
	const outcome = await deps.sql.begin(async (tx) => {
		const used = await useOneTimeToken(tx, token, purpose, deps.clock);
		if (!used) return null;
		// a link proves the address: an invited account is in from now on, whichever link it used
		await tx`
			update users set password_hash = ${passwordHash}, password_changed_at = ${deps.clock.now()}, activated_at = coalesce(activated_at, ${deps.clock.now()})
			where id = ${used.userId}`;
		return { value: await then(tx, used) };
	});
	if (!outcome) {
		await audit(deps.sql, anonymous(origin), 'auth.link_refused', null, { purpose });
		return { ok: false, reason: 'invalid_link' };
	}
	return { ok: true, ...outcome.value };
}

/**
 * Sets a new password through a reset link (once, before it expires): every session of the person
 * ends, open pages included; they sign in again with the new password (and their second factor).
 */
export function resetPassword(
	deps: AuthDeps,
	token: string,
	password: string,
	origin: RequestOrigin
): Promise<LinkResult<{ userId: string }>> {
	return setPasswordWithLink(deps, token, 'password_reset', password, origin, async (tx, holder) => {
		await endUserAccess(tx, holder.userId);
		await audit(tx, anonymous(origin, holder.userId), 'auth.password_reset', { type: 'user', id: holder.userId });
		return { userId: holder.userId };
	});
}

/**
 * Accepts an invitation: sets the first password through the link (once, before it expires) and
 * signs the person in. Whoever's role requires a second factor sets it up next (the session's
 * stage sends them there).
 */
export function acceptInvitation(
	deps: AuthDeps,
	token: string,
	password: string,
	origin: RequestOrigin
): Promise<LinkResult<{ userId: string; session: SessionCookies }>> {
	return setPasswordWithLink(deps, token, 'invitation', password, origin, async (tx, holder) => {
		const session = await createSession(
			tx,
			{ userId: holder.userId, twoFactorVerified: false, ip: origin.ip, userAgent: origin.userAgent },
			deps.sessionTtlMs,
			deps.clock,
			deps.sessionMaxMs
		);
		const actor = {
			...anonymous(origin, holder.userId),
			organisationId: session.active?.organisationId ?? null,
			roles: session.active?.roles ?? []
		};
		await audit(tx, actor, 'account.invitation_accepted', { type: 'user', id: holder.userId });
		return { userId: holder.userId, session: { token: session.token, expiresAt: session.expiresAt, device: null } };
	});
}
