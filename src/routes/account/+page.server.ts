import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps, domainDeps } from '$lib/server/services';
import { actorOf, disableTotp, renewRecoveryCodes, type ReauthResult } from '$lib/server/auth/service';
import { changePasswordSchema, fieldErrors, reauthenticationSchema } from '$lib/server/auth/schema';
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

type Errors = Partial<Record<'form' | 'password' | 'code', string>>;
type PasswordErrors = Partial<Record<'form' | 'current' | 'password' | 'repeat', string>>;

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
	wachtwoord: async (event) => {
		const auth = requireUser(event);
		const parsed = changePasswordSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { action: 'wachtwoord' as const, errors: fieldErrors(parsed.error) as PasswordErrors });
		const result = await changeOwnPassword(
			authDeps(),
			auth,
			{ current: parsed.data.current, next: parsed.data.password },
			requestOrigin(event)
		);
		if (!result.ok && result.reason === 'invalid') {
			const { current, next } = result.fields;
			return fail(400, { action: 'wachtwoord' as const, errors: { current, password: next } as PasswordErrors });
		}
		if (!result.ok) {
			event.setHeaders(retryAfterHeader(result));
			return fail(refusalStatus(result), {
				action: 'wachtwoord' as const,
				errors: { form: refusalMessage(result, 'password') } as PasswordErrors
			});
		}
		const others =
			result.endedSessions === 1
				? 'Uw andere sessie is beëindigd.'
				: result.endedSessions > 1
					? `Uw ${result.endedSessions} andere sessies zijn beëindigd.`
					: '';
		return { action: 'wachtwoord' as const, message: `Uw wachtwoord is gewijzigd. ${others}`.trim() };
	},
	email: async (event) => {
		const auth = requireUser(event);
		const parsed = emailPreferenceSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { action: 'email' as const, errors: { preference: parsed.error.issues[0].message } });
		await setEmailPreference(domainDeps(), { ...actorOf(auth, requestOrigin(event)), userId: auth.user.id }, parsed.data.preference);
		return { action: 'email' as const, message: 'Uw keuze voor e-mail is opgeslagen.' };
	},
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
