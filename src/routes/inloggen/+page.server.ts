import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { signIn } from '$lib/server/auth/service';
import { fieldErrors, signInSchema } from '$lib/server/auth/schema';
import { requestOrigin, safeReturnPath, stagePage } from '$lib/server/auth/guards';
import { deviceCookieName, setSessionCookies } from '$lib/server/auth/cookie';
import { refusalMessage, refusalStatus, retryAfterHeader } from '$lib/server/auth/throttle';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.auth) redirect(303, stagePage(locals.auth) ?? '/');
	return { signedOut: url.searchParams.has('afgemeld'), passwordReset: url.searchParams.get('wachtwoord') === 'nieuw' };
};

type Failure = { email: string; errors: Partial<Record<'form' | 'email' | 'password', string>> };

export const actions: Actions = {
	default: async (event) => {
		const form = Object.fromEntries(await event.request.formData());
		const parsed = signInSchema.safeParse(form);
		const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
		if (!parsed.success) return fail(400, { email, errors: fieldErrors(parsed.error) } as Failure);

		const deviceCookie = event.cookies.get(deviceCookieName()) ?? null;
		const result = await signIn(authDeps(), { ...parsed.data, deviceCookie, ...requestOrigin(event) });
		if (!result.ok && result.reason === 'invalid') {
			return fail(400, { email, errors: { form: 'Deze combinatie van e-mailadres en wachtwoord klopt niet.' } } as Failure);
		}
		if (!result.ok) {
			event.setHeaders(retryAfterHeader(result));
			return fail(refusalStatus(result), { email, errors: { form: refusalMessage(result, 'sign_in') } } as Failure);
		}
		setSessionCookies(event.cookies, result, result.device);
		redirect(303, safeReturnPath(event.url.searchParams.get('terug')));
	}
};
