import type { PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { loadOr403 } from '$lib/server/http';
import { domainDeps } from '$lib/server/services';
import { readSprintView } from '$lib/server/caseload/service';
import { sprintLength } from '$lib/server/caseload/sprints';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const view = await loadOr403(() => readSprintView(domainDeps(), actor, event.params.id));
	// just planned (sprints/nieuw redirects here with ?gepland): the page confirms it
	return { ...view, length: sprintLength(view.sprint), planned: event.url.searchParams.has('gepland') };
};
