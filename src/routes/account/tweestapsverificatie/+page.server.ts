import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { enableTotp } from '$lib/server/auth/service';
import { totpSetupSchema } from '$lib/server/auth/schema';
import { formFields, readForm, type FormProblem } from '$lib/server/forms';
import { requestOrigin, requireSession } from '$lib/server/auth/guards';
import { generateTotpKey, totpEnrolment } from '$lib/server/auth/totp';
import { openPendingKey, sealPendingKey } from '$lib/server/auth/enrolment';
import { setSessionCookies } from '$lib/server/auth/cookie';
import type { RequestEvent } from '@sveltejs/kit';

function requireEnrollable(event: RequestEvent) {
	const auth = requireSession(event);
	if (auth.stage === 'needs_2fa') redirect(303, '/inloggen/tweestapsverificatie');
	return auth;
}

function enrolment(userId: string, email: string, key: Uint8Array) {
	return { ...totpEnrolment(key, email), pending: sealPendingKey(userId, key, authDeps().clock) };
}

export const load: PageServerLoad = (event) => {
	const auth = requireEnrollable(event);
	if (auth.user.totpEnabled) return { enabled: true as const };
	return {
		enabled: false as const,
		required: auth.stage === 'needs_2fa_setup',
		...enrolment(auth.user.id, auth.user.email, generateTotpKey())
	};
};

/** The failure of the set-up form: the one failure shape, plus a QR code to try again with (the same key, or a new one when the old one expired). */
function refusedSetup(fields: Record<string, string>, next: ReturnType<typeof enrolment>) {
	const problem: FormProblem<'koppelen'> = {
		form: 'koppelen',
		message: Object.values(fields)[0] ?? 'Controleer de code.',
		fields,
		values: {}
	};
	return fail(400, { ...problem, ...next });
}

export const actions: Actions = {
	default: async (event) => {
		const auth = requireEnrollable(event);
		if (auth.user.totpEnabled) redirect(303, '/account');
		const { form } = await readForm(event.request);
		const pending = form.get('pending');
		const key = typeof pending === 'string' ? openPendingKey(pending, auth.user.id, authDeps().clock) : null;
		if (!key) {
			return refusedSetup(
				{ code: 'De koppeling is verlopen. Scan de nieuwe QR-code en probeer het opnieuw.' },
				enrolment(auth.user.id, auth.user.email, generateTotpKey())
			);
		}
		const parsed = totpSetupSchema.safeParse(Object.fromEntries(form));
		if (!parsed.success) return refusedSetup(formFields(parsed.error.issues), enrolment(auth.user.id, auth.user.email, key));
		const result = await enableTotp(authDeps(), auth, key, parsed.data.code, requestOrigin(event));
		if (!result.ok && result.reason === 'ended') redirect(303, '/inloggen');
		if (!result.ok) {
			return refusedSetup(
				{ code: 'Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en vul de nieuwste code in.' },
				enrolment(auth.user.id, auth.user.email, key)
			);
		}
		if (result.session) setSessionCookies(event.cookies, result.session, result.session.device);
		return { form: 'koppelen' as const, saved: 'Tweestapsverificatie staat aan.', codes: result.codes };
	}
};
