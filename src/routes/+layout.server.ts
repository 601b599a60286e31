import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const auth = locals.auth;
	if (!auth) return { me: null };
	return {
		me: {
			id: auth.user.id,
			name: auth.user.name,
			stage: auth.stage,
			memberships: auth.memberships.map((m) => ({ id: m.organisationId, name: m.name, kind: m.kind, roles: m.roles })),
			active: auth.active ? { id: auth.active.organisationId, name: auth.active.name, kind: auth.active.kind, roles: auth.active.roles } : null
		}
	};
};
