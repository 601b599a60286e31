import type { Tx } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { env } from '../env.ts';
import { isVtBeheerder, auditActorOf, type Actor } from '../actor.ts';
import { audit, type AuditActor } from '../audit/log.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import type { Role } from '../auth/roles.ts';
import { issueOneTimeToken } from '../auth/one-time.ts';
import { endUserAccess } from '../realtime/revocation.ts';
import { enqueueDeliveries, recordDelivery } from '../email/deliveries.ts';
import { mayManageAccounts, rolesForKind } from './access.ts';
import type { InviteInput, PersonInput, RolesInput } from './schema.ts';
import type { ServiceDeps } from '../deps.ts';

/** How an invitation reaches the person: by e-mail through the workers, or (e-mail off) a link shown once to the beheerder. */
export type InvitationSent = { via: 'email' } | { via: 'link'; link: string; validUntil: Date } | { via: 'none' };

interface Organisation {
	id: string;
	name: string;
	kind: string;
	endedAt: Date | null;
}

/** The organisation, when the actor may manage its accounts; else a ForbiddenError. */
async function managedOrganisation(tx: Tx, actor: Actor, organisationId: string): Promise<Organisation> {
	const [org] = await tx<Organisation[]>`select id, name, kind::text as kind, ended_at from organisations where id = ${organisationId}`;
	if (!org || !mayManageAccounts(actor, org.id)) throw new ForbiddenError('U beheert de accounts van deze organisatie niet.');
	return org;
}

function checkRoles(org: Organisation, roles: Role[]): void {
	const allowed = rolesForKind(org.kind);
	if (roles.some((r) => !allowed.includes(r)))
		throw new InputError('Rol past niet', { roles: 'Kies alleen rollen die bij deze organisatie horen.' });
}

interface Member {
	id: string;
	email: string;
	disabledAt: Date | null;
	activated: boolean;
	roles: Role[];
}

/** The person as a member of the organisation, locked for the change; a ForbiddenError when they are not one. */
async function lockedMember(tx: Tx, userId: string, organisationId: string): Promise<Member> {
	const [member] = await tx<Member[]>`
		select u.id, u.email, u.disabled_at, u.activated_at is not null as activated,
		       array(select m.role::text from memberships m where m.user_id = u.id and m.organisation_id = ${organisationId} order by m.role) as roles
		from users u where u.id = ${userId} for update`;
	if (!member || member.roles.length === 0) throw new ForbiddenError('Deze persoon heeft geen account bij deze organisatie.');
	return member;
}

/** Records the invitation e-mail, or (e-mail off) makes the link to show once. */
async function invitation(tx: Tx, clock: Clock, userId: string): Promise<{ sent: InvitationSent; deliveryId: string | null }> {
	const delivery = await recordDelivery(tx, userId, 'invitation', clock.now());
	if (delivery.state === 'pending') return { sent: { via: 'email' }, deliveryId: delivery.id };
	const { token, expiresAt } = await issueOneTimeToken(tx, userId, 'invitation', clock);
	return { sent: { via: 'link', link: `${env().ORIGIN}/uitnodiging/${token}`, validUntil: expiresAt }, deliveryId: null };
}

/**
 * Invites a colleague into an organisation the actor manages: a new account without a password and
 * an invitation (e-mail, or a link shown once when e-mail is off), or, when the address already has
 * an account elsewhere, the roles added to that one account. Audited; membership changes reach the
 * person's open pages at once (013).
 */
