import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { createCase } from '$lib/server/cases/service';
import { caseInputSchema } from '$lib/server/cases/schema';
import { formAction } from '$lib/server/forms';
import { municipalityOptions, partnerOptions } from '$lib/server/cases/options';

import { amsterdamDay } from '$lib/server/workdays';
import { emptyCaseForm } from '$lib/case-form';

export const load: PageServerLoad = async (event) => {
	requireVtWorker(event);
	const { sql, clock } = domainDeps();
	return { values: emptyCaseForm(amsterdamDay(clock.now())), municipalities: municipalityOptions(), partners: await partnerOptions(sql) };
};

export const actions: Actions = {
	default: (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'case',
			schema: caseInputSchema,
			invalid: 'Controleer de gemarkeerde velden.',
			run: (input) => createCase(domainDeps(), actor, input),
			done: (id) => redirect(303, `/zaken/${id}?aangemaakt=1`)
		});
	}
};
