import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { amsterdamDay } from '$lib/server/workdays';
import { listTrajectories } from '$lib/server/trajectories/service';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	return {
		trajectories: await loadOr403(() => listTrajectories(deps, actor)),
		today: amsterdamDay(deps.clock.now()),
		lastEventId: last
	};
};
