import type { Db } from '../db/client.ts';

/**
 * Names for the ids in a page of the audit log, as far as the beheerder may see them: users in
 * `visibleUsers` (those the beheerder can filter on: their organisation's, or everyone for Veilig
 * Thuis) and organisations (their names are not personal data). Other ids stay ids.
 */
export async function auditNames(sql: Db, ids: string[], visibleUsers: { id: string; name: string }[]): Promise<Record<string, string>> {
	const organisations = ids.length
		? await sql<{ id: string; name: string }[]>`select id::text, name from organisations where id::text = any(${ids}::text[])`
		: [];
	const shown = new Set(ids);
	return Object.fromEntries([...visibleUsers.filter((u) => shown.has(u.id)), ...organisations].map((x) => [x.id, x.name]));
}
