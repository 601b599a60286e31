import type { Db } from '../db/client.ts';
import { keysetPage, type ListOrder } from '../lists/keyset.ts';

export interface AuditFilter {
	/** Restrict to rows acted for this organisation, or without organisation by its members; null: everything. */
	scopeOrganisationId: string | null;
	action?: string;
	userId?: string;
	from?: Date;
	to?: Date;
	/** Only rows about these records: their id as the record, as `case`, or among the ids a list showed (see caseRecordIds). */
	recordIds?: string[];
	/** Keyset paging: only rows with a smaller id. */
	before?: number;
	/** The cursor of the page (from `next`). */
	cursor?: string | null;
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

/** Newest first. */
const AUDIT_ORDER = (sql: Db): ListOrder => ({ id: 'auditlog', keys: [{ sql: sql`a.id`, type: 'int', desc: true }] });

/** One page of audit rows, newest first, whether there are more and the cursor of the next page (CursorError for a bad cursor). */
export async function listAudit(sql: Db, filter: AuditFilter): Promise<{ rows: AuditRow[]; more: boolean; next: string | null }> {
	const scope = filter.scopeOrganisationId;
	const ids = filter.recordIds;
	const page = await keysetPage(
		sql,
		AUDIT_ORDER(sql),
		{ cursor: filter.cursor, limit: filter.limit },
		(k) => sql<AuditRow[]>`
		select a.id::int as id, a.occurred_at, a.action, coalesce(u.name, 'API: ' || t.name) as actor_name, u.email as actor_email,
		       o.name as organisation_name, a.actor_roles::text[] as actor_roles, a.actor_scopes, a.record_type, a.record_id,
		       host(a.ip) as ip, a.user_agent, a.details ${k.keys}
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
		${ids ? sql`and (a.record_id = any(${ids}::text[]) or (a.details ? 'case' and a.details ->> 'case' = any(${ids}::text[])) or (a.details ? 'ids' and a.details -> 'ids' ?| ${ids}::text[]))` : sql``}
		${filter.before ? sql`and a.id < ${filter.before}` : sql``}
		${k.after} ${k.order} ${k.limit}`
	);
	return { rows: page.rows, more: page.next !== null, next: page.next };
}

/**
 * The ids the audit log knows the cases whose reference contains `search` by: the cases, and their
 * handovers, V&V-trajecten, wait entries, safety check-ins and monitoring moments. `tooMany` (and no
 * ids) when more than `max` cases match: the search must name the case more precisely.
 */
export async function caseRecordIds(sql: Db, search: string, max = 20): Promise<{ ids: string[]; tooMany: boolean }> {
	const cases = await sql<{ id: string }[]>`select id from cases where reference like ${`%${search}%`} limit ${max + 1}`;
	if (cases.length > max) return { ids: [], tooMany: true };
	const caseIds = cases.map((c) => c.id);
	if (!caseIds.length) return { ids: [], tooMany: false };
	const related = await sql<{ id: string }[]>`
		select id::text from handovers where case_id = any(${caseIds}::uuid[])
		union all select id::text from trajectories where case_id = any(${caseIds}::uuid[])
		union all select id::text from wait_entries where case_id = any(${caseIds}::uuid[])
		union all select id::text from safety_checkins where case_id = any(${caseIds}::uuid[])
		union all select id::text from monitoring_moments where case_id = any(${caseIds}::uuid[])`;
	return { ids: [...caseIds, ...related.map((r) => r.id)], tooMany: false };
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
