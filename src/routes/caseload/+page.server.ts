import type { Actions, PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { loadOr403 } from '$lib/server/http';
import { failureFrom, formFailure, formFields, readForm } from '$lib/server/forms';
import { domainDeps } from '$lib/server/services';
import { readCaseloadView, setCaseloadNorm } from '$lib/server/caseload/service';
import { normSchema } from '$lib/server/caseload/schema';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const view = await loadOr403(() => readCaseloadView(domainDeps(), actor));
	return view;
};

/** Sets a norm: the team default (action "teamnorm") or one medewerker's ("norm"). */
async function saveNorm(event: Parameters<Actions[string]>[0], team: boolean) {
	const actor = requireActor(event);
	const { form, values } = await readForm(event.request);
	const key = team ? 'team' : 'person';
	const userId = team ? undefined : String(form.get('userId') ?? '');
	const parsed = normSchema.safeParse({ userId, norm: String(form.get('norm') ?? '') });
	if (!parsed.success) {
		const fields = formFields(parsed.error.issues);
		return formFailure(400, key, Object.values(fields)[0] ?? 'Controleer het formulier.', fields, values);
	}
	if (team && parsed.data.norm === null) return formFailure(400, key, 'Vul de norm in.', { norm: 'Vul de norm in.' }, values);
	try {
		const { changed } = await setCaseloadNorm(domainDeps(), actor, {
			userId: team ? undefined : parsed.data.userId,
			norm: parsed.data.norm
		});
		return {
			form: key,
			saved: changed
				? team
					? 'De teamnorm is opgeslagen.'
					: parsed.data.norm === null
						? 'De medewerker valt weer onder de teamnorm.'
						: 'De norm van de medewerker is opgeslagen.'
				: 'Er was niets gewijzigd.'
		};
	} catch (e) {
		return failureFrom(e, key, values);
	}
}

export const actions: Actions = {
	teamnorm: (event) => saveNorm(event, true),
	norm: (event) => saveNorm(event, false)
};
