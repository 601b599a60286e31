import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requireBeheerder } from '$lib/server/auth/guards';
import { DEFAULT_SLA_POLICIES, readSlaSettings, slaSettingsSchema, updateSlaSettings, WORKDAY_MINUTES } from '$lib/server/sla/policy';
import { failureFrom, formFailure, formFields, readForm, type FormValues } from '$lib/server/forms';
import {
	DEFAULT_FOLLOWUP_SETTINGS,
	followupSettingsSchema,
	readFollowupSettings,
	updateFollowupSettings
} from '$lib/server/followups/settings';
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

/** A text field of the form ('' when it was not sent). */
const text = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

/** The 400 failure of one of the forms whose input does not parse: its first field message above the fields. */
function invalid<F extends string>(form: F, issues: Parameters<typeof formFields>[0], values: FormValues) {
	const fields = formFields(issues);
	return formFailure(400, form, Object.values(fields)[0] ?? 'Controleer het formulier.', fields, values);
}

const UNCHANGED = 'Er was niets gewijzigd.';

export const actions: Actions = {
	beoordeling: async (event) => {
		const actor = requireBeheerder(event);
		const { form, values } = await readForm(event.request);
		const parsed = assessmentNormSchema.safeParse({ spoedDays: text(form, 'spoedDays') });
		if (!parsed.success) return invalid('beoordeling', parsed.error.issues, values);
		try {
			const { sql, clock } = domainDeps();
			const { changed } = await updateAssessmentNorm(sql, actor, parsed.data, clock.now());
			return {
				form: 'beoordeling' as const,
				saved: changed
					? 'De termijn voor spoed is opgeslagen. Hij geldt voor meldingen die vanaf nu worden ingeschreven; bestaande zaken houden hun termijn.'
					: UNCHANGED
			};
		} catch (e) {
			return failureFrom(e, 'beoordeling', values);
		}
	},
	reactie: async (event) => {
		const actor = requireBeheerder(event);
		const { form, values } = await readForm(event.request);
		const parsed = slaSettingsSchema.safeParse({
			spoedHours: text(form, 'spoedHours'),
			regulierDays: text(form, 'regulierDays'),
			goodFriday: form.get('goodFriday') === 'on',
			liberationDay: form.get('liberationDay') === 'on'
		});
		if (!parsed.success) return invalid('reactie', parsed.error.issues, values);
		try {
			const { changed } = await updateSlaSettings(domainDeps(), actor, parsed.data);
			return {
				form: 'reactie' as const,
				saved: changed
					? 'De termijnen zijn opgeslagen. Ze gelden voor nieuwe aanbiedingen; lopende aanbiedingen houden hun termijn.'
					: UNCHANGED
			};
		} catch (e) {
			return failureFrom(e, 'reactie', values);
		}
	},
	vervolg: async (event) => {
		const actor = requireBeheerder(event);
		const { form, values } = await readForm(event.request);
		const parsed = followupSettingsSchema.safeParse({
			graceWorkdays: text(form, 'graceWorkdays'),
			checkinIntervalDays: text(form, 'checkinIntervalDays'),
			statutoryTermWeeks: text(form, 'statutoryTermWeeks')
		});
		if (!parsed.success) return invalid('vervolg', parsed.error.issues, values);
		try {
			const { changed } = await updateFollowupSettings(domainDeps(), actor, parsed.data);
			return {
				form: 'vervolg' as const,
				saved: changed
					? 'De vervolgtermijnen zijn opgeslagen. Ze gelden voor voorwaarden, stappen, trajecten en veiligheidschecks die vanaf nu worden vastgelegd.'
					: UNCHANGED
			};
		} catch (e) {
			return failureFrom(e, 'vervolg', values);
		}
	}
};
