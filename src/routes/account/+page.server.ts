import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps, domainDeps } from '$lib/server/services';
import { actorOf, disableTotp, renewRecoveryCodes, type ReauthResult } from '$lib/server/auth/service';
import { changePasswordSchema, reauthenticationSchema } from '$lib/server/auth/schema';
import { formAction, formFailure, parseForm } from '$lib/server/forms';
import { changeOwnPassword } from '$lib/server/auth/passwords';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/password-policy';
import { emailPreferenceSchema } from '$lib/server/accounts/schema';
import { setEmailPreference } from '$lib/server/accounts/service';
import { mailEnabled } from '$lib/server/email/transport';
import { requestOrigin, requireUser } from '$lib/server/auth/guards';
import { refusalMessage, refusalStatus, retryAfterHeader } from '$lib/server/auth/throttle';
import { db } from '$lib/server/db/client';

export const load: PageServerLoad = async (event) => {
	const auth = requireUser(event);
	const [row] = await db()<
		{ unused: number; enabledAt: Date | null; passwordChangedAt: Date | null; notificationEmail: 'off' | 'immediate' | 'digest' }[]
	>`
		select (select count(*)::int from recovery_codes where user_id = ${auth.user.id} and used_at is null) as unused,
		       u.totp_enabled_at as enabled_at, u.password_changed_at, u.notification_email::text as notification_email
		from users u where u.id = ${auth.user.id}`;
	return {
		passwordChangedAt: row.passwordChangedAt,
		notificationEmail: row.notificationEmail,
		mailEnabled: mailEnabled(),
		minLength: MIN_PASSWORD_LENGTH,
		email: auth.user.email,
		totpEnabled: auth.user.totpEnabled,
		totpEnabledAt: row.enabledAt,
		unusedRecoveryCodes: row.unused,
		mustKeepTotp: auth.memberships.some((m) => m.roles.includes('beheerder'))
	};
};

/** The current password and code from the form, or the failure naming the fields at fault. */
function proof(event: RequestEvent) {
	return parseForm(event.request, { form: 'tweestap', schema: reauthenticationSchema });
}

function refused(event: RequestEvent, result: Exclude<ReauthResult<unknown>, { ok: true }>) {
	if (result.reason === 'invalid') {
		const fields: Record<string, string> = {};
		if (result.fields.password) fields.password = result.fields.password;
		if (result.fields.code) fields.code = result.fields.code;
		return formFailure(400, 'tweestap', Object.values(fields)[0] ?? 'Controleer het formulier.', fields);
	}
	event.setHeaders(retryAfterHeader(result));
	return formFailure(refusalStatus(result), 'tweestap', refusalMessage(result, 'code'));
}

export const actions: Actions = {
	wachtwoord: async (event) => {
		const auth = requireUser(event);
		const input = await parseForm(event.request, { form: 'wachtwoord', schema: changePasswordSchema });
		if (!input.ok) return input.failure;
		const result = await changeOwnPassword(
			authDeps(),
			auth,
			{ current: input.data.current, next: input.data.password },
			requestOrigin(event)
		);
		if (!result.ok && result.reason === 'invalid') {
			const fields: Record<string, string> = {};
			if (result.fields.current) fields.current = result.fields.current;
			if (result.fields.next) fields.password = result.fields.next;
			return formFailure(400, 'wachtwoord', Object.values(fields)[0] ?? 'Controleer het formulier.', fields);
		}
		if (!result.ok) {
			event.setHeaders(retryAfterHeader(result));
			return formFailure(refusalStatus(result), 'wachtwoord', refusalMessage(result, 'password'));
		}
		const others =
			result.endedSessions === 1
				? 'Uw andere sessie is beëindigd.'
				: result.endedSessions > 1
					? `Uw ${result.endedSessions} andere sessies zijn beëindigd.`
					: '';
		return { form: 'wachtwoord' as const, saved: `Uw wachtwoord is gewijzigd. ${others}`.trim() };
	},
	email: (event) => {
		const auth = requireUser(event);
		return formAction(event.request, {
			form: 'email',
			schema: emailPreferenceSchema,
			run: (data) => setEmailPreference(domainDeps(), { ...actorOf(auth, requestOrigin(event)), userId: auth.user.id }, data.preference),
			done: 'Uw keuze voor e-mail is opgeslagen.'
		});
	},
	uitschakelen: async (event) => {
		const auth = requireUser(event);
		if (auth.memberships.some((m) => m.roles.includes('beheerder'))) {
			return formFailure(403, 'tweestap', 'Als beheerder moet u tweestapsverificatie aan laten staan.');
		}
		if (!auth.user.totpEnabled) redirect(303, '/account');
		const input = await proof(event);
		if (!input.ok) return input.failure;
		const result = await disableTotp(authDeps(), auth, input.data, requestOrigin(event));
		if (!result.ok) return refused(event, result);
		return { form: 'tweestap' as const, saved: 'Tweestapsverificatie staat uit.' };
	},
	herstelcodes: async (event) => {
		const auth = requireUser(event);
		if (!auth.user.totpEnabled) return formFailure(400, 'tweestap', 'Zet eerst tweestapsverificatie aan.');
		const input = await proof(event);
		if (!input.ok) return input.failure;
		const result = await renewRecoveryCodes(authDeps(), auth, input.data, requestOrigin(event));
		if (!result.ok) return refused(event, result);
		return { form: 'tweestap' as const, saved: 'Nieuwe herstelcodes aangemaakt. De oude werken niet meer.', codes: result.value };
	}
};
