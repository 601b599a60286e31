import { redirect, type Cookies } from '@sveltejs/kit';
import { linkCookieName, linkCookieOptions } from './cookie.ts';
import { isOneTimeToken, type OneTimePurpose } from './one-time.ts';

/**
 * The page a one-time link opens first (/uitnodiging/<token>, /wachtwoord-herstellen/<token>):
 * moves the token into an HttpOnly cookie and sends the browser on to the page without it, so
 * the token leaves the address bar, the history and any Referer at once.
 */
export function moveLinkToCookie(cookies: Cookies, token: string, purpose: OneTimePurpose, page: string): never {
	if (isOneTimeToken(token)) cookies.set(linkCookieName(purpose), token, linkCookieOptions());
	else cookies.delete(linkCookieName(purpose), { path: '/' });
	redirect(303, page);
}

/** The token a link left in its cookie, or null. */
export function linkToken(cookies: Cookies, purpose: OneTimePurpose): string | null {
	const token = cookies.get(linkCookieName(purpose));
	return token && isOneTimeToken(token) ? token : null;
}

/** Forgets the link's token (it was used, or it no longer works). */
export function forgetLink(cookies: Cookies, purpose: OneTimePurpose): void {
	cookies.delete(linkCookieName(purpose), { path: '/' });
}
