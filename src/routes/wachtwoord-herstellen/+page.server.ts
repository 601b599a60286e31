import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { resetPassword } from '$lib/server/auth/passwords';
import { sessionCookieName } from '$lib/server/auth/cookie';
import { linkPage, setPasswordWithLinkAction } from '$lib/server/auth/link-password';

export const load: PageServerLoad = async ({ cookies }) => {
	const { holder, minLength } = await linkPage(authDeps(), cookies, 'password_reset');
	return { holder: holder && { email: holder.email }, minLength };
};

export const actions: Actions = {
	default: (event) =>
		setPasswordWithLinkAction(event, 'password_reset', {
			set: (token, password, origin) => resetPassword(authDeps(), token, password, origin),
			// every session of the account ended with the reset
			then: () => event.cookies.delete(sessionCookieName(), { path: '/' }),
			to: '/inloggen?wachtwoord=nieuw'
		})
};
