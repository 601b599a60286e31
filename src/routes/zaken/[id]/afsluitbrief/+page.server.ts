import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { loadOr403 } from '$lib/server/http';
import { failureFrom, formAction } from '$lib/server/forms';
import { amsterdamDay } from '$lib/server/workdays';
import { recordMelderInformed, redraftLetter, saveLetter, viewLetter } from '$lib/server/letters/service';
import { informedSchema, letterSchema } from '$lib/server/letters/schema';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const view = await loadOr403(() => viewLetter(deps, actor, event.params.id));
	return { view, caseId: event.params.id, today: amsterdamDay(deps.clock.now()) };
};

export const actions: Actions = {
	opslaan: async (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'letter',
			schema: letterSchema,
			invalid: 'De brief is niet opgeslagen.',
			run: (data) => saveLetter(domainDeps(), actor, event.params.id, data),
			done: 'De brief is opgeslagen.'
		});
	},
	opnieuw: async (event) => {
		const actor = requireVtWorker(event);
		try {
			await redraftLetter(domainDeps(), actor, event.params.id);
		} catch (e) {
			return failureFrom(e, 'letter');
		}
		return { form: 'letter' as const, saved: 'De brief is opnieuw opgesteld uit het sjabloon.' };
	},
	geinformeerd: async (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'informed',
			schema: informedSchema,
			invalid: 'Controleer de gemarkeerde velden.',
			run: (data) => recordMelderInformed(domainDeps(), actor, event.params.id, data),
			done: 'Vastgelegd: de melder is geïnformeerd.'
		});
	}
};
