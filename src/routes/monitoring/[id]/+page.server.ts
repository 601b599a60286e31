import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { failFrom, forbidden, loadOr403 } from '$lib/server/http';
import { formToObject, issuesByPath } from '$lib/server/forms';
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
	vastleggen: async (event) => {
		const actor = requireVtWorker(event);
		const form = await event.request.formData();
		const values = Object.fromEntries(form) as Record<string, string>;
		const parsed = outcomeSchema.safeParse(formToObject(form));
		if (!parsed.success)
			return fail(400, { outcome: true, message: 'Controleer de gemarkeerde velden.', fields: issuesByPath(parsed.error.issues), values });
		try {
			const { allSafe, unsafe } = await recordMonitoring(domainDeps(), actor, event.params.id, parsed.data);
			return {
				outcome: true,
				allSafe,
				unsafe,
				saved: allSafe ? 'De uitkomst is vastgelegd: bij iedereen is de veiligheid hersteld.' : 'De uitkomst is vastgelegd.'
			};
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, outcome: true, values });
		}
	},
	herplannen: async (event) => {
		const actor = requireVtWorker(event);
		const values = Object.fromEntries(await event.request.formData()) as Record<string, string>;
		const parsed = replanSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, { replan: true, message: 'Controleer de gemarkeerde velden.', fields: issuesByPath(parsed.error.issues), values });
		try {
			await replanMonitoring(domainDeps(), actor, event.params.id, parsed.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, replan: true, values });
		}
		return { replan: true, saved: 'De monitoring is opnieuw gepland.' };
	},
	heropenen: async (event) => {
		const actor = requireVtWorker(event);
		const m = await readMoment(domainDeps().sql, event.params.id);
		if (!m || m.vtOrgId !== actor.organisationId) forbidden('Dit monitoringsmoment bestaat niet of u heeft er geen toegang toe.');
		return reopenAction(actor, m.caseId, event.request);
	}
};
