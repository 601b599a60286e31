import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { parseListQuery } from '$lib/server/lists/query';
import { listCheckins } from '$lib/server/checkins/service';
import { checkinListQuerySchema } from '$lib/server/checkins/list';
import { consortia } from '$lib/server/waiting/queries';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { query, filter } = parseListQuery(checkinListQuerySchema, event.url.searchParams);
	const lists = await loadOr403(() => listCheckins(deps, actor, query, filter));
	return { ...lists, filter, coordinator: actor.roles.includes('coordinator'), consortia: await consortia(deps.sql), lastEventId: last };
};
