import type { Db } from '../db/client.ts';
import type { Role } from '../auth/roles.ts';

/** Who acted, on behalf of which organisation and role, from where. */
export interface AuditActor {
	userId: string | null;
	/** The partner system's API token, when the actor is one. */
	tokenId?: string | null;
	organisationId: string | null;
	roles: Role[];
	/** The API token's scopes: its role when the actor is a partner system (empty for people). */
	scopes?: readonly string[];
	ip: string | null;
	userAgent: string | null;
}

export const AUDIT_ACTIONS = [
	'auth.sign_in',
	'auth.sign_in_failed',
	'auth.sign_in_throttled',
	'auth.sign_in_unavailable',
	'auth.sign_out',
	'auth.sign_out_everywhere',
	'auth.second_factor_passed',
	'auth.second_factor_failed',
	'auth.second_factor_throttled',
	'auth.second_factor_unavailable',
	'auth.reauthentication_failed',
	'auth.recovery_code_used',
	'auth.totp_enabled',
	'auth.totp_disabled',
	'auth.recovery_codes_renewed',
	'auth.password_changed',
	'auth.password_change_failed',
	'auth.password_change_throttled',
	'auth.password_reset_requested',
	'auth.password_reset_throttled',
	'auth.password_reset',
	'auth.link_refused',
	'auth.sso_started',
	'auth.sso_refused',
	'account.invited',
	'account.invitation_resent',
	'account.invitation_accepted',
	'account.roles_changed',
	'account.membership_removed',
	'account.deactivated',
	'account.reactivated',
	'account.second_factor_reset',
	'account.viewed',
	'accounts.listed',
	'account.email_preference_changed',
	'organisation.created',
	'organisation.updated',
	'organisation.ended',
	'organisation.sso_configured',
	'organisation.sso_removed',
	'session.organisation_switched',
	'audit.viewed',
	'access.refused',
	'events.replayed',
	'notifications.viewed',
	'case.created',
	'case.updated',
	'case.viewed',
	'case.closed',
	'case.reopened',
	'case.reassigned',
	'melder_letter.drafted',
	'melder_letter.viewed',
	'melder_letter.saved',
	'melder_letter.template_changed',
	'melder.informed',
	'monitoring.recorded',
	'monitoring.replanned',
	'monitoring.viewed',
	'monitoring.listed',
	'cases.listed',
	'escalations.listed',
	'case.watched',
	'handover.offered',
	'handover.accepted',
	'handover.declined',
	'handover.withdrawn',
	'handover.viewed',
	'handovers.listed',
	'handover.answer_refused',
	'warm_handover.planned',
	'warm_handover.confirmed',
	'handover.completed',
	'trajectory.opened',
	'trajectory.updated',
	'trajectory.viewed',
	'trajectory.continuation_confirmed',
	'trajectory.closed',
	'trajectories.listed',
	'checkin.recorded',
	'checkin.viewed',
	'checkins.listed',
	'waiting.started',
	'waiting.care_started',
	'waiting.over_norm',
	'waiting.reported',
	'waiting.viewed',
	'waiting.reports_viewed',
	'waiting.norm_changed',
	'table.created',
	'table.updated',
	'table.viewed',
	'tables.listed',
	'table.watched',
	'table.opened',
	'table.attended',
	'table.item_decided',
	'table.closed',
	'api_token.created',
	'api_token.revoked',
	'api_token.refused',
	'sla.policy_changed',
	'sla.workdays_changed',
	'sla.breached',
	'assessment.norm_changed',
	'caseload.viewed',
	'caseload.norm_changed',
	'sprint.planned',
	'sprint.viewed',
	'followup.settings_changed',
	'dashboard.viewed',
	'followup.escalated',
	'queues.viewed',
	'queues.job_retried',
	'retention.applied'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
	type: string;
	id: string;
}

/** Short facts about an action; a list of ids for the records a list showed. */
export type AuditDetails = Record<string, string | number | boolean | null | readonly (string | number)[]>;

/** Appends one audit row (NEN 7513: who, for which organisation and role, what, which record, when, from where). */
export async function audit(
	sql: Db,
	actor: AuditActor,
	action: AuditAction,
	record: AuditRecord | null = null,
	details: AuditDetails = {}
): Promise<void> {
	await sql`
		insert into audit_log (actor_user_id, actor_token_id, actor_org_id, actor_roles, actor_scopes, action, record_type, record_id, ip, user_agent, details)
		values (${actor.userId}, ${actor.tokenId ?? null}, ${actor.organisationId}, ${actor.roles}::membership_role[], ${[...(actor.scopes ?? [])]}::text[], ${action},
		        ${record?.type ?? null}, ${record?.id ?? null}, ${actor.ip}, ${actor.userAgent?.slice(0, 400) ?? null},
		        ${sql.json(details)})`;
}
