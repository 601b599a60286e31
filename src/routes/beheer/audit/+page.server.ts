import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requestOrigin, requireRole } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/auth/service';
import { audit, AUDIT_ACTIONS } from '$lib/server/audit/log';
import { auditableUsers, auditScope, listAudit } from '$lib/server/audit/queries';
import { auditFilterSchema } from '$lib/server/audit/schema';
import { fieldErrors } from '$lib/server/auth/schema';
import { amsterdamEndOfDay, amsterdamStartOfDay } from '$lib/server/time';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
	const auth = requireRole(event, ['beheerder']);
	const scope = auditScope(auth.active);
	const users = await auditableUsers(db(), scope);
	const raw = Object.fromEntries(event.url.searchParams);
	const parsed = auditFilterSchema.safeParse(raw);
	if (!parsed.success) {
		return { users, actions: AUDIT_ACTIONS, filter: raw, errors: fieldErrors(parsed.error), rows: [], more: false, scoped: !!scope };
	}
	const f = parsed.data;
	const page = await listAudit(db(), {
		scopeOrganisationId: scope,
		action: f.actie,
		userId: f.gebruiker,
		from: f.van ? amsterdamStartOfDay(f.van) : undefined,
		to: f.tot ? amsterdamEndOfDay(f.tot) : undefined,
		before: f.voor,
		limit: PAGE_SIZE
	});
	await audit(db(), actorOf(auth, requestOrigin(event)), 'audit.viewed', null, {
		action: f.actie ?? null,
		user: f.gebruiker ?? null,
		from: f.van ?? null,
		to: f.tot ?? null,
		rows: page.rows.length
	});
	return { users, actions: AUDIT_ACTIONS, filter: raw, errors: {} as Record<string, string>, ...page, scoped: !!scope };
};
