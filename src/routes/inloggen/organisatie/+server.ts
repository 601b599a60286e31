import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { z } from 'zod';
import { authDeps } from '$lib/server/services';
import { requestOrigin, safeReturnPath } from '$lib/server/auth/guards';
import { ssoCookieName, ssoCookieOptions } from '$lib/server/auth/cookie';
import { startSsoSignIn } from '$lib/server/sso/flow';

const organisationId = z.uuid();

/** Starts a sign-in through the chosen organisation's identity provider (the form on /inloggen). */
export const POST: RequestHandler = async (event) => {
	const form = await event.request.formData();
	const id = organisationId.safeParse(form.get('organisationId'));
	if (!id.success) redirect(303, '/inloggen?sso=kies');
	const returnPath = safeReturnPath(typeof form.get('terug') === 'string' ? (form.get('terug') as string) : null);
	const started = await startSsoSignIn(authDeps(), id.data, returnPath, requestOrigin(event));
	if (!started.ok) redirect(303, `/inloggen?sso=${started.reason === 'unreachable' ? 'onbereikbaar' : 'niet-ingesteld'}`);
	event.cookies.set(ssoCookieName(), started.cookie, ssoCookieOptions());
	redirect(303, started.redirectTo);
};

export const GET: RequestHandler = () => redirect(303, '/inloggen');
