import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { acceptInvitation, linkHolder } from '$lib/server/auth/passwords';
import { newPasswordSchema } from '$lib/server/auth/schema';
import { formFailure, parseForm } from '$lib/server/forms';
import { requestOrigin } from '$lib/server/auth/guards';
import { setSessionCookies } from '$lib/server/auth/cookie';
import { forgetLink, linkToken } from '$lib/server/auth/link-pages';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/password-policy';

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const token = linkToken(cookies, 'invitation');
	const holder = token ? await linkHolder(authDeps(), token, 'invitation') : null;
	if (!holder) forgetLink(cookies, 'invitation');
	return {
		holder: holder && { name: holder.name, email: holder.email },
		signedInAs: locals.auth && holder && locals.auth.user.id !== holder.userId ? locals.auth.user.name : null,
		minLength: MIN_PASSWORD_LENGTH
	};
};

export const actions: Actions = {
	default: async (event) => {
		const token = linkToken(event.cookies, 'invitation');
		if (!token) return formFailure(400, 'verlopen', 'Deze link werkt niet meer.');
		if (event.locals.auth)
			return formFailure(409, 'wachtwoord', 'U bent nog ingelogd met een ander account. Log eerst uit en open de link opnieuw.');
		const input = await parseForm(event.request, { form: 'wachtwoord', schema: newPasswordSchema });
		if (!input.ok) return input.failure;
		const result = await acceptInvitation(authDeps(), token, input.data.password, requestOrigin(event));
		if (!result.ok && result.reason === 'invalid_link') {
			forgetLink(event.cookies, 'invitation');
			return formFailure(400, 'verlopen', 'Deze link werkt niet meer.');
		}
		if (!result.ok) return formFailure(400, 'wachtwoord', result.fields.password, result.fields);
		forgetLink(event.cookies, 'invitation');
		setSessionCookies(event.cookies, result.session, null);
		redirect(303, '/');
	}
};
