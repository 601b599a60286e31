import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { readNotifications } from '$lib/server/notifications/service';
import { actorOf } from '$lib/server/auth/service';
import { requestOrigin } from '$lib/server/auth/guards';
import { menuFor } from '$lib/server/auth/pages';
import { BELL_SIZE } from '$lib/notification-format';

export const load: LayoutServerLoad = async (event) => {
	const auth = event.locals.auth;
	if (!auth) return { me: null, notifications: null, menu: [] };
	event.depends('app:notifications');
	const notifications =
		auth.stage === 'complete'
			? await readNotifications(db(), { ...actorOf(auth, requestOrigin(event)), userId: auth.user.id }, BELL_SIZE, 'bel')
			: null;
	const active = auth.stage === 'complete' ? auth.active : null;
	return {
		notifications,
		// the main menu: the pages this person may open and has a use for (auth/pages.ts)
		menu: active ? menuFor({ organisationId: active.organisationId, organisationKind: active.kind, roles: active.roles }) : [],
		me: {
			id: auth.user.id,
			name: auth.user.name,
			stage: auth.stage,
			memberships: auth.memberships.map((m) => ({ id: m.organisationId, name: m.name, kind: m.kind, roles: m.roles })),
			active: auth.active
				? { id: auth.active.organisationId, name: auth.active.name, kind: auth.active.kind, roles: auth.active.roles }
				: null
		}
	};
};
