import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { acceptInvitation, linkHolder } from '$lib/server/auth/passwords';
import { fieldErrors, newPasswordSchema } from '$lib/server/auth/schema';
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

type Errors = Partial<Record<'form' | 'password' | 'repeat', string>>;

export const actions: Actions = {
	default: async (event) => {
		const token = linkToken(event.cookies, 'invitation');
		if (!token) return fail(400, { expired: true, errors: {} as Errors });
		if (event.locals.auth)
			return fail(409, { errors: { form: 'U bent nog ingelogd met een ander account. Log eerst uit en open de link opnieuw.' } as Errors });
		const parsed = newPasswordSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { errors: fieldErrors(parsed.error) as Errors });
		const result = await acceptInvitation(authDeps(), token, parsed.data.password, requestOrigin(event));
		if (!result.ok && result.reason === 'invalid_link') {
			forgetLink(event.cookies, 'invitation');
			return fail(400, { expired: true, errors: {} as Errors });
		}
		if (!result.ok) return fail(400, { errors: result.fields as Errors });
		forgetLink(event.cookies, 'invitation');
		setSessionCookies(event.cookies, result.session, null);
		redirect(303, '/');
	}
};
