import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { parseListQuery } from '$lib/server/lists/query';
import { listCheckins } from '$lib/server/checkins/service';
import { checkinListQuerySchema } from '$lib/server/checkins/list';
import { consortia } from '$lib/server/waiting/queries';
import type { CheckinListItem } from '$lib/server/checkins/queries';

/** What a row of CheckinTable shows (and nothing more goes to the browser). */
const row = (c: CheckinListItem) => ({
	id: c.id,
	caseId: c.caseId,
	reference: c.reference,
	consortiumName: c.consortiumName,
	careTypeName: c.careTypeName,
	subregionName: c.subregionName,
	waitingSince: c.waitingSince,
	dueOn: c.dueOn,
	assignedToName: c.assignedToName,
	escalatedAt: c.escalatedAt,
	lastOutcome: c.lastOutcome,
	lastContactedOn: c.lastContactedOn
});

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { query, filter } = parseListQuery(checkinListQuerySchema, event.url.searchParams);
	const lists = await loadOr403(() => listCheckins(deps, actor, query, filter));
	return {
		...lists,
		mine: lists.mine.map(row),
		team: lists.team?.map(row) ?? null,
		filter,
		coordinator: actor.roles.includes('coordinator'),
		consortia: await consortia(deps.sql),
		lastEventId: last
	};
};
