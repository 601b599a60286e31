import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requireBeheerder } from '$lib/server/auth/guards';
import { DEFAULT_SLA_POLICIES, readSlaSettings, slaSettingsSchema, updateSlaSettings, WORKDAY_MINUTES } from '$lib/server/sla/policy';
import { issuesByPath } from '$lib/server/forms';
import {
	DEFAULT_FOLLOWUP_SETTINGS,
	followupSettingsSchema,
	readFollowupSettings,
	updateFollowupSettings
} from '$lib/server/followups/settings';
import { failFrom } from '$lib/server/http';
import { assessmentNormSchema, DEFAULT_ASSESSMENT_NORMS, readAssessmentNormsView, updateAssessmentNorm } from '$lib/server/cases/norms';
import { maySetDeadlines } from '$lib/server/settings';
import { domainDeps } from '$lib/server/services';

/** Hours and werkdagen as the form shows them ("4", "2,5"). */
const dutch = (n: number) => String(n).replace('.', ',');

/** The region's deadlines are Veilig Thuis's to set (settings.ts): its beheerders edit, other beheerders read. */
export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
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
		editable: maySetDeadlines(actor),
		/** The defaults the hints name (cases/norms.ts, sla/policy.ts, followups/settings.ts). */
		defaults: {
			assessmentSpoedDays: DEFAULT_ASSESSMENT_NORMS.spoed,
			spoedHours: dutch(DEFAULT_SLA_POLICIES.spoed / 60),
			regulierDays: dutch(DEFAULT_SLA_POLICIES.regulier / WORKDAY_MINUTES),
			regulierHours: dutch(DEFAULT_SLA_POLICIES.regulier / 60),
			graceWorkdays: DEFAULT_FOLLOWUP_SETTINGS.graceWorkdays,
			checkinIntervalDays: DEFAULT_FOLLOWUP_SETTINGS.checkinIntervalDays,
			statutoryTermWeeks: Math.round(DEFAULT_FOLLOWUP_SETTINGS.statutoryTermDays / 7)
		},
		values: {
			spoedHours: dutch(settings.policies.spoed / 60),
			regulierDays: dutch(settings.policies.regulier / WORKDAY_MINUTES),
			goodFriday: settings.workdays.goodFriday,
			liberationDay: settings.workdays.liberationDay
		},
		updatedAt: settings.updatedAt,
		updatedByName: settings.updatedByName
	};
};

export const actions: Actions = {
	beoordeling: async (event) => {
		const actor = requireBeheerder(event);
		const form = Object.fromEntries(await event.request.formData());
		const assessment = { spoedDays: String(form.spoedDays ?? '') };
		const parsed = assessmentNormSchema.safeParse(assessment);
		if (!parsed.success) return fail(400, { assessmentErrors: issuesByPath(parsed.error.issues), assessment });
		try {
			const { sql, clock } = domainDeps();
			const { changed } = await updateAssessmentNorm(sql, actor, parsed.data, clock.now());
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
		const actor = requireBeheerder(event);
		const form = Object.fromEntries(await event.request.formData());
		const values = {
			spoedHours: String(form.spoedHours ?? ''),
			regulierDays: String(form.regulierDays ?? ''),
			goodFriday: form.goodFriday === 'on',
			liberationDay: form.liberationDay === 'on'
		};
		const parsed = slaSettingsSchema.safeParse(values);
		if (!parsed.success) return fail(400, { errors: issuesByPath(parsed.error.issues), values });
		try {
			const { changed } = await updateSlaSettings(domainDeps(), actor, parsed.data);
			return {
				message: changed
					? 'De termijnen zijn opgeslagen. Ze gelden voor nieuwe aanbiedingen; lopende aanbiedingen houden hun termijn.'
					: 'Er was niets gewijzigd.'
			};
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, values });
		}
	},
	vervolg: async (event) => {
		const actor = requireBeheerder(event);
		const form = Object.fromEntries(await event.request.formData());
		const followup = {
			graceWorkdays: String(form.graceWorkdays ?? ''),
			checkinIntervalDays: String(form.checkinIntervalDays ?? ''),
			statutoryTermWeeks: String(form.statutoryTermWeeks ?? '')
		};
		const parsed = followupSettingsSchema.safeParse(followup);
		if (!parsed.success) return fail(400, { followupErrors: issuesByPath(parsed.error.issues), followup });
		try {
			const { changed } = await updateFollowupSettings(domainDeps(), actor, parsed.data);
			return {
				followupMessage: changed
					? 'De vervolgtermijnen zijn opgeslagen. Ze gelden voor voorwaarden, stappen, trajecten en veiligheidschecks die vanaf nu worden vastgelegd.'
					: 'Er was niets gewijzigd.'
			};
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, followup });
		}
	}
};
