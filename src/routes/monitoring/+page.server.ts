import type { PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { amsterdamDay } from '$lib/server/workdays';
import { listMonitoring } from '$lib/server/monitoring/service';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { mine, team } = await loadOr403(() => listMonitoring(deps, actor));
	return { mine, team, today: amsterdamDay(deps.clock.now()), lastEventId: last };
};
