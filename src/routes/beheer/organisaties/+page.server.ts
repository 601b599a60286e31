import type { PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { db } from '$lib/server/db/client';
import { loadOr403 } from '$lib/server/http';
import { requireOrganisationAdmin } from '$lib/server/organisations/service';
import { listOrganisations, organisationFormOptions } from '$lib/server/organisations/queries';

export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
	return loadOr403(async () => {
		requireOrganisationAdmin(actor);
		const [organisations, options] = await Promise.all([listOrganisations(db()), organisationFormOptions(db())]);
		return { organisations, options };
	});
};
