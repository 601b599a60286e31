import { fail, error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requestOrigin, requireRole } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/auth/service';
import { readSlaSettings, slaSettingsSchema, updateSlaSettings, WORKDAY_MINUTES } from '$lib/server/sla/policy';
import { issuesByPath } from '$lib/server/forms';

/** The region's SLA is Veilig Thuis's to set: its beheerders edit, other beheerders read. */
const canEdit = (kind: string) => kind === 'vt';

export const load: PageServerLoad = async (event) => {
	const auth = requireRole(event, ['beheerder']);
	const settings = await readSlaSettings(db());
	return {
		editable: canEdit(auth.active.kind),
		values: {
			spoedHours: String(settings.policies.spoed / 60).replace('.', ','),
			regulierDays: String(settings.policies.regulier / WORKDAY_MINUTES).replace('.', ','),
			goodFriday: settings.workdays.goodFriday,
			liberationDay: settings.workdays.liberationDay
		},
		updatedAt: settings.updatedAt,
		updatedByName: settings.updatedByName
	};
};

export const actions: Actions = {
	default: async (event) => {
		const auth = requireRole(event, ['beheerder']);
		if (!canEdit(auth.active.kind)) error(403, 'Alleen beheerders van Veilig Thuis wijzigen de reactietermijnen.');
		const form = Object.fromEntries(await event.request.formData());
		const values = {
			spoedHours: String(form.spoedHours ?? ''),
			regulierDays: String(form.regulierDays ?? ''),
			goodFriday: form.goodFriday === 'on',
			liberationDay: form.liberationDay === 'on'
		};
		const parsed = slaSettingsSchema.safeParse(values);
		if (!parsed.success) return fail(400, { errors: issuesByPath(parsed.error.issues), values });
		const { changed } = await updateSlaSettings(db(), actorOf(auth, requestOrigin(event)), parsed.data, new Date());
		return { message: changed ? 'De termijnen zijn opgeslagen. Ze gelden voor nieuwe aanbiedingen; lopende aanbiedingen houden hun termijn.' : 'Er was niets gewijzigd.' };
	}
};