export async function invitePerson(
	deps: ServiceDeps,
	actor: Actor,
	input: InviteInput
): Promise<{ userId: string; existing: boolean; sent: InvitationSent }> {
	const now = deps.clock.now();
	const result = await deps.sql.begin(async (tx) => {
		const org = await managedOrganisation(tx, actor, input.organisationId);
		if (org.endedAt) throw new ConflictError('Deze organisatie is beëindigd.');
		checkRoles(org, input.roles);
		const [found] = await tx<{ id: string; disabledAt: Date | null; activated: boolean; member: boolean }[]>`
			select u.id, u.disabled_at, u.activated_at is not null as activated,
			       exists (select 1 from memberships m where m.user_id = u.id and m.organisation_id = ${org.id}) as member
			from users u where u.email = ${input.email} for update`;
		if (found?.member)
			throw new InputError('Al lid', {
				email: 'Deze persoon heeft al een account bij deze organisatie. Wijzig de rollen op de pagina van deze persoon.'
			});
		if (found?.disabledAt)
			throw new InputError('Gedeactiveerd', {
				email: 'Het account met dit e-mailadres is gedeactiveerd. Een beheerder van Veilig Thuis kan het weer activeren.'
			});
		const userId =
			found?.id ??
			(
				await tx<{ id: string }[]>`
				insert into users (email, name, password_hash, invited_at, activated_at) values (${input.email}, ${input.name}, null, ${now}, null) returning id`
			)[0].id;
		await tx`insert into memberships ${tx(input.roles.map((role) => ({ userId, organisationId: org.id, role })))} on conflict do nothing`;
		const invite = found?.activated
			? { sent: { via: 'none' } as InvitationSent, deliveryId: null }
			: await invitation(tx, deps.clock, userId);
		await audit(
			tx,
			auditActorOf(actor),
			'account.invited',
			{ type: 'user', id: userId },
			{
				organisation: org.id,
				roles: input.roles,
				existing: !!found,
				email: invite.sent.via === 'email' ? 'queued' : invite.sent.via === 'link' ? 'shown_once' : null
			}
		);
		return { userId, existing: !!found, ...invite };
	});
	if (result.deliveryId) await enqueueDeliveries([result.deliveryId]);
	return { userId: result.userId, existing: result.existing, sent: result.sent };
}

/** Sends a new invitation to someone who has not set a password yet (the old link stops working when the new one is made). */
export async function resendInvitation(deps: ServiceDeps, actor: Actor, input: PersonInput): Promise<InvitationSent> {
	const result = await deps.sql.begin(async (tx) => {
		const org = await managedOrganisation(tx, actor, input.organisationId);
		const member = await lockedMember(tx, input.userId, org.id);
		if (member.activated) throw new ConflictError('Deze persoon heeft de uitnodiging al aangenomen.');
		if (member.disabledAt) throw new ConflictError('Dit account is gedeactiveerd.');
		const invite = await invitation(tx, deps.clock, member.id);
		await audit(
			tx,
			auditActorOf(actor),
			'account.invitation_resent',
			{ type: 'user', id: member.id },
			{
				organisation: org.id,
				email: invite.sent.via === 'email' ? 'queued' : 'shown_once'
			}
		);
		return invite;
	});
	if (result.deliveryId) await enqueueDeliveries([result.deliveryId]);
	return result.sent;
}

/**
 * Sets a person's roles in an organisation the actor manages. The person's open pages reload with
 * the new menu at once (013); a beheerder without a second factor sets one up first. Refuses to
 * take the actor's own beheerder role (so an organisation always keeps a beheerder).
 */
export async function changeRoles(deps: ServiceDeps, actor: Actor, input: RolesInput): Promise<{ added: Role[]; removed: Role[] }> {
	return deps.sql.begin(async (tx) => {
		const org = await managedOrganisation(tx, actor, input.organisationId);
		checkRoles(org, input.roles);
		const member = await lockedMember(tx, input.userId, org.id);
		const added = input.roles.filter((r) => !member.roles.includes(r));
		const removed = member.roles.filter((r) => !input.roles.includes(r));
		if (!added.length && !removed.length) return { added, removed };
		// the actor stays a beheerder, so the organisation always keeps one
		if (removed.includes('beheerder') && member.id === actor.userId) {
			throw new ConflictError('U kunt uw eigen beheerdersrol niet weghalen. Vraag dat een andere beheerder.');
		}
		// added first: a membership that never goes to zero keeps the person's sessions (013 ends those of a membership removed)
		if (added.length) await tx`insert into memberships ${tx(added.map((role) => ({ userId: member.id, organisationId: org.id, role })))}`;
		if (removed.length)
			await tx`delete from memberships where user_id = ${member.id} and organisation_id = ${org.id} and role::text = any(${removed})`;
		await audit(
			tx,
			auditActorOf(actor),
			'account.roles_changed',
			{ type: 'user', id: member.id },
			{ organisation: org.id, added, removed }
		);
		return { added, removed };
	});
}

/**
 * Takes a person out: their account is deactivated (sessions and open pages end at once, the
 * history stays), or — when they also work for another organisation and the actor is not a
 * Veilig Thuis beheerder — only their membership of this organisation ends. Not oneself.
 */
