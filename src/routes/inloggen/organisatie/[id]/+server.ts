import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { z } from 'zod';
import { authDeps } from '$lib/server/services';
import { requestOrigin, safeReturnPath } from '$lib/server/auth/guards';
import { ssoCookieName, ssoCookieOptions } from '$lib/server/auth/cookie';
import { startSsoSignIn } from '$lib/server/sso/flow';

const organisationId = z.uuid();

/**
 * Starts a sign-in through this organisation's identity provider (a link on /inloggen: a link, not
 * a form, because the page's form-action policy allows only this site as a form's destination).
 */
export const GET: RequestHandler = async (event) => {
	const id = organisationId.safeParse(event.params.id);
	if (!id.success) redirect(303, '/inloggen?sso=niet-ingesteld');
	const returnPath = safeReturnPath(event.url.searchParams.get('terug'));
	const started = await startSsoSignIn(authDeps(), id.data, returnPath, requestOrigin(event));
	if (!started.ok) redirect(303, `/inloggen?sso=${started.reason === 'unreachable' ? 'onbereikbaar' : 'niet-ingesteld'}`);
	event.cookies.set(ssoCookieName(), started.cookie, ssoCookieOptions());
	event.setHeaders({ 'cache-control': 'no-store' });
	redirect(303, started.redirectTo);
};
