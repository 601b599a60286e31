import type { PageServerLoad } from './$types';
import { requirePartnerWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { parseListQuery } from '$lib/server/lists/query';
import { inboxQuerySchema, listInbox, INBOX_CURSORS, type InboxSection } from '$lib/server/handovers/list';
import { municipalityOptions } from '$lib/server/cases/options';

const item = (h: InboxSection['rows'][number]) => ({
	id: h.id,
	reference: h.reference,
	status: h.status,
	urgent: h.urgent,
	offeredAt: h.offeredAt,
	respondBefore: h.respondBefore,
	offeredByName: h.offeredByName,
	answeredByName: h.answeredByName,
	plannedAt: h.warm?.plannedAt ?? null
});

export const load: PageServerLoad = async (event) => {
	const actor = requirePartnerWorker(event);
	const { sql, clock } = domainDeps();
	const last = await lastEventId(sql);
	const { query, filter } = parseListQuery(inboxQuerySchema, event.url.searchParams);
	const sections = await listInbox(sql, actor, query, filter);
	const section = (status: keyof typeof INBOX_CURSORS) => {
		const s = sections[status];
		return s ? { rows: s.rows.map(item), next: s.next, total: s.total, param: INBOX_CURSORS[status] } : null;
	};
	return {
		organisationName: actor.organisationName,
		declined: event.url.searchParams.has('afgewezen'),
		sections: { open: section('open'), accepted: section('accepted'), completed: section('completed') },
		filter,
		municipalities: municipalityOptions(),
		now: clock.now(),
		lastEventId: last
	};
};
