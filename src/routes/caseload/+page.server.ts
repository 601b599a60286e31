import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { failFrom, loadOr403 } from '$lib/server/http';
import { issuesByPath } from '$lib/server/forms';
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
	const form = await event.request.formData();
	const values = { userId: team ? '' : String(form.get('userId') ?? ''), norm: String(form.get('norm') ?? '') };
	const key = team ? 'team' : 'person';
	const parsed = normSchema.safeParse({ userId: values.userId || (team ? undefined : ''), norm: values.norm });
	if (!parsed.success) return fail(400, { message: '', normForm: key, fields: issuesByPath(parsed.error.issues), values });
	if (team && parsed.data.norm === null) return fail(400, { message: '', normForm: key, fields: { norm: 'Vul de norm in.' }, values });
	try {
		const { changed } = await setCaseloadNorm(domainDeps(), actor, {
			userId: team ? undefined : parsed.data.userId,
			norm: parsed.data.norm
		});
		return {
			normForm: key,
			saved: changed
				? team
					? 'De teamnorm is opgeslagen.'
					: parsed.data.norm === null
						? 'De medewerker valt weer onder de teamnorm.'
						: 'De norm van de medewerker is opgeslagen.'
				: 'Er was niets gewijzigd.'
		};
	} catch (e) {
		const failure = failFrom(e);
		return fail(failure.status, { ...failure.data, normForm: key, values });
	}
}

export const actions: Actions = {
	teamnorm: (event) => saveNorm(event, true),
	norm: (event) => saveNorm(event, false)
};
