import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requestOrigin, requireRole } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/auth/service';
import { audit, AUDIT_ACTIONS } from '$lib/server/audit/log';
import { auditableUsers, auditScope, caseRecordIds, listAudit } from '$lib/server/audit/queries';
import { auditFilterSchema } from '$lib/server/audit/schema';
import { auditNames } from '$lib/server/audit/names';
import { PAGE_SIZE, pageOrFirst, parseListQuery } from '$lib/server/lists/query';
import { auditIds, shortenAuditLists } from '$lib/audit-labels';
import { amsterdamEndOfDay, amsterdamStartOfDay } from '$lib/server/time';

const TOO_MANY = 'Deze zoekterm past bij meer dan 20 zaken: typ meer van de referentie, bijvoorbeeld VT-2026-000123.';

export const load: PageServerLoad = async (event) => {
	const auth = requireRole(event, ['beheerder']);
	const scope = auditScope(auth.active);
	const users = await auditableUsers(db(), scope);
	const { query: f, filter } = parseListQuery(auditFilterSchema, event.url.searchParams);
	const cases = f.zoek ? await caseRecordIds(db(), f.zoek) : null;
	if (cases?.tooMany) filter.errors.zoek = TOO_MANY;
	const search = cases && !cases.tooMany ? f.zoek : undefined;
	const page = await pageOrFirst(f.na, filter, (cursor) =>
		listAudit(db(), {
			scopeOrganisationId: scope,
			action: f.actie,
			userId: f.gebruiker,
			from: f.van ? amsterdamStartOfDay(f.van) : undefined,
			to: f.tot ? amsterdamEndOfDay(f.tot) : undefined,
			recordIds: search ? cases!.ids : undefined,
			cursor,
			limit: PAGE_SIZE
		})
	);
	await audit(db(), actorOf(auth, requestOrigin(event)), 'audit.viewed', null, {
		action: f.actie ?? null,
		user: f.gebruiker ?? null,
		from: f.van ?? null,
		to: f.tot ?? null,
		search: search ?? null,
		rows: page.rows.length
	});
	const searched = new Set(search ? cases!.ids : []);
	const rows = page.rows.map((r) => ({ ...r, details: shortenAuditLists(r.details, searched) }));
	// names instead of ids: users the beheerder may see (those of the filter list), and organisations
	const names = await auditNames(db(), auditIds(rows), users);
	return { users, actions: AUDIT_ACTIONS, filter, rows, names, next: page.next, scoped: !!scope };
};
