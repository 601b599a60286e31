import { auditActorOf, isPartnerWorker } from '../actor.ts';
import { auditList } from '../audit/lists.ts';
import { handoverInbox } from '../handovers/queries.ts';
import { answerSchema } from '../handovers/schema.ts';
import { answerHandover, viewHandoverAsPartner } from '../handovers/service.ts';
import type { ApiCall, ApiDeps } from './deps.ts';
import { caseJson, handoverJson } from './dto.ts';
import { withToken } from './endpoint.ts';
import { noAccess } from './errors.ts';
import { jsonOf, parseOrThrow, readJsonObject } from './http.ts';
import { handoverDetailSchema, handoverListSchema, handoverResultSchema } from './contract.ts';
import { acceptBodySchema, declineBodySchema, handoverIdSchema, handoverListQuerySchema } from './schema.ts';

function checkId(id: string): string {
	if (!handoverIdSchema.safeParse(id).success) throw noAccess();
	return id;
}

/**
 * GET /api/v1/handovers?status=open|accepted|completed&reference=&urgent=&limit=&cursor=: one page of the
 * offers to the token's organisation, with `next_cursor` for the next page (null on the last), audited
 * with the handovers returned. A cursor that cannot be read is a 400 naming "cursor".
 */
export function listHandoversEndpoint(deps: ApiDeps, call: ApiCall): Promise<Response> {
	return withToken(deps, call, 'handovers:read', async (actor) => {
		const params = new URL(call.request.url).searchParams;
		const query = parseOrThrow(handoverListQuerySchema, Object.fromEntries(params));
		if (!isPartnerWorker(actor)) throw noAccess();
		const filter = { search: query.reference, urgent: query.urgent === undefined ? undefined : query.urgent === 'true' };
		const page = await handoverInbox(deps.sql, actor.organisationId, query.status, filter, {
			cursor: query.cursor ?? null,
			limit: query.limit
		});
		const asked = Object.fromEntries(
			Object.entries({ reference: query.reference, urgent: query.urgent, cursor: query.cursor ? 'ja' : undefined }).filter(
				([, v]) => v !== undefined
			)
		) as Record<string, string>;
		await auditList(
			deps.sql,
			auditActorOf(actor),
			'handovers.listed',
			'handover',
			page.rows.map((h) => h.id),
			{ details: { status: query.status, ...asked } }
		);
		return jsonOf(handoverListSchema, { status: query.status, handovers: page.rows.map(handoverJson), next_cursor: page.next });
	});
}

/** GET /api/v1/handovers/{id}: one handover with the partner's view of the case (audited). */
export function getHandoverEndpoint(deps: ApiDeps, call: ApiCall, id: string): Promise<Response> {
	return withToken(
		deps,
		call,
		'handovers:read',
		async (actor) => {
			const view = await viewHandoverAsPartner(deps, actor, checkId(id));
			return jsonOf(handoverDetailSchema, { handover: handoverJson(view.handover), case: caseJson(view.case) });
		},
		{ type: 'handover', id }
	);
}

/** POST /api/v1/handovers/{id}/accept: accepts an open offer; 409 when someone answered first. */
export function acceptHandoverEndpoint(deps: ApiDeps, call: ApiCall, id: string): Promise<Response> {
	return withToken(
		deps,
		call,
		'handovers:answer',
		async (actor) => {
			checkId(id);
			parseOrThrow(acceptBodySchema, await readJsonObject(call.request, true));
			const handover = await answerHandover(deps, actor, id, { answer: 'accept' });
			return jsonOf(handoverResultSchema, { handover: handoverJson(handover) });
		},
		{ type: 'handover', id }
	);
}

/** POST /api/v1/handovers/{id}/decline {reason, note}: declines an open offer; 409 when someone answered first. */
export function declineHandoverEndpoint(deps: ApiDeps, call: ApiCall, id: string): Promise<Response> {
	return withToken(
		deps,
		call,
		'handovers:answer',
		async (actor) => {
			checkId(id);
			const body = parseOrThrow(declineBodySchema, await readJsonObject(call.request));
			const answer = parseOrThrow(answerSchema, { ...body, answer: 'decline' });
			const handover = await answerHandover(deps, actor, id, answer);
			return jsonOf(handoverResultSchema, { handover: handoverJson(handover) });
		},
		{ type: 'handover', id }
	);
}
