import type { Db } from '../db/client.ts';

export interface AuditFilter {
	/** Restrict to rows acted for this organisation, or without organisation by its members; null: everything. */
	scopeOrganisationId: string | null;
	action?: string;
	userId?: string;
	from?: Date;
	to?: Date;
	/** Keyset paging: only rows with a smaller id. */
	before?: number;
	limit: number;
}

export interface AuditRow {
	id: number;
	occurredAt: Date;
	action: string;
	actorName: string | null;
	actorEmail: string | null;
	organisationName: string | null;
	actorRoles: string[];
	/** An API token's scopes: its role. */
	actorScopes: string[];
	recordType: string | null;
	recordId: string | null;
	ip: string | null;
	userAgent: string | null;
	details: Record<string, unknown>;
}

/** One page of audit rows, newest first, and whether there are more. */
export async function listAudit(sql: Db, filter: AuditFilter): Promise<{ rows: AuditRow[]; more: boolean }> {
	const scope = filter.scopeOrganisationId;
	const rows = await sql<AuditRow[]>`
		select a.id::int as id, a.occurred_at, a.action, coalesce(u.name, 'API: ' || t.name) as actor_name, u.email as actor_email,
		       o.name as organisation_name, a.actor_roles::text[] as actor_roles, a.actor_scopes, a.record_type, a.record_id,
		       host(a.ip) as ip, a.user_agent, a.details
		from audit_log a
		left join users u on u.id = a.actor_user_id
		left join api_tokens t on t.id = a.actor_token_id
		left join organisations o on o.id = a.actor_org_id
		where true
		${scope ? sql`and (a.actor_org_id = ${scope} or (a.actor_org_id is null and exists (select 1 from memberships m where m.user_id = a.actor_user_id and m.organisation_id = ${scope})))` : sql``}
		${filter.action ? sql`and a.action = ${filter.action}` : sql``}
		${filter.userId ? sql`and a.actor_user_id = ${filter.userId}` : sql``}
		${filter.from ? sql`and a.occurred_at >= ${filter.from}` : sql``}
		${filter.to ? sql`and a.occurred_at < ${filter.to}` : sql``}
		${filter.before ? sql`and a.id < ${filter.before}` : sql``}
		order by a.id desc
		limit ${filter.limit + 1}`;
	return { rows: rows.slice(0, filter.limit), more: rows.length > filter.limit };
}

/**
 * Which audit rows a beheerder may read: VT Kennemerland runs Ketentafel, so its beheerders read
 * everything; a beheerder of any other organisation reads the rows of that organisation.
 */
export function auditScope(active: { organisationId: string; kind: string }): string | null {
	return active.kind === 'vt' ? null : active.organisationId;
}

/** The users a beheerder can filter on: everyone in scope, by name. */
export async function auditableUsers(sql: Db, scope: string | null): Promise<{ id: string; name: string }[]> {
	return sql<{ id: string; name: string }[]>`
		select distinct u.id, u.name from users u
		${scope ? sql`join memberships m on m.user_id = u.id and m.organisation_id = ${scope}` : sql``}
		order by u.name`;
}
