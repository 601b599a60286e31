import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { env } from '$lib/server/env';
import { authDeps } from '$lib/server/services';
import { requestOrigin } from '$lib/server/auth/guards';
import { setSessionCookies, ssoCookieName, ssoCookieOptions } from '$lib/server/auth/cookie';
import { finishSsoSignIn, type SsoRefusal } from '$lib/server/sso/flow';

/** The word in /inloggen?sso=… that the sign-in page turns into a Dutch message. */
const REFUSAL_WORD: Record<SsoRefusal, string> = {
	not_configured: 'niet-ingesteld',
	unreachable: 'onbereikbaar',
	expired: 'verlopen',
	protocol: 'mislukt',
	cancelled: 'afgebroken',
	no_account: 'geen-account'
};

/** Where an organisation's identity provider sends the person back (register ORIGIN + this path there). */
export const GET: RequestHandler = async (event) => {
	const cookie = event.cookies.get(ssoCookieName());
	event.cookies.delete(ssoCookieName(), ssoCookieOptions()); // one attempt per started sign-in
	// the address the provider redirected to, as the public origin spells it (not as a proxy passed it on)
	const callbackUrl = new URL(`${env().ORIGIN}${event.url.pathname}${event.url.search}`);
	const result = await finishSsoSignIn(authDeps(), cookie, callbackUrl, requestOrigin(event));
	if (!result.ok) redirect(303, `/inloggen?sso=${REFUSAL_WORD[result.reason]}`);
	setSessionCookies(event.cookies, result, result.device);
	redirect(303, result.device ? result.returnPath : '/inloggen'); // /inloggen sends a session that still owes a second factor on to it
};
