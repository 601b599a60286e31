import type { PageServerLoad } from './$types';
import { requireActive } from '$lib/server/auth/guards';
import { presenceStore } from '$lib/server/services';
import { onlineColleagues } from '$lib/server/realtime/server';
import { homeCounts } from '$lib/server/home';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';

export const load: PageServerLoad = async (event) => {
	const auth = requireActive(event);
	const { sql, clock } = domainDeps();
	const last = await lastEventId(sql);
	const who = { organisationId: auth.active.organisationId, organisationKind: auth.active.kind, roles: auth.active.roles, userId: auth.user.id };
	return {
		counts: await homeCounts(sql, who, clock.now()),
		lastEventId: last,
		organisation: { id: auth.active.organisationId, name: auth.active.name, kind: auth.active.kind },
		online: await onlineColleagues(presenceStore(), auth.active.organisationId)
	};
};
