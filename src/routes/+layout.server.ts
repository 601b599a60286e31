import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { readNotifications } from '$lib/server/notifications/service';
import { actorOf } from '$lib/server/auth/service';
import { requestOrigin } from '$lib/server/auth/guards';

export const load: LayoutServerLoad = async (event) => {
	const auth = event.locals.auth;
	if (!auth) return { me: null, notifications: null };
	event.depends('app:notifications');
	const notifications =
		auth.stage === 'complete'
			? await readNotifications(db(), { ...actorOf(auth, requestOrigin(event)), userId: auth.user.id }, 8, 'bel')
			: null;
	return {
		notifications,
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
