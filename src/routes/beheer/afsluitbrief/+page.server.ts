import type { Actions, PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { loadOr403 } from '$lib/server/http';
import { formAction } from '$lib/server/forms';
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
		return formAction(event.request, {
			form: 'template',
			schema: templateSchema,
			invalid: 'Het sjabloon is niet opgeslagen.',
			run: (data) => updateLetterTemplate(domainDeps(), actor, data),
			done: (version) => `Versie ${version} van het sjabloon geldt nu voor nieuwe afsluitbrieven.`
		});
	}
};
