import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { db } from '$lib/server/db/client';
import { domainDeps } from '$lib/server/services';
import { failFrom, loadOr403 } from '$lib/server/http';
import { issuesByPath } from '$lib/server/forms';
import { endOrganisation, requireOrganisationAdmin, updateOrganisation } from '$lib/server/organisations/service';
import { organisationById, organisationFormOptions } from '$lib/server/organisations/queries';
import { EDITABLE_KINDS, organisationFromForm, organisationIdSchema, organisationSchema } from '$lib/server/organisations/schema';
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

export const actions: Actions = {
	opslaan: async (event) => {
		const actor = requireBeheerder(event);
		const id = organisationIdSchema.safeParse(event.params.id);
		if (!id.success) error(404, 'Deze organisatie bestaat niet.');
		const values = organisationFromForm(await event.request.formData());
		const parsed = organisationSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, {
				action: 'opslaan' as const,
				values,
				message: 'De wijziging is niet opgeslagen.',
				fields: issuesByPath(parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(0, 1) })))
			});
		try {
			await updateOrganisation(domainDeps(), actor, id.data, parsed.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { action: 'opslaan' as const, values, message: failure.data.message, fields: failure.data.fields });
		}
		return { action: 'opslaan' as const, saved: true };
	},
	beeindigen: async (event) => {
		const actor = requireBeheerder(event);
		const id = organisationIdSchema.safeParse(event.params.id);
		if (!id.success) error(404, 'Deze organisatie bestaat niet.');
		try {
			await endOrganisation(domainDeps(), actor, id.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { action: 'beeindigen' as const, message: failure.data.message, fields: {} });
		}
		return { action: 'beeindigen' as const, ended: true };
	},
	sso: async (event) => {
		const actor = requireBeheerder(event);
		const id = organisationIdSchema.safeParse(event.params.id);
		if (!id.success) error(404, 'Deze organisatie bestaat niet.');
		const raw = ssoConfigFromForm(await event.request.formData());
		const values = { ...raw, clientSecret: '' }; // the secret is never sent back
		const parsed = ssoConfigSchema(env().production).safeParse(raw);
		if (!parsed.success)
			return fail(400, {
				action: 'sso' as const,
				values,
				message: 'De inlogdienst is niet opgeslagen.',
				fields: issuesByPath(parsed.error.issues)
			});
		try {
			await saveSsoConfig(domainDeps(), actor, id.data, parsed.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { action: 'sso' as const, values, message: failure.data.message, fields: failure.data.fields });
		}
		return { action: 'sso' as const, saved: true };
	},
	ssoUit: async (event) => {
		const actor = requireBeheerder(event);
		const id = organisationIdSchema.safeParse(event.params.id);
		if (!id.success) error(404, 'Deze organisatie bestaat niet.');
		try {
			await removeSsoConfig(domainDeps(), actor, id.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { action: 'ssoUit' as const, message: failure.data.message, fields: {} });
		}
		return { action: 'ssoUit' as const, removed: true };
	}
};
