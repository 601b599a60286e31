import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { failFrom, loadOr403 } from '$lib/server/http';
import { issuesByPath } from '$lib/server/forms';
import { amsterdamDay } from '$lib/server/workdays';
import { recordMelderInformed, redraftLetter, saveLetter, viewLetter } from '$lib/server/letters/service';
import { informedSchema, letterSchema } from '$lib/server/letters/schema';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const view = await loadOr403(() => viewLetter(deps, actor, event.params.id));
	return { view, caseId: event.params.id, today: amsterdamDay(deps.clock.now()) };
};

const values = async (request: Request) => Object.fromEntries(await request.formData()) as Record<string, string>;

export const actions: Actions = {
	opslaan: async (event) => {
		const actor = requireVtWorker(event);
		const form = await values(event.request);
		const parsed = letterSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, { letter: true, message: 'De brief is niet opgeslagen.', fields: issuesByPath(parsed.error.issues), values: form });
		try {
			await saveLetter(domainDeps(), actor, event.params.id, parsed.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, letter: true, values: form });
		}
		return { letter: true, saved: 'De brief is opgeslagen.' };
	},
	opnieuw: async (event) => {
		const actor = requireVtWorker(event);
		try {
			await redraftLetter(domainDeps(), actor, event.params.id);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, letter: true });
		}
		return { letter: true, saved: 'De brief is opnieuw opgesteld uit het sjabloon.' };
	},
	geinformeerd: async (event) => {
		const actor = requireVtWorker(event);
		const form = await values(event.request);
		const parsed = informedSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, {
				informed: true,
				message: 'Controleer de gemarkeerde velden.',
				fields: issuesByPath(parsed.error.issues),
				values: form
			});
		try {
			await recordMelderInformed(domainDeps(), actor, event.params.id, parsed.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, informed: true, values: form });
		}
		return { informed: true, saved: 'Vastgelegd: de melder is geïnformeerd.' };
	}
};