export async function deactivatePerson(
	deps: ServiceDeps,
	actor: Actor,
	input: PersonInput
): Promise<{ outcome: 'deactivated' | 'removed' }> {
	return deps.sql.begin(async (tx) => {
		const org = await managedOrganisation(tx, actor, input.organisationId);
		const member = await lockedMember(tx, input.userId, org.id);
		if (member.id === actor.userId) throw new ConflictError('U kunt uw eigen account niet deactiveren.');
		if (member.disabledAt) throw new ConflictError('Dit account is al gedeactiveerd.');
		const [elsewhere] = await tx`
			select 1 from memberships m join organisations o on o.id = m.organisation_id
			where m.user_id = ${member.id} and m.organisation_id <> ${org.id} and o.ended_at is null limit 1`;
		const record = { type: 'user', id: member.id };
		if (elsewhere && !isVtBeheerder(actor)) {
			await tx`delete from memberships where user_id = ${member.id} and organisation_id = ${org.id}`; // ends the sessions for this organisation (013)
			await audit(tx, auditActorOf(actor), 'account.membership_removed', record, { organisation: org.id, roles: member.roles });
			return { outcome: 'removed' as const };
		}
		await tx`update users set disabled_at = ${deps.clock.now()} where id = ${member.id}`; // ends every session and socket (013)
		await tx`update account_tokens set revoked_at = ${deps.clock.now()} where user_id = ${member.id} and used_at is null and revoked_at is null`;
		await audit(tx, auditActorOf(actor), 'account.deactivated', record, { organisation: org.id });
		return { outcome: 'deactivated' as const };
	});
}

/** Activates a deactivated account again; the person signs in with their old password (or asks for a new one). */
export async function reactivatePerson(deps: ServiceDeps, actor: Actor, input: PersonInput): Promise<void> {
	await deps.sql.begin(async (tx) => {
		const org = await managedOrganisation(tx, actor, input.organisationId);
		const member = await lockedMember(tx, input.userId, org.id);
		if (!member.disabledAt) throw new ConflictError('Dit account is al actief.');
		await tx`update users set disabled_at = null where id = ${member.id}`;
		await audit(tx, auditActorOf(actor), 'account.reactivated', { type: 'user', id: member.id }, { organisation: org.id });
	});
}

/**
 * Resets a person's second factor (a lost phone): the app key and recovery codes are removed, every
 * session ends, and at the next sign-in the person sets up the second factor again.
 */
export async function resetSecondFactor(deps: ServiceDeps, actor: Actor, input: PersonInput): Promise<void> {
	await deps.sql.begin(async (tx) => {
		const org = await managedOrganisation(tx, actor, input.organisationId);
		const member = await lockedMember(tx, input.userId, org.id);
		if (member.id === actor.userId) throw new ConflictError('Uw eigen tweestapsverificatie beheert u onder Mijn account.');
		await tx`
			update users set totp_key = null, totp_last_step = null, totp_enabled_at = null, totp_setup_required = true
			where id = ${member.id}`;
		await tx`delete from recovery_codes where user_id = ${member.id}`;
		await endUserAccess(tx, member.id);
		await audit(tx, auditActorOf(actor), 'account.second_factor_reset', { type: 'user', id: member.id }, { organisation: org.id });
	});
}

/** The signed-in person's choice for notification e-mail (off, at once, a daily digest at 08:00 on working days). */
export async function setEmailPreference(
	deps: ServiceDeps,
	actor: AuditActor & { userId: string },
	preference: 'off' | 'immediate' | 'digest'
): Promise<void> {
	await deps.sql.begin(async (tx) => {
		const [user] = await tx<
			{ preference: string }[]
		>`select notification_email::text as preference from users where id = ${actor.userId} for update`;
		if (!user || user.preference === preference) return;
		// from the change on: notifications from before it are not e-mailed afterwards
		await tx`
			update users set notification_email = ${preference},
			       notifications_mailed_through = greatest(notifications_mailed_through, coalesce((select max(id) from notifications where user_id = ${actor.userId}), 0))
			where id = ${actor.userId}`;
		await audit(tx, actor, 'account.email_preference_changed', { type: 'user', id: actor.userId }, { preference });
	});
}
