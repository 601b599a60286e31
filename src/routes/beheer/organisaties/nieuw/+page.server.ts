import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { db } from '$lib/server/db/client';
import { domainDeps } from '$lib/server/services';
import { failFrom, loadOr403 } from '$lib/server/http';
import { issuesByPath } from '$lib/server/forms';
import { createOrganisation, requireOrganisationAdmin } from '$lib/server/organisations/service';
import { organisationFormOptions } from '$lib/server/organisations/queries';
import { EDITABLE_KINDS, organisationFromForm, organisationSchema } from '$lib/server/organisations/schema';

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
		const values = organisationFromForm(await event.request.formData());
		const parsed = organisationSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, {
				values,
				message: 'De organisatie is niet toegevoegd.',
				fields: issuesByPath(parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(0, 1) })))
			});
		let id: string;
		try {
			id = await createOrganisation(domainDeps(), actor, parsed.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { values, message: failure.data.message, fields: failure.data.fields });
		}
		redirect(303, `/beheer/organisaties/${id}?toegevoegd=1`);
	}
};
