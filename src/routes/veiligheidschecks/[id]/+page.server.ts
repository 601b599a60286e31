import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { failFrom, loadOr403 } from '$lib/server/http';
import { issuesByPath } from '$lib/server/forms';
import { recordCheckin, viewCheckin } from '$lib/server/checkins/service';
import { recordCheckinSchema } from '$lib/server/checkins/schema';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	return { ...(await loadOr403(() => viewCheckin(deps, actor, event.params.id))), lastEventId: last };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const form = await event.request.formData();
		const values: Record<string, string> = {};
		for (const [name, value] of form) if (typeof value === 'string') values[name] = value;
		const parsed = recordCheckinSchema.safeParse(values);
		if (!parsed.success) return fail(400, { message: 'Controleer de invoer.', fields: issuesByPath(parsed.error.issues), values });
		try {
			const { next } = await recordCheckin(domainDeps(), actor, event.params.id, parsed.data);
			return { saved: parsed.data.outcome, next };
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, values });
		}
	}
};
