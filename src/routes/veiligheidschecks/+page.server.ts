import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { listCheckins } from '$lib/server/checkins/service';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	return { ...(await loadOr403(() => listCheckins(deps, actor))), lastEventId: last };
};
