import type { PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { parseListQuery } from '$lib/server/lists/query';
import { listWorkQueue, workQueueQuerySchema } from '$lib/server/cases/list';
import { municipalityOptions } from '$lib/server/cases/options';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { query, filter } = parseListQuery(workQueueQuerySchema, event.url.searchParams);
	const { rows, next, total, overdue, today, now, handovers } = await listWorkQueue(deps, actor, query, filter);
	return { rows, next, total, overdue, today, now, handovers, filter, municipalities: municipalityOptions(), lastEventId: last };
};
