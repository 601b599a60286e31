import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { requestPasswordReset } from '$lib/server/auth/passwords';
import { resetRequestSchema } from '$lib/server/auth/schema';
import { formFailure, parseForm } from '$lib/server/forms';
import { requestOrigin } from '$lib/server/auth/guards';
import { refusalMessage, refusalStatus, retryAfterHeader } from '$lib/server/auth/throttle';
import { mailEnabled } from '$lib/server/email/transport';

export const load: PageServerLoad = () => ({ mailEnabled: mailEnabled() });

export const actions: Actions = {
	default: async (event) => {
		const input = await parseForm(event.request, { form: 'aanvraag', schema: resetRequestSchema });
		if (!input.ok) return input.failure;
		const result = await requestPasswordReset(authDeps(), input.data, requestOrigin(event));
		if (!result.ok) {
			event.setHeaders(retryAfterHeader(result));
			return formFailure(refusalStatus(result), 'aanvraag', refusalMessage(result, 'reset'), {}, input.values);
		}
		// the same answer for every address, with or without an account
		return { form: 'aanvraag' as const, saved: 'De aanvraag is ontvangen.' };
	}
};
