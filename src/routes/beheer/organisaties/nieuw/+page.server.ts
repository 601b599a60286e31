import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { db } from '$lib/server/db/client';
import { domainDeps } from '$lib/server/services';
import { loadOr403 } from '$lib/server/http';
import { formAction } from '$lib/server/forms';
import { createOrganisation, requireOrganisationAdmin } from '$lib/server/organisations/service';
import { organisationFormOptions } from '$lib/server/organisations/queries';
import { EDITABLE_KINDS, organisationSchema } from '$lib/server/organisations/schema';

export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
	return loadOr403(async () => {
		requireOrganisationAdmin(actor);
		return { options: await organisationFormOptions(db()), kinds: EDITABLE_KINDS };
	});
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireBeheerder(event);
		return formAction(event.request, {
			form: 'organisatie',
			schema: organisationSchema,
			lists: ['municipalityIds', 'careTypeIds'],
			invalid: 'De organisatie is niet toegevoegd.',
			run: (data) => createOrganisation(domainDeps(), actor, data),
			done: (id) => redirect(303, `/beheer/organisaties/${id}?toegevoegd=1`)
		});
	}
};
