import type { PageServerLoad } from './$types';
import { requirePartnerWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { handoversTo } from '$lib/server/handovers/queries';
import { lastEventId } from '$lib/server/events/log';
import { auditList } from '$lib/server/audit/lists';
import { auditActorOf } from '$lib/server/actor';

export const load: PageServerLoad = async (event) => {
	const actor = requirePartnerWorker(event);
	const { sql, clock } = domainDeps();
	const last = await lastEventId(sql);
	const rows = await handoversTo(sql, actor.organisationId, ['open', 'accepted', 'completed']);
	await auditList(sql, auditActorOf(actor), 'handovers.listed', 'handover', rows.map((h) => h.id));
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
