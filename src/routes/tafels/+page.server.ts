import type { PageServerLoad } from './$types';
import { lastEventId } from '$lib/server/events/log';
import { tablesFor } from '$lib/server/tables/service';
import { isVtCoordinator } from '$lib/server/tables/common';
import { loadOr403, tableActor, tableDeps } from '$lib/server/tables/http';

export const load: PageServerLoad = async (event) => {
	const actor = tableActor(event);
	const deps = tableDeps();
	const last = await lastEventId(deps.sql);
	const tables = await loadOr403(() => tablesFor(deps, actor));
	return {
		lastEventId: last,
		canPlan: isVtCoordinator(actor),
		isVt: actor.organisationKind === 'vt',
		running: tables.filter((t) => t.status === 'running'),
		scheduled: tables.filter((t) => t.status === 'scheduled'),
		closed: tables.filter((t) => t.status === 'closed')
	};
};
