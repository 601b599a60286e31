import type { Actions, PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { formAction } from '$lib/server/forms';
import { recordCheckin, viewCheckin } from '$lib/server/checkins/service';
import { recordCheckinSchema } from '$lib/server/checkins/schema';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	return { ...(await loadOr403(() => viewCheckin(deps, actor, event.params.id))), lastEventId: last };
};

export const actions: Actions = {
	default: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'checkin',
			schema: recordCheckinSchema,
			invalid: 'Controleer de invoer.',
			run: (data) => recordCheckin(domainDeps(), actor, event.params.id, data),
			done: ({ next }, data) => ({
				saved: `De veiligheidscheck is vastgelegd${data.outcome === 'escalatie' ? ' en de teamcoördinatoren zijn ingelicht' : ''}.`,
				next
			})
		});
	}
};
