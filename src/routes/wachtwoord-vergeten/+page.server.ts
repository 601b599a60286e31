import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { requestPasswordReset } from '$lib/server/auth/passwords';
import { fieldErrors, resetRequestSchema } from '$lib/server/auth/schema';
import { requestOrigin } from '$lib/server/auth/guards';
import { refusalMessage, refusalStatus, retryAfterHeader } from '$lib/server/auth/throttle';
import { mailEnabled } from '$lib/server/email/transport';

export const load: PageServerLoad = () => ({ mailEnabled: mailEnabled() });

type Failure = { email: string; errors: Partial<Record<'form' | 'email', string>> };

export const actions: Actions = {
	default: async (event) => {
		const form = Object.fromEntries(await event.request.formData());
		const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
		const parsed = resetRequestSchema.safeParse(form);
		if (!parsed.success) return fail(400, { email, errors: fieldErrors(parsed.error) } as Failure);
		const result = await requestPasswordReset(authDeps(), parsed.data, requestOrigin(event));
		if (!result.ok) {
			event.setHeaders(retryAfterHeader(result));
			return fail(refusalStatus(result), { email, errors: { form: refusalMessage(result, 'reset') } } as Failure);
		}
		// the same answer for every address, with or without an account
		return { requested: true };
	}
};
