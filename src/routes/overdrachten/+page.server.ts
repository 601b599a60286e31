import type { PageServerLoad } from './$types';
import { requirePartnerWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { handoversTo } from '$lib/server/handovers/queries';
import { lastEventId } from '$lib/server/events/log';
import { audit } from '$lib/server/audit/log';
import { auditActorOf } from '$lib/server/actor';

export const load: PageServerLoad = async (event) => {
	const actor = requirePartnerWorker(event);
	const { sql, clock } = domainDeps();
	const last = await lastEventId(sql);
	const rows = await handoversTo(sql, actor.organisationId, ['open', 'accepted', 'completed']);
	await audit(sql, auditActorOf(actor), 'handovers.listed', null, { rows: rows.length });
	return {
		organisationName: actor.organisationName,
		declined: event.url.searchParams.has('afgewezen'),
		rows: rows.map((h) => ({
			id: h.id,
			reference: h.reference,
			status: h.status,
			urgent: h.urgent,
			offeredAt: h.offeredAt,
			respondBefore: h.respondBefore,
			offeredByName: h.offeredByName,
			answeredByName: h.answeredByName,
			plannedAt: h.warm?.plannedAt ?? null
		})),
		now: clock.now(),
		lastEventId: last
	};
};
