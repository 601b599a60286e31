import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { forbidden, loadOr403 } from '$lib/server/http';
import { formAction } from '$lib/server/forms';
import { amsterdamDay } from '$lib/server/workdays';
import { workersOf } from '$lib/server/trajectories/queries';
import { readMoment } from '$lib/server/monitoring/queries';
import { plannableDays, recordMonitoring, replanMonitoring, viewMonitoring } from '$lib/server/monitoring/service';
import { outcomeSchema, replanSchema } from '$lib/server/monitoring/schema';
import { reopenAction } from '$lib/server/monitoring/form-actions';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const view = await loadOr403(() => viewMonitoring(deps, actor, event.params.id));
	const today = amsterdamDay(deps.clock.now());
	return {
		...view,
		workers: await workersOf(deps.sql, view.moment.vtOrgId),
		plannable: plannableDays(today, true),
		today,
		lastEventId: last
	};
};

export const actions: Actions = {
	vastleggen: (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'outcome',
			schema: outcomeSchema,
			invalid: 'Controleer de gemarkeerde velden.',
			run: (data) => recordMonitoring(domainDeps(), actor, event.params.id, data),
			done: ({ allSafe, unsafe }) => ({
				allSafe,
				unsafe,
				saved: allSafe ? 'De uitkomst is vastgelegd: bij iedereen is de veiligheid hersteld.' : 'De uitkomst is vastgelegd.'
			})
		});
	},
	herplannen: (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'replan',
			schema: replanSchema,
			invalid: 'Controleer de gemarkeerde velden.',
			run: (data) => replanMonitoring(domainDeps(), actor, event.params.id, data),
			done: 'De monitoring is opnieuw gepland.'
		});
	},
	heropenen: async (event) => {
		const actor = requireVtWorker(event);
		const m = await readMoment(domainDeps().sql, event.params.id);
		if (!m || m.vtOrgId !== actor.organisationId) forbidden('Dit monitoringsmoment bestaat niet of u heeft er geen toegang toe.');
		return reopenAction(actor, m.caseId, event.request);
	}
};
