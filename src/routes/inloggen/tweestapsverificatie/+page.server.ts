import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { passSecondFactor } from '$lib/server/auth/service';
import { codeSchema } from '$lib/server/auth/schema';
import { formFailure, parseForm } from '$lib/server/forms';
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
		const input = await parseForm(event.request, { form: 'code', schema: codeSchema });
		if (!input.ok) return input.failure;
		const result = await passSecondFactor(authDeps(), auth, input.data.code, requestOrigin(event));
		if (result.ok) {
			setSessionCookies(event.cookies, result, result.device);
			redirect(303, '/');
		}
		if (result.reason === 'ended') redirect(303, '/inloggen');
		if (result.reason === 'invalid') {
			const message = 'Deze code klopt niet of is al gebruikt. Gebruik de nieuwste code uit uw app.';
			return formFailure(400, 'code', message, { code: message });
		}
		event.setHeaders(retryAfterHeader(result));
		const message = refusalMessage(result, 'code');
		return formFailure(refusalStatus(result), 'code', message, { code: message });
	}
};
