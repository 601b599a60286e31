import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { acceptInvitation } from '$lib/server/auth/passwords';
import { setSessionCookies } from '$lib/server/auth/cookie';
import { linkPage, setPasswordWithLinkAction } from '$lib/server/auth/link-password';

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const { holder, minLength } = await linkPage(authDeps(), cookies, 'invitation');
	return {
		holder: holder && { name: holder.name, email: holder.email },
		signedInAs: locals.auth && holder && locals.auth.user.id !== holder.userId ? locals.auth.user.name : null,
		minLength
	};
};

export const actions: Actions = {
	default: (event) =>
		setPasswordWithLinkAction(event, 'invitation', {
			refusal: event.locals.auth ? 'U bent nog ingelogd met een ander account. Log eerst uit en open de link opnieuw.' : null,
			set: (token, password, origin) => acceptInvitation(authDeps(), token, password, origin),
			then: (result) => setSessionCookies(event.cookies, result.session, null),
			to: '/'
		})
};
