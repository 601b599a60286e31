import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { disableTotp, renewRecoveryCodes } from '$lib/server/auth/service';
import { requestOrigin, requireUser } from '$lib/server/auth/guards';
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

export const actions: Actions = {
	uitschakelen: async (event) => {
		const auth = requireUser(event);
		if (auth.memberships.some((m) => m.roles.includes('beheerder'))) {
			return fail(403, { message: 'Als beheerder moet u tweestapsverificatie aan laten staan.' });
		}
		if (!auth.user.totpEnabled) redirect(303, '/account');
		await disableTotp(authDeps(), auth, requestOrigin(event));
		return { message: 'Tweestapsverificatie staat uit.' };
	},
	herstelcodes: async (event) => {
		const auth = requireUser(event);
		if (!auth.user.totpEnabled) return fail(400, { message: 'Zet eerst tweestapsverificatie aan.' });
		const codes = await renewRecoveryCodes(authDeps(), auth, requestOrigin(event));
		return { codes, message: 'Nieuwe herstelcodes aangemaakt. De oude werken niet meer.' };
	}
};
