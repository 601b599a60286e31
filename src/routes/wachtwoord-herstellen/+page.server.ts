import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { linkHolder, resetPassword } from '$lib/server/auth/passwords';
import { newPasswordSchema } from '$lib/server/auth/schema';
import { formFailure, parseForm } from '$lib/server/forms';
import { requestOrigin } from '$lib/server/auth/guards';
import { forgetLink, linkToken } from '$lib/server/auth/link-pages';
import { sessionCookieName } from '$lib/server/auth/cookie';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/password-policy';

export const load: PageServerLoad = async ({ cookies }) => {
	const token = linkToken(cookies, 'password_reset');
	const holder = token ? await linkHolder(authDeps(), token, 'password_reset') : null;
	if (!holder) forgetLink(cookies, 'password_reset');
	return { holder: holder && { email: holder.email }, minLength: MIN_PASSWORD_LENGTH };
};

export const actions: Actions = {
	default: async (event) => {
		const token = linkToken(event.cookies, 'password_reset');
		if (!token) return formFailure(400, 'verlopen', 'Deze link werkt niet meer.');
		const input = await parseForm(event.request, { form: 'wachtwoord', schema: newPasswordSchema });
		if (!input.ok) return input.failure;
		const result = await resetPassword(authDeps(), token, input.data.password, requestOrigin(event));
		if (!result.ok && result.reason === 'invalid_link') {
			forgetLink(event.cookies, 'password_reset');
			return formFailure(400, 'verlopen', 'Deze link werkt niet meer.');
		}
		if (!result.ok) return formFailure(400, 'wachtwoord', result.fields.password, result.fields);
		forgetLink(event.cookies, 'password_reset');
		event.cookies.delete(sessionCookieName(), { path: '/' }); // every session of the account ended with the reset
		redirect(303, '/inloggen?wachtwoord=nieuw');
	}
};
