import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requestOrigin, requireActor, requireRole } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/auth/service';
import { readSlaSettings, slaSettingsSchema, updateSlaSettings, WORKDAY_MINUTES } from '$lib/server/sla/policy';
import { issuesByPath } from '$lib/server/forms';
import { followupSettingsSchema, readFollowupSettings, updateFollowupSettings } from '$lib/server/followups/settings';
import { failFrom, forbidden } from '$lib/server/http';
import { assessmentNormSchema, readAssessmentNormsView, updateAssessmentNorm } from '$lib/server/cases/norms';
import { domainDeps } from '$lib/server/services';

/** The region's SLA is Veilig Thuis's to set: its beheerders edit, other beheerders read. */
const canEdit = (kind: string) => kind === 'vt';

export const load: PageServerLoad = async (event) => {
	const auth = requireRole(event, ['beheerder']);
	const [settings, followup, norms] = await Promise.all([readSlaSettings(db()), readFollowupSettings(db()), readAssessmentNormsView(db())]);
	return {
		assessment: {
			spoedDays: String(norms.spoed),
			regulierDays: norms.regulier,
			updatedAt: norms.updatedAt,
			updatedByName: norms.updatedByName
		},
		followup: {
			graceWorkdays: String(followup.graceWorkdays),
			checkinIntervalDays: String(followup.checkinIntervalDays),
			statutoryTermWeeks: String(Math.round(followup.statutoryTermDays / 7))
		},
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

function editor(event: RequestEvent) {
	const auth = requireRole(event, ['beheerder']);
	if (!canEdit(auth.active.kind)) forbidden('Alleen beheerders van Veilig Thuis wijzigen de termijnen.', 'role');
	return actorOf(auth, requestOrigin(event));
}

export const actions: Actions = {
	beoordeling: async (event) => {
		editor(event);
		const form = Object.fromEntries(await event.request.formData());
		const assessment = { spoedDays: String(form.spoedDays ?? '') };
		const parsed = assessmentNormSchema.safeParse(assessment);
		if (!parsed.success) return fail(400, { assessmentErrors: issuesByPath(parsed.error.issues), assessment });
		try {
			const { sql, clock } = domainDeps();
			const { changed } = await updateAssessmentNorm(sql, requireActor(event), parsed.data, clock.now());
			return {
				assessmentMessage: changed
					? 'De termijn voor spoed is opgeslagen. Hij geldt voor meldingen die vanaf nu worden ingeschreven; bestaande zaken houden hun termijn.'
					: 'Er was niets gewijzigd.'
			};
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, assessment });
		}
	},
	reactie: async (event) => {
		const actor = editor(event);
		const form = Object.fromEntries(await event.request.formData());
		const values = {
			spoedHours: String(form.spoedHours ?? ''),
			regulierDays: String(form.regulierDays ?? ''),
			goodFriday: form.goodFriday === 'on',
			liberationDay: form.liberationDay === 'on'
		};
		const parsed = slaSettingsSchema.safeParse(values);
		if (!parsed.success) return fail(400, { errors: issuesByPath(parsed.error.issues), values });
		const { changed } = await updateSlaSettings(db(), actor, parsed.data, new Date());
		return {
			message: changed
				? 'De termijnen zijn opgeslagen. Ze gelden voor nieuwe aanbiedingen; lopende aanbiedingen houden hun termijn.'
				: 'Er was niets gewijzigd.'
		};
	},
	vervolg: async (event) => {
		const actor = editor(event);
		const form = Object.fromEntries(await event.request.formData());
		const followup = {
			graceWorkdays: String(form.graceWorkdays ?? ''),
			checkinIntervalDays: String(form.checkinIntervalDays ?? ''),
			statutoryTermWeeks: String(form.statutoryTermWeeks ?? '')
		};
		const parsed = followupSettingsSchema.safeParse(followup);
		if (!parsed.success) return fail(400, { followupErrors: issuesByPath(parsed.error.issues), followup });
		const { changed } = await updateFollowupSettings(db(), actor, parsed.data, new Date());
		return {
			followupMessage: changed
				? 'De vervolgtermijnen zijn opgeslagen. Ze gelden voor voorwaarden, stappen, trajecten en veiligheidschecks die vanaf nu worden vastgelegd.'
				: 'Er was niets gewijzigd.'
		};
	}
};
