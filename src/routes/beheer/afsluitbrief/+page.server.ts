import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { failFrom, loadOr403 } from '$lib/server/http';
import { issuesByPath } from '$lib/server/forms';
import { updateLetterTemplate, viewLetterTemplate } from '$lib/server/letters/service';
import { templateSchema } from '$lib/server/letters/schema';
import { PLACEHOLDERS } from '$lib/server/letters/template';

export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
	const view = await loadOr403(() => viewLetterTemplate(domainDeps(), actor));
	return { ...view, placeholders: Object.entries(PLACEHOLDERS).map(([name, meaning]) => ({ name, meaning })) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireBeheerder(event);
		const values = Object.fromEntries(await event.request.formData()) as Record<string, string>;
		const parsed = templateSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, { message: 'Het sjabloon is niet opgeslagen.', fields: issuesByPath(parsed.error.issues), values });
		try {
			const version = await updateLetterTemplate(domainDeps(), actor, parsed.data);
			return { saved: `Versie ${version} van het sjabloon geldt nu voor nieuwe afsluitbrieven.` };
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, values });
		}
	}
};
