import type { Db } from '../db/client.ts';
import { auditActorOf, isVtBeheerder, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { auditList } from '../audit/lists.ts';
import { ForbiddenError } from '../errors.ts';
import type { Role } from '../auth/roles.ts';
import { mayManageAccounts, rolesForKind } from './access.ts';

/** Where an account stands: in use, invited (no password yet), or deactivated. */
export type AccountStatus = 'active' | 'invited' | 'deactivated';

export interface AccountRow {
	id: string;
	name: string;
	email: string;
	roles: Role[];
	status: AccountStatus;
	totpEnabled: boolean;
	invitedAt: Date | null;
}

export interface ManagedOrganisation {
	id: string;
	name: string;
	kind: string;
	endedAt: Date | null;
	/** The roles a person can have there. */
	roles: Role[];
}

/** The organisation whose accounts a beheerder's page shows: their own, or for Veilig Thuis's beheerders any (?organisatie=). */
export async function organisationToManage(sql: Db, actor: Actor, requested: string | undefined): Promise<ManagedOrganisation> {
	const id = requested && isVtBeheerder(actor) ? requested : actor.organisationId;
	const [org] = await sql<
		Omit<ManagedOrganisation, 'roles'>[]
	>`select id, name, kind::text as kind, ended_at from organisations where id = ${id}`;
	if (!org || !mayManageAccounts(actor, org.id)) throw new ForbiddenError('U beheert de accounts van deze organisatie niet.');
	return { ...org, roles: rolesForKind(org.kind) };
}

/** The organisations a Veilig Thuis beheerder can pick from (everyone else: only their own). */
export async function organisationChoices(sql: Db, actor: Actor): Promise<{ id: string; name: string }[]> {
	if (!isVtBeheerder(actor)) return [{ id: actor.organisationId, name: actor.organisationName }];
	return sql<{ id: string; name: string }[]>`select id, name from organisations where ended_at is null order by name`;
}

const statusOf = "case when u.disabled_at is not null then 'deactivated' when u.activated_at is null then 'invited' else 'active' end";

/** Everyone with a role in the organisation, active first; audited as a list of accounts. */
export async function listAccounts(sql: Db, actor: Actor, organisationId: string): Promise<AccountRow[]> {
	if (!mayManageAccounts(actor, organisationId)) throw new ForbiddenError('U beheert de accounts van deze organisatie niet.');
	const rows = await sql<AccountRow[]>`
		select u.id, u.name, u.email, array_agg(m.role::text order by m.role) as roles, ${sql.unsafe(statusOf)} as status,
		       u.totp_enabled_at is not null as totp_enabled, u.invited_at
		from memberships m join users u on u.id = m.user_id
		where m.organisation_id = ${organisationId}
		group by u.id order by (u.disabled_at is not null), lower(u.name)`;
	await audit(sql, auditActorOf(actor), 'accounts.listed', { type: 'organisation', id: organisationId }, { rows: rows.length });
	return rows;
}

/** One open item a person is responsible for: what it is, for which case (its pseudonymous reference) and when it is due. */
export interface OpenItem {
	kind: 'case' | 'offer' | 'trajectory' | 'waiting' | 'checkin' | 'monitoring' | 'table';
	id: string;
	caseId: string | null;
	reference: string | null;
	due: string | null;
}

/** What a person is responsible for that is still open: to hand over to someone else when they leave. */
export async function openItemsOf(sql: Db, userId: string): Promise<OpenItem[]> {
	return sql<OpenItem[]>`
		select 'case' as kind, c.id::text, c.id::text as case_id, c.reference, c.assessment_due::text as due
		  from cases c where c.responsible_user_id = ${userId} and c.closed_at is null
		union all
		select 'offer', h.id::text, c.id::text as case_id, c.reference, to_char(h.respond_before at time zone 'Europe/Amsterdam', 'YYYY-MM-DD') as due
		  from handovers h join cases c on c.id = h.case_id where h.offered_by = ${userId} and h.status = 'open'
		union all
		select 'trajectory', t.id::text, c.id::text, c.reference, t.statutory_due::text
		  from trajectories t join cases c on c.id = t.case_id
		  where t.status = 'open' and (t.vt_responsible_id = ${userId} or t.partner_responsible_id = ${userId})
		union all
		select 'waiting', w.id::text, c.id::text, c.reference, null
		  from wait_entries w join cases c on c.id = w.case_id where w.responsible_user_id = ${userId} and w.care_started_on is null
		union all
		select 'checkin', s.id::text, c.id::text, c.reference, s.due_on::text
		  from safety_checkins s join cases c on c.id = s.case_id where s.assigned_to = ${userId} and s.outcome is null and s.cancelled_at is null
		union all
		select 'monitoring', m.id::text, c.id::text, c.reference, m.planned_on::text
		  from monitoring_moments m join cases c on c.id = m.case_id where m.monitor_id = ${userId} and m.recorded_at is null and m.cancelled_at is null
		union all
		select 'table', ht.id::text, null, null, to_char(ht.scheduled_at at time zone 'Europe/Amsterdam', 'YYYY-MM-DD')
		  from handover_tables ht where ht.chair_id = ${userId} and ht.status <> 'closed'
		order by 5 nulls last, 1`;
}

export interface AccountDetail extends AccountRow {
	/** Every organisation the person belongs to, with the roles there. */
	memberships: { organisationId: string; name: string; roles: Role[]; ended: boolean }[];
	openItems: OpenItem[];
	/** Whether the person works for another organisation too (deactivating here then only ends this membership). */
	elsewhere: boolean;
}

/**
 * One account as a beheerder of the organisation sees it, with the open items to reassign when the
 * person leaves. The items name cases by reference: audited with the cases shown.
 */
export async function accountDetail(sql: Db, actor: Actor, organisationId: string, userId: string): Promise<AccountDetail | null> {
	if (!mayManageAccounts(actor, organisationId)) throw new ForbiddenError('U beheert de accounts van deze organisatie niet.');
	const [row] = await sql<AccountRow[]>`
		select u.id, u.name, u.email, array(select m.role::text from memberships m where m.user_id = u.id and m.organisation_id = ${organisationId} order by m.role) as roles,
		       ${sql.unsafe(statusOf)} as status, u.totp_enabled_at is not null as totp_enabled, u.invited_at
		from users u where u.id = ${userId}`;
	if (!row || row.roles.length === 0) return null;
	const memberships = await sql<AccountDetail['memberships']>`
		select o.id as organisation_id, o.name, array_agg(m.role::text order by m.role) as roles, o.ended_at is not null as ended
		from memberships m join organisations o on o.id = m.organisation_id where m.user_id = ${userId} group by o.id order by o.name`;
	const openItems = await openItemsOf(sql, userId);
	await auditList(
		sql,
		auditActorOf(actor),
		'account.viewed',
		'case',
		[...new Set(openItems.flatMap((i) => (i.caseId ? [i.caseId] : [])))],
		{
			record: { type: 'user', id: userId }
		}
	);
	return {
		...row,
		memberships,
		openItems,
		elsewhere: memberships.some((m) => m.organisationId !== organisationId && !m.ended)
	};
}

/** An account found for a sign-in by an organisation's own identity provider. */
export interface MemberAccount {
	id: string;
	totpEnabled: boolean;
	totpSetupRequired: boolean;
	activated: boolean;
}

/**
 * The active account with this e-mail address that belongs to this (not ended) organisation, or
 * null: a sign-in through an organisation's identity provider is matched only to accounts its
 * beheerders invited (no self-registration). The seam for single sign-on.
 */
export async function memberByEmail(sql: Db, organisationId: string, email: string): Promise<MemberAccount | null> {
	const [row] = await sql<MemberAccount[]>`
		select u.id, u.totp_enabled_at is not null as totp_enabled, u.totp_setup_required, u.activated_at is not null as activated
		from users u join memberships m on m.user_id = u.id join organisations o on o.id = m.organisation_id
		where u.email = ${email.trim().toLowerCase()} and m.organisation_id = ${organisationId} and u.disabled_at is null and o.ended_at is null
		limit 1`;
	return row ?? null;
}
