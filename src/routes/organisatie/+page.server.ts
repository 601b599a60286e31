import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requestOrigin, requireUser } from '$lib/server/auth/guards';
import { setActiveOrganisation } from '$lib/server/auth/session';
import { switchOrganisationSchema } from '$lib/server/auth/schema';
import { audit } from '$lib/server/audit/log';
import { closeSessionSockets } from '$lib/server/realtime/sessions';
import { forbidden } from '$lib/server/http';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		const auth = requireUser(event);
		const parsed = switchOrganisationSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) error(400, parsed.error.issues[0].message);
		const target = auth.memberships.find((m) => m.organisationId === parsed.data.organisationId);
		if (!target || !(await setActiveOrganisation(db(), auth.session.id, auth.user.id, target.organisationId))) {
			forbidden('U bent geen lid van deze organisatie.');
		}
		const origin = requestOrigin(event);
		await audit(
			db(),
			{ userId: auth.user.id, organisationId: target.organisationId, roles: target.roles, ...origin },
			'session.organisation_switched',
			{ type: 'organisation', id: target.organisationId },
			{ from: auth.active?.organisationId ?? null }
		);
		closeSessionSockets([auth.session.id], 'changed');
		redirect(303, '/');
	}
};
