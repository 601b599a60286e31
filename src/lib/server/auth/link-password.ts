import { redirect, type ActionFailure, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { linkHolder, type LinkResult } from './passwords.ts';
import { newPasswordSchema } from './schema.ts';
import { formFailure, parseForm, type FormProblem } from '../forms.ts';
import { requestOrigin } from './guards.ts';
import type { AuthDeps, RequestOrigin } from './service.ts';
import { forgetLink, linkToken } from './link-pages.ts';
import { MIN_PASSWORD_LENGTH } from './password-policy.ts';
import type { OneTimeHolder, OneTimePurpose } from './one-time.ts';

/**
 * The two pages that set a password through a one-time link (/wachtwoord-herstellen and
 * /uitnodiging) share this: the holder the page greets, and the action that reads the new
 * password, sets it with the link and answers with the page's failures ('verlopen' for a link that
 * no longer works, 'wachtwoord' for the form).
 */

/** The holder of the link in the cookie while it still works (the cookie is forgotten when it does not), and the policy's length. */
export async function linkPage(
	deps: AuthDeps,
	cookies: Cookies,
	purpose: OneTimePurpose
): Promise<{ holder: OneTimeHolder | null; minLength: number }> {
	const token = linkToken(cookies, purpose);
	const holder = token ? await linkHolder(deps, token, purpose) : null;
	if (!holder) forgetLink(cookies, purpose);
	return { holder, minLength: MIN_PASSWORD_LENGTH };
}

export type LinkPasswordFailure = ActionFailure<FormProblem<'verlopen' | 'wachtwoord'>>;

/**
 * The action of a link page: checks the link and the new password, sets it with `set` and, once
 * set, forgets the link, lets `then` finish (cookies) and redirects to `to`. `refusal` is a
 * message that stops the form before anything is read (e.g. someone else is signed in).
 */
export async function setPasswordWithLinkAction<T>(
	event: RequestEvent,
	purpose: OneTimePurpose,
	options: {
		refusal?: string | null;
		set: (token: string, password: string, origin: RequestOrigin) => Promise<LinkResult<T>>;
		then: (result: T) => void;
		to: string;
	}
): Promise<LinkPasswordFailure> {
	const token = linkToken(event.cookies, purpose);
	if (!token) return formFailure(400, 'verlopen', 'Deze link werkt niet meer.');
	if (options.refusal) return formFailure(409, 'wachtwoord', options.refusal);
	const input = await parseForm(event.request, { form: 'wachtwoord', schema: newPasswordSchema });
	if (!input.ok) return input.failure;
	const result = await options.set(token, input.data.password, requestOrigin(event));
	if (!result.ok && result.reason === 'invalid_link') {
		forgetLink(event.cookies, purpose);
		return formFailure(400, 'verlopen', 'Deze link werkt niet meer.');
	}
	if (!result.ok) return formFailure(400, 'wachtwoord', result.fields.password, result.fields);
	forgetLink(event.cookies, purpose);
	options.then(result);
	redirect(303, options.to);
}
