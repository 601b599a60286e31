import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { requireBeheerder } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { db } from '$lib/server/db/client';
import { failFrom, loadOr403 } from '$lib/server/http';
import { organisationParamSchema, personSchema, rolesFromForm, rolesSchema } from '$lib/server/accounts/schema';
import { changeRoles, deactivatePerson, reactivatePerson, resendInvitation, resetSecondFactor } from '$lib/server/accounts/service';
import { accountDetail, organisationToManage } from '$lib/server/accounts/queries';
import { mailEnabled } from '$lib/server/email/transport';

export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
	const requested = organisationParamSchema.safeParse(event.url.searchParams.get('organisatie') ?? undefined);
	const userId = z.uuid().safeParse(event.params.id);
	if (!userId.success) error(404, 'Deze gebruiker bestaat niet.');
	return loadOr403(async () => {
		const organisation = await organisationToManage(db(), actor, requested.success ? requested.data : undefined);
		const person = await accountDetail(db(), actor, organisation.id, userId.data);
		if (!person) error(404, 'Deze gebruiker heeft geen account bij deze organisatie.');
		return {
			organisation,
			person,
			self: person.id === actor.userId,
			vt: organisation.id !== actor.organisationId,
			mailEnabled: mailEnabled()
		};
	});
};

type Action = 'rollen' | 'deactiveren' | 'heractiveren' | 'tweestaps' | 'uitnodiging';

/** Runs one change on the person; a refused one comes back with its message for the section it belongs to. */
async function change<T>(action: Action, run: () => Promise<T>) {
	try {
		return { action, done: await run() };
	} catch (e) {
		const failure = failFrom(e);
		return fail(failure.status, { action, message: failure.data.message, fields: failure.data.fields });
	}
}

async function person(event: RequestEvent) {
	const form = await event.request.formData();
	return { form, parsed: personSchema.safeParse({ organisationId: form.get('organisationId'), userId: form.get('userId') }) };
}

const unknownPerson = (action: Action) => fail(400, { action, message: 'Deze gebruiker of organisatie bestaat niet (meer).', fields: {} });

export const actions: Actions = {
	rollen: async (event) => {
		const actor = requireBeheerder(event);
		const form = await event.request.formData();
		const parsed = rolesSchema.safeParse({
			organisationId: form.get('organisationId'),
			userId: form.get('userId'),
			roles: rolesFromForm(form)
		});
		if (!parsed.success) {
			const roles = parsed.error.issues.find((i) => i.path[0] === 'roles');
			return roles
				? fail(400, { action: 'rollen' as const, message: roles.message, fields: { roles: roles.message } })
				: unknownPerson('rollen');
		}
		return change('rollen', () => changeRoles(domainDeps(), actor, parsed.data));
	},
	deactiveren: async (event) => {
		const actor = requireBeheerder(event);
		const { parsed } = await person(event);
		if (!parsed.success) return unknownPerson('deactiveren');
		return change('deactiveren', () => deactivatePerson(domainDeps(), actor, parsed.data));
	},
	heractiveren: async (event) => {
		const actor = requireBeheerder(event);
		const { parsed } = await person(event);
		if (!parsed.success) return unknownPerson('heractiveren');
		return change('heractiveren', () => reactivatePerson(domainDeps(), actor, parsed.data));
	},
	tweestaps: async (event) => {
		const actor = requireBeheerder(event);
		const { parsed } = await person(event);
		if (!parsed.success) return unknownPerson('tweestaps');
		return change('tweestaps', () => resetSecondFactor(domainDeps(), actor, parsed.data));
	},
	uitnodiging: async (event) => {
		const actor = requireBeheerder(event);
		const { parsed } = await person(event);
		if (!parsed.success) return unknownPerson('uitnodiging');
		return change('uitnodiging', () => resendInvitation(domainDeps(), actor, parsed.data));
	}
};
