import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { signIn } from '$lib/server/auth/service';
import { fieldErrors, signInSchema } from '$lib/server/auth/schema';
import { requestOrigin, safeReturnPath, stagePage } from '$lib/server/auth/guards';
import { deviceCookieName, setSessionCookies } from '$lib/server/auth/cookie';
import { refusalMessage, refusalStatus, retryAfterHeader } from '$lib/server/auth/throttle';
import { db } from '$lib/server/db/client';
import { ssoOrganisations } from '$lib/server/sso/config';

/** What the sign-in page says after a sign-in through an organisation's identity provider was refused (?sso=…). */
const SSO_MESSAGES: Record<string, string> = {
	'niet-ingesteld': 'Deze organisatie logt niet via een eigen inlogdienst in. Log in met uw e-mailadres en wachtwoord.',
	onbereikbaar:
		'De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw, of log in met uw e-mailadres en wachtwoord.',
	verlopen: 'Het inloggen via uw organisatie duurde te lang of is in een ander venster begonnen. U bent niet ingelogd; begin opnieuw.',
	mislukt: 'Het antwoord van de inlogdienst van uw organisatie kon niet worden gecontroleerd. U bent niet ingelogd; begin opnieuw.',
	afgebroken: 'Het inloggen bij uw organisatie is afgebroken of geweigerd. U bent niet ingelogd.',
	'geen-account':
		'Uw organisatie heeft u herkend, maar in Ketentafel is er voor u geen actief account bij deze organisatie. Vraag de beheerder van uw organisatie om een uitnodiging.'
};

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.auth) redirect(303, stagePage(locals.auth) ?? '/');
	return {
		signedOut: url.searchParams.has('afgemeld'),
		passwordReset: url.searchParams.get('wachtwoord') === 'nieuw',
		ssoMessage: SSO_MESSAGES[url.searchParams.get('sso') ?? ''] ?? null,
		ssoOrganisations: await ssoOrganisations(db()),
		returnPath: safeReturnPath(url.searchParams.get('terug'))
	};
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
