import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { linkHolder, resetPassword } from '$lib/server/auth/passwords';
import { fieldErrors, newPasswordSchema } from '$lib/server/auth/schema';
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

type Errors = Partial<Record<'form' | 'password' | 'repeat', string>>;

export const actions: Actions = {
	default: async (event) => {
		const token = linkToken(event.cookies, 'password_reset');
		if (!token) return fail(400, { expired: true, errors: {} as Errors });
		const parsed = newPasswordSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { errors: fieldErrors(parsed.error) as Errors });
		const result = await resetPassword(authDeps(), token, parsed.data.password, requestOrigin(event));
		if (!result.ok && result.reason === 'invalid_link') {
			forgetLink(event.cookies, 'password_reset');
			return fail(400, { expired: true, errors: {} as Errors });
		}
		if (!result.ok) return fail(400, { errors: result.fields as Errors });
		forgetLink(event.cookies, 'password_reset');
		event.cookies.delete(sessionCookieName(), { path: '/' }); // every session of the account ended with the reset
		redirect(303, '/inloggen?wachtwoord=nieuw');
	}
};
