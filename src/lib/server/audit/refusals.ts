import type { Db } from '../db/client.ts';
import type { AuthContext } from '../auth/session.ts';
import type { RequestOrigin } from '../auth/service.ts';
import { audit, type AuditActor, type AuditRecord } from './log.ts';

/** Why a page or form was refused: the role does not fit, the record is not the actor's, no organisation. */
export type RefusalReason = 'role' | 'no_access' | 'no_organisation';

/** The part of a request a refusal is noted on (SvelteKit's event.locals). */
export interface RefusalNotes {
	refused?: RefusalReason;
}

/**
 * Notes a refused page or form request on the request's locals; auditRefusals writes the audit row
 * when the request ends (the guards are synchronous, so they cannot write it themselves).
 */
export function noteRefusal(locals: RefusalNotes, reason: RefusalReason): void {
	locals.refused ??= reason;
}

/** The record type behind the `[id]` of each section of the portal. */
const SECTION_RECORDS: Record<string, string> = {
	zaken: 'case',
	overdrachten: 'handover',
	trajecten: 'trajectory',
	veiligheidschecks: 'safety_checkin',
	monitoring: 'monitoring',
	tafels: 'table'
};

/** The record a page address asks for: the `[id]` of a case, handover, … page; null for other pages. */
export function recordAskedFor(routeId: string | null, params: Partial<Record<string, string>>): AuditRecord | null {
	const section = routeId?.split('/')[1] ?? '';
	const type = SECTION_RECORDS[section];
	return type && params.id ? { type, id: params.id.slice(0, 100) } : null;
}

interface EndedRequest {
	locals: RefusalNotes & { auth: AuthContext | null };
	route: { id: string | null };
	params: Partial<Record<string, string>>;
	request: Request;
	url: URL;
}

/**
 * Writes one 'access.refused' row for a request that was refused (403) by a guard or a service:
 * who, for which organisation and role, which record the address asked for, the page and whether
 * it was a page or a form. Called by hooks.server.ts once the answer is ready.
 */
export async function auditRefusals(sql: Db, event: EndedRequest, origin: RequestOrigin): Promise<void> {
	const reason = event.locals.refused;
	if (!reason) return;
	event.locals.refused = undefined;
	const auth = event.locals.auth;
	const actor: AuditActor = {
		userId: auth?.user.id ?? null,
		organisationId: auth?.active?.organisationId ?? null,
		roles: auth?.active?.roles ?? [],
		...origin
	};
	const form = event.request.method !== 'GET' && event.request.method !== 'HEAD';
	const action = form ? [...event.url.searchParams.keys()].find((k) => k.startsWith('/'))?.slice(1) : undefined;
	await audit(sql, actor, 'access.refused', recordAskedFor(event.route.id, event.params), {
		via: form ? 'formulier' : 'pagina',
		reason,
		path: (event.route.id ?? event.url.pathname).slice(0, 200),
		...(action ? { action: action.slice(0, 60) } : {})
	});
}
