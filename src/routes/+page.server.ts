import type { PageServerLoad } from './$types';
import { requireActive } from '$lib/server/auth/guards';
import { presenceStore } from '$lib/server/services';
import { onlineColleagues } from '$lib/server/realtime/server';
import { homePanels } from '$lib/home';

export const load: PageServerLoad = async (event) => {
	const auth = requireActive(event);
	return {
		organisation: { id: auth.active.organisationId, name: auth.active.name, kind: auth.active.kind },
		panels: homePanels(auth.active.kind, auth.active.roles, auth.active.name),
		online: await onlineColleagues(presenceStore(), auth.active.organisationId)
	};
};
