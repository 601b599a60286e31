import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { passSecondFactor } from '$lib/server/auth/service';
import { codeSchema, fieldErrors } from '$lib/server/auth/schema';
import { requestOrigin, requireSession } from '$lib/server/auth/guards';
import { setSessionCookies } from '$lib/server/auth/cookie';
import { refusalMessage, refusalStatus, retryAfterHeader } from '$lib/server/auth/throttle';

export const load: PageServerLoad = (event) => {
	const auth = requireSession(event);
	if (auth.stage !== 'needs_2fa') redirect(303, '/');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const auth = requireSession(event);
		if (auth.stage !== 'needs_2fa') redirect(303, '/');
		const parsed = codeSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { errors: fieldErrors(parsed.error) });
		const result = await passSecondFactor(authDeps(), auth, parsed.data.code, requestOrigin(event));
		if (result.ok) {
			setSessionCookies(event.cookies, result, result.device);
			redirect(303, '/');
		}
		if (result.reason === 'ended') redirect(303, '/inloggen');
		if (result.reason === 'invalid') {
			return fail(400, { errors: { code: 'Deze code klopt niet of is al gebruikt. Gebruik de nieuwste code uit uw app.' } });
		}
		event.setHeaders(retryAfterHeader(result));
		return fail(refusalStatus(result), { errors: { code: refusalMessage(result, 'code') } });
	}
};
