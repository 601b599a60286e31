import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestOrigin, requireRole } from '$lib/server/auth/guards';
import { actorFromAuth, type Actor } from '$lib/server/actor';
import { TOKEN_KINDS } from '$lib/server/api/scopes';
import { apiDeps } from '$lib/server/api/deps';
import { createApiToken, listApiTokens, NOT_PARTNER_MESSAGE, revokeApiToken } from '$lib/server/api/tokens';
import { tokenCreateSchema, tokenRevokeSchema } from '$lib/server/api/schema';
import { API_SCOPE_LABELS, scopesFor } from '$lib/server/api/scopes';
import { ForbiddenError } from '$lib/server/errors';
import { forbidden } from '$lib/server/http';
import { failureFrom, formAction, formFailure, parseForm } from '$lib/server/forms';

/** A beheerder of a partner organisation, or a 403 that explains who API tokens are for. */
function tokenAdmin(event: RequestEvent): Actor {
	const auth = requireRole(event, ['beheerder']);
	const actor = actorFromAuth(auth, requestOrigin(event));
	if (!TOKEN_KINDS.includes(actor.organisationKind)) forbidden(NOT_PARTNER_MESSAGE, 'role');
	return actor;
}

export const load: PageServerLoad = async (event) => {
	const actor = tokenAdmin(event);
	return {
		organisationName: actor.organisationName,
		tokens: await listApiTokens(apiDeps(), actor),
		scopes: scopesFor(actor.organisationKind).map((value) => ({ value, label: API_SCOPE_LABELS[value] }))
	};
};

export const actions: Actions = {
	aanmaken: async (event) => {
		const actor = tokenAdmin(event);
		return formAction(event.request, {
			form: 'aanmaken',
			schema: tokenCreateSchema,
			lists: ['scopes'],
			invalid: 'Het token is niet aangemaakt.',
			run: (data) => createApiToken(apiDeps(), actor, data),
			done: ({ token }, data) => ({
				saved: `Token "${data.name}" is aangemaakt.`,
				created: { name: data.name, token, scopes: data.scopes }
			})
		});
	},
	intrekken: async (event) => {
		const actor = tokenAdmin(event);
		const parsed = await parseForm(event.request, {
			form: 'intrekken',
			schema: tokenRevokeSchema,
			invalid: 'Kies een token uit de lijst.'
		});
		if (!parsed.ok) return parsed.failure;
		try {
			const { name } = await revokeApiToken(apiDeps(), actor, parsed.data.id);
			return {
				form: 'intrekken' as const,
				saved: `Token "${name}" is ingetrokken. Systemen die het gebruiken, krijgen vanaf nu geen toegang meer.`
			};
		} catch (e) {
			// a token of another organisation is refused at the list, not with the 403 page
			if (e instanceof ForbiddenError) return formFailure(403, 'intrekken', e.message, {}, parsed.values);
			return failureFrom(e, 'intrekken', parsed.values);
		}
	}
};
