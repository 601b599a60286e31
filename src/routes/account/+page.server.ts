import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { disableTotp, renewRecoveryCodes, type ReauthResult } from '$lib/server/auth/service';
import { fieldErrors, reauthenticationSchema } from '$lib/server/auth/schema';
import { requestOrigin, requireUser } from '$lib/server/auth/guards';
import { refusalMessage, refusalStatus, retryAfterHeader } from '$lib/server/auth/throttle';
import { db } from '$lib/server/db/client';

export const load: PageServerLoad = async (event) => {
	const auth = requireUser(event);
	const [row] = await db()<{ unused: number; enabledAt: Date | null }[]>`
		select (select count(*)::int from recovery_codes where user_id = ${auth.user.id} and used_at is null) as unused,
		       (select totp_enabled_at from users where id = ${auth.user.id}) as enabled_at`;
	return {
		email: auth.user.email,
		totpEnabled: auth.user.totpEnabled,
		totpEnabledAt: row.enabledAt,
		unusedRecoveryCodes: row.unused,
		mustKeepTotp: auth.memberships.some((m) => m.roles.includes('beheerder'))
	};
};

type Errors = Partial<Record<'form' | 'password' | 'code', string>>;

/** The current password and code from the form, or the failure naming the fields at fault. */
async function proof(event: RequestEvent) {
	const parsed = reauthenticationSchema.safeParse(Object.fromEntries(await event.request.formData()));
	return parsed.success ? { data: parsed.data } : { failure: fail(400, { errors: fieldErrors(parsed.error) as Errors }) };
}

function refused(event: RequestEvent, result: Exclude<ReauthResult<unknown>, { ok: true }>) {
	if (result.reason === 'invalid') return fail(400, { errors: result.fields as Errors });
	event.setHeaders(retryAfterHeader(result));
	return fail(refusalStatus(result), { errors: { form: refusalMessage(result, 'code') } as Errors });
}

export const actions: Actions = {
	uitschakelen: async (event) => {
		const auth = requireUser(event);
		if (auth.memberships.some((m) => m.roles.includes('beheerder'))) {
			return fail(403, { errors: { form: 'Als beheerder moet u tweestapsverificatie aan laten staan.' } as Errors });
		}
		if (!auth.user.totpEnabled) redirect(303, '/account');
		const input = await proof(event);
		if (!input.data) return input.failure;
		const result = await disableTotp(authDeps(), auth, input.data, requestOrigin(event));
		if (!result.ok) return refused(event, result);
		return { message: 'Tweestapsverificatie staat uit.' };
	},
	herstelcodes: async (event) => {
		const auth = requireUser(event);
		if (!auth.user.totpEnabled) return fail(400, { errors: { form: 'Zet eerst tweestapsverificatie aan.' } as Errors });
		const input = await proof(event);
		if (!input.data) return input.failure;
		const result = await renewRecoveryCodes(authDeps(), auth, input.data, requestOrigin(event));
		if (!result.ok) return refused(event, result);
		return { codes: result.value, message: 'Nieuwe herstelcodes aangemaakt. De oude werken niet meer.' };
	}
};
