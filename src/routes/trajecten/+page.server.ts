import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { amsterdamDay } from '$lib/server/workdays';
import { parseListQuery } from '$lib/server/lists/query';
import { listTrajectories } from '$lib/server/trajectories/service';
import { trajectoryListQuerySchema } from '$lib/server/trajectories/list';
import { municipalityOptions } from '$lib/server/cases/options';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { query, filter } = parseListQuery(trajectoryListQuerySchema, event.url.searchParams);
	const { rows, next, total } = await loadOr403(() => listTrajectories(deps, actor, query, filter));
	return {
		trajectories: rows,
		next,
		total,
		closed: query.closed,
		filter,
		municipalities: municipalityOptions(),
		today: amsterdamDay(deps.clock.now()),
		lastEventId: last
	};
};
