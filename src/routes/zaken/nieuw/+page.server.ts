import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { createCase } from '$lib/server/cases/service';
import { parseCaseForm } from '$lib/server/cases/form';
import { municipalityOptions, partnerOptions } from '$lib/server/cases/options';
import { failFrom } from '$lib/server/http';
import { amsterdamDay } from '$lib/server/workdays';
import { emptyCaseForm } from '$lib/case-form';

export const load: PageServerLoad = async (event) => {
	requireVtWorker(event);
	const { sql, clock } = domainDeps();
	return { values: emptyCaseForm(amsterdamDay(clock.now())), municipalities: municipalityOptions(), partners: await partnerOptions(sql) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireVtWorker(event);
		const parsed = await parseCaseForm(event.request);
		if (!parsed.ok) return fail(400, { values: parsed.values, fields: parsed.fields, message: 'Controleer de gemarkeerde velden.' });
		let id: string;
		try {
			id = await createCase(domainDeps(), actor, parsed.input);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, values: parsed.values });
		}
		redirect(303, `/zaken/${id}`);
	}
};
