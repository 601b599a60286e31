import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requireBeheerder } from '$lib/server/auth/guards';
import { failureFrom, formFailure, formFields, formToObject, readForm } from '$lib/server/forms';
import { careTypes } from '$lib/server/waiting/queries';
import { normName, normsSchema } from '$lib/server/waiting/schema';
import { updateCareTypeNorms } from '$lib/server/waiting/service';
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
		// The schema depends on the care types, so the form is read here rather than by formAction.
		const { form, values } = await readForm(event.request);
		const parsed = normsSchema(types).safeParse(formToObject(form));
		if (!parsed.success) {
			const fields = formFields(parsed.error.issues);
			return formFailure(400, 'norms', Object.values(fields)[0] ?? 'Controleer het formulier.', fields, values);
		}
		const norms = Object.fromEntries(types.map((t) => [t.id, parsed.data[normName(t.id)] as number]));
		try {
			const { changed } = await updateCareTypeNorms(domainDeps(), actor, norms);
			return {
				form: 'norms' as const,
				saved: changed
					? `${changed === 1 ? 'De norm is' : `${changed} normen zijn`} opgeslagen. Gezinnen die al wachten, worden vanaf nu tegen de nieuwe norm gemeten.`
					: 'Er was niets gewijzigd.'
			};
		} catch (e) {
			return failureFrom(e, 'norms', values);
		}
	}
};
