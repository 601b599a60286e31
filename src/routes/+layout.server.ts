import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { listNotifications } from '$lib/server/notifications/service';

export const load: LayoutServerLoad = async ({ locals, depends }) => {
	const auth = locals.auth;
	if (!auth) return { me: null, notifications: null };
	depends('app:notifications');
	const notifications = auth.stage === 'complete' ? await listNotifications(db(), auth.user.id, 8) : null;
	return {
		notifications,
		me: {
			id: auth.user.id,
			name: auth.user.name,
			stage: auth.stage,
			memberships: auth.memberships.map((m) => ({ id: m.organisationId, name: m.name, kind: m.kind, roles: m.roles })),
			active: auth.active ? { id: auth.active.organisationId, name: auth.active.name, kind: auth.active.kind, roles: auth.active.roles } : null
		}
	};
};
