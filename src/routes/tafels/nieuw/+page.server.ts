import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createTable } from '$lib/server/tables/service';
import { createTableSchema } from '$lib/server/tables/schema';
import { isVtCoordinator } from '$lib/server/tables/common';
import { partnerOrganisations, subregions } from '$lib/server/tables/queries';
import { tableActor, tableDeps } from '$lib/server/tables/http';
import { formAction } from '$lib/server/forms';
import { addWorkingDays, amsterdamDay } from '$lib/server/workdays';
import { readWorkdayPolicy } from '$lib/server/sla/policy';
import { forbidden } from '$lib/server/http';

const ONLY_COORDINATOR = 'Alleen een teamcoördinator van Veilig Thuis plant overdrachtstafels.';

export const load: PageServerLoad = async (event) => {
	const actor = tableActor(event);
	if (!isVtCoordinator(actor)) forbidden(ONLY_COORDINATOR, 'role');
	const deps = tableDeps();
	return {
		subregions: await subregions(deps.sql),
		partners: await partnerOrganisations(deps.sql),
		defaultDate: addWorkingDays(amsterdamDay(deps.clock.now()), 1, await readWorkdayPolicy(deps.sql)),
		minDate: amsterdamDay(deps.clock.now())
	};
};

export const actions: Actions = {
	default: (event) => {
		const actor = tableActor(event);
		if (!isVtCoordinator(actor)) forbidden(ONLY_COORDINATOR, 'role');
		return formAction(event.request, {
			form: 'plan',
			schema: createTableSchema,
			lists: ['participantIds'],
			run: (data) => createTable(tableDeps(), actor, data),
			done: (id) => redirect(303, `/tafels/${id}?gepland`)
		});
	}
};
