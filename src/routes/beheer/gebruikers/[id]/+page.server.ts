import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { requireBeheerder } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { db } from '$lib/server/db/client';
import { loadOr403 } from '$lib/server/http';
import { failureFrom, formFailure, formToObject, parseForm, readForm } from '$lib/server/forms';
import { organisationParamSchema, personSchema, rolesSchema, type PersonInput } from '$lib/server/accounts/schema';
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

const UNKNOWN_PERSON = 'Deze gebruiker of organisatie bestaat niet (meer).';

/**
 * One change on the person, as the form of that section sends it: the person's ids (a failure with
 * the message for that section when they do not parse), the service call, and the success with its message.
 */
async function change<F extends Action, T, X extends { saved: string }>(
	event: RequestEvent,
	form: F,
	run: (input: PersonInput) => Promise<T>,
	done: (result: T) => X
) {
	const parsed = await parseForm(event.request, { form, schema: personSchema });
	if (!parsed.ok) return formFailure(400, form, UNKNOWN_PERSON, {}, parsed.values);
	try {
		return { form, ...done(await run(parsed.data)) };
	} catch (e) {
		return failureFrom(e, form, parsed.values);
	}
}

export const actions: Actions = {
	rollen: async (event) => {
		const actor = requireBeheerder(event);
		const { form, values } = await readForm(event.request);
		const parsed = rolesSchema.safeParse(formToObject(form, ['roles']));
		if (!parsed.success) {
			const roles = parsed.error.issues.find((i) => i.path[0] === 'roles');
			return roles
				? formFailure(400, 'rollen', roles.message, { roles: roles.message }, values)
				: formFailure(400, 'rollen', UNKNOWN_PERSON, {}, values);
		}
		try {
			await changeRoles(domainDeps(), actor, parsed.data);
		} catch (e) {
			return failureFrom(e, 'rollen', values);
		}
		return {
			form: 'rollen' as const,
			saved: 'De rollen zijn opgeslagen. Open pagina’s van deze persoon laden opnieuw met het nieuwe menu.'
		};
	},
	deactiveren: async (event) => {
		const actor = requireBeheerder(event);
		return change(
			event,
			'deactiveren',
			(input) => deactivatePerson(domainDeps(), actor, input),
			({ outcome }) => ({
				saved: outcome === 'removed' ? 'De persoon hoort niet meer bij deze organisatie.' : 'Het account is gedeactiveerd.',
				outcome
			})
		);
	},
	heractiveren: async (event) => {
		const actor = requireBeheerder(event);
		return change(
			event,
			'heractiveren',
			(input) => reactivatePerson(domainDeps(), actor, input),
			() => ({ saved: 'Het account is weer actief. Deze persoon logt in met het eigen wachtwoord, of vraagt een nieuw aan.' })
		);
	},
	tweestaps: async (event) => {
		const actor = requireBeheerder(event);
		return change(
			event,
			'tweestaps',
			(input) => resetSecondFactor(domainDeps(), actor, input),
			() => ({
				saved:
					'Tweestapsverificatie is teruggezet en deze persoon is overal uitgelogd. Bij de volgende keer inloggen stelt hij of zij die opnieuw in.'
			})
		);
	},
	uitnodiging: async (event) => {
		const actor = requireBeheerder(event);
		return change(
			event,
			'uitnodiging',
			(input) => resendInvitation(domainDeps(), actor, input),
			(sent) => ({ saved: 'Er gaat een nieuwe uitnodiging uit. De vorige link werkt niet meer.', sent })
		);
	}
};
