import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requestOrigin, requireRole } from '$lib/server/auth/guards';
import { actorFromAuth, type Actor } from '$lib/server/actor';
import { TOKEN_KINDS } from '$lib/server/api/scopes';
import { apiDeps } from '$lib/server/api/deps';
import { createApiToken, listApiTokens, NOT_PARTNER_MESSAGE, revokeApiToken } from '$lib/server/api/tokens';
import { tokenCreateSchema, tokenRevokeSchema } from '$lib/server/api/schema';
import { API_SCOPE_LABELS, scopesFor } from '$lib/server/api/scopes';
import { ConflictError, ForbiddenError, InputError } from '$lib/server/errors';
import { forbidden } from '$lib/server/http';

/** A beheerder of a partner organisation, or a 403 that explains who API tokens are for. */
function tokenAdmin(event: RequestEvent): Actor {
	const auth = requireRole(event, ['beheerder']);
	const actor = actorFromAuth(auth, requestOrigin(event));
	if (!TOKEN_KINDS.includes(actor.organisationKind)) forbidden(NOT_PARTNER_MESSAGE, 'role');
	return actor;
}

/** The first message per top-level field ("scopes.1" counts as "scopes"). */
function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of issues) out[String(issue.path[0] ?? 'form')] ??= issue.message;
	return out;
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
		const form = await event.request.formData();
		const values = { name: String(form.get('name') ?? ''), scopes: form.getAll('scopes').map(String) };
		const parsed = tokenCreateSchema.safeParse(values);
		if (!parsed.success) return fail(400, { action: 'aanmaken' as const, values, errors: fieldErrors(parsed.error.issues) });
		let token: string;
		try {
			({ token } = await createApiToken(apiDeps(), actor, parsed.data));
		} catch (e) {
			if (e instanceof InputError) return fail(400, { action: 'aanmaken' as const, values, errors: e.fields });
			throw e;
		}
		return { action: 'aanmaken' as const, created: { name: parsed.data.name, token, scopes: parsed.data.scopes } };
	},
	intrekken: async (event) => {
		const actor = tokenAdmin(event);
		const parsed = tokenRevokeSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { action: 'intrekken' as const, message: 'Kies een token uit de lijst.' });
		try {
			const { name } = await revokeApiToken(apiDeps(), actor, parsed.data.id);
			return { action: 'intrekken' as const, revoked: name };
		} catch (e) {
			if (e instanceof ConflictError) return fail(409, { action: 'intrekken' as const, message: e.message });
			if (e instanceof ForbiddenError) return fail(403, { action: 'intrekken' as const, message: e.message });
			throw e;
		}
	}
};
