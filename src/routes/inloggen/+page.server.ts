import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { signIn } from '$lib/server/auth/service';
import { signInSchema } from '$lib/server/auth/schema';
import { formFailure, parseForm } from '$lib/server/forms';
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

export const actions: Actions = {
	default: async (event) => {
		const input = await parseForm(event.request, { form: 'inloggen', schema: signInSchema });
		if (!input.ok) return input.failure;

		const deviceCookie = event.cookies.get(deviceCookieName()) ?? null;
		const result = await signIn(authDeps(), { ...input.data, deviceCookie, ...requestOrigin(event) });
		if (!result.ok && result.reason === 'invalid') {
			return formFailure(400, 'inloggen', 'Deze combinatie van e-mailadres en wachtwoord klopt niet.', {}, input.values);
		}
		if (!result.ok) {
			event.setHeaders(retryAfterHeader(result));
			return formFailure(refusalStatus(result), 'inloggen', refusalMessage(result, 'sign_in'), {}, input.values);
		}
		setSessionCookies(event.cookies, result, result.device);
		redirect(303, safeReturnPath(event.url.searchParams.get('terug')));
	}
};
