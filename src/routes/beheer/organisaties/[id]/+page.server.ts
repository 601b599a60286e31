import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { db } from '$lib/server/db/client';
import { domainDeps } from '$lib/server/services';
import { loadOr403 } from '$lib/server/http';
import { failureFrom, formAction, formFailure, formFields, readForm } from '$lib/server/forms';
import { endOrganisation, requireOrganisationAdmin, updateOrganisation } from '$lib/server/organisations/service';
import { organisationById, organisationFormOptions } from '$lib/server/organisations/queries';
import { EDITABLE_KINDS, organisationIdSchema, organisationSchema } from '$lib/server/organisations/schema';
import { env } from '$lib/server/env';
import { removeSsoConfig, saveSsoConfig, ssoSettings } from '$lib/server/sso/config';
import { callbackUrl } from '$lib/server/sso/provider';
import { ssoConfigFromForm, ssoConfigSchema } from '$lib/server/sso/schema';

export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
	const id = organisationIdSchema.safeParse(event.params.id);
	if (!id.success) error(404, 'Deze organisatie bestaat niet.');
	return loadOr403(async () => {
		requireOrganisationAdmin(actor);
		const organisation = await organisationById(db(), id.data);
		if (!organisation) error(404, 'Deze organisatie bestaat niet.');
		return {
			organisation,
			options: await organisationFormOptions(db()),
			kinds: EDITABLE_KINDS,
			added: event.url.searchParams.has('toegevoegd'),
			sso: await ssoSettings(db(), id.data),
			callbackUrl: callbackUrl()
		};
	});
};

/** The organisation's id from the address, or the 404 page. */
function organisationId(event: RequestEvent): string {
	const id = organisationIdSchema.safeParse(event.params.id);
	if (!id.success) error(404, 'Deze organisatie bestaat niet.');
	return id.data;
}

export const actions: Actions = {
	opslaan: async (event) => {
		const actor = requireBeheerder(event);
		const id = organisationId(event);
		return formAction(event.request, {
			form: 'opslaan',
			schema: organisationSchema,
			lists: ['municipalityIds', 'careTypeIds'],
			invalid: 'De wijziging is niet opgeslagen.',
			run: (data) => updateOrganisation(domainDeps(), actor, id, data),
			done: 'De wijzigingen zijn opgeslagen.'
		});
	},
	beeindigen: async (event) => {
		const actor = requireBeheerder(event);
		const id = organisationId(event);
		return formAction(event.request, {
			form: 'beeindigen',
			schema: z.object({}),
			run: () => endOrganisation(domainDeps(), actor, id),
			done: 'De organisatie is beëindigd. Haar medewerkers kunnen niet meer voor haar inloggen.'
		});
	},
	sso: async (event) => {
		const actor = requireBeheerder(event);
		const id = organisationId(event);
		// every field is read as text (a missing one as empty), so each gets its own Dutch message
		const { form, values } = await readForm(event.request);
		const parsed = ssoConfigSchema(env().production).safeParse(ssoConfigFromForm(form));
		if (!parsed.success) {
			return formFailure(400, 'sso', 'De inlogdienst is niet opgeslagen.', formFields(parsed.error.issues), values);
		}
		try {
			await saveSsoConfig(domainDeps(), actor, id, parsed.data);
		} catch (e) {
			return failureFrom(e, 'sso', values);
		}
		return { form: 'sso' as const, saved: 'De inlogdienst is opgeslagen. Medewerkers kunnen nu op de inlogpagina hun organisatie kiezen.' };
	},
	ssoUit: async (event) => {
		const actor = requireBeheerder(event);
		const id = organisationId(event);
		return formAction(event.request, {
			form: 'ssoUit',
			schema: z.object({}),
			run: () => removeSsoConfig(domainDeps(), actor, id),
			done: 'Inloggen via de eigen inlogdienst staat uit. Medewerkers loggen weer in met hun wachtwoord.'
		});
	}
};
