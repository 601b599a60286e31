import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requireBeheerder } from '$lib/server/auth/guards';
import { issuesByPath } from '$lib/server/forms';
import { careTypes } from '$lib/server/waiting/queries';
import { normName, normsSchema } from '$lib/server/waiting/schema';
import { updateCareTypeNorms } from '$lib/server/waiting/service';
import { failFrom } from '$lib/server/http';
import { maySetDeadlines } from '$lib/server/settings';
import { domainDeps } from '$lib/server/services';

/** The norms are Veilig Thuis's to set, like the termijnen (settings.ts): its beheerders edit, other beheerders read. */
export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
	return { careTypes: await careTypes(db()), editable: maySetDeadlines(actor) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireBeheerder(event);
		const types = await careTypes(db());
		const form = await event.request.formData();
		const values = Object.fromEntries(types.map((t) => [normName(t.id), String(form.get(normName(t.id)) ?? '')]));
		const parsed = normsSchema(types).safeParse(values);
		if (!parsed.success) return fail(400, { errors: issuesByPath(parsed.error.issues), values });
		const norms = Object.fromEntries(types.map((t) => [t.id, parsed.data[normName(t.id)] as number]));
		try {
			const { changed } = await updateCareTypeNorms(domainDeps(), actor, norms);
			return {
				message: changed
					? `${changed === 1 ? 'De norm is' : `${changed} normen zijn`} opgeslagen. Gezinnen die al wachten, worden vanaf nu tegen de nieuwe norm gemeten.`
					: 'Er was niets gewijzigd.'
			};
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, values });
		}
	}
};
