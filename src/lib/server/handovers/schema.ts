import { z } from 'zod';
import { localDateTime } from '../validation/dates.ts';
import { freeText, optionalFreeText } from '../validation/text.ts';
import { unusualConfirmation } from '../planning.ts';

export const DECLINE_REASONS = [
	'geen_capaciteit',
	'past_niet_bij_aanbod',
	'al_betrokken',
	'buiten_werkgebied',
	'onvoldoende_informatie',
	'anders'
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export const NOTE_REQUIRED: DeclineReason[] = ['onvoldoende_informatie', 'anders'];

const note = (label: string, max: number, required?: string) => freeText({ label, max, required });

export const offerSchema = z.object({
	toOrgId: z.uuid({ error: 'Kies de ketenpartner aan wie u de overdracht aanbiedt.' }),
	message: note('het bericht', 2000, 'Schrijf een bericht aan de ketenpartner: wat vraagt u, wat is de stand van zaken?'),
	// required for a consortium, refused for other partners (the service knows the partner's kind)
	careTypeId: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(60).optional()),
	// a zorgvorm whose waiting time in the subregion is over the norm asks for this (handovers/capacity.ts):
	// true, or from the form the choice it confirms ("<consortium id>|<zorgvorm>"), so a changed choice asks again
	confirmOverNorm: z.preprocess(
		(v) => (v === '' || v === null || v === false || v === 'false' ? undefined : v),
		z
			.union([z.literal(true), z.string().trim().max(120)], { error: 'Bevestig de keuze boven de norm met true, of laat het veld weg.' })
			.optional()
	)
});

export const answerSchema = z.discriminatedUnion(
	'answer',
	[
		z.object({ answer: z.literal('accept') }),
		z
			.object({
				answer: z.literal('decline'),
				reason: z.enum(DECLINE_REASONS, { error: 'Kies een reden om af te wijzen.' }),
				note: optionalFreeText({ label: 'de toelichting', max: 1000 })
			})
			.refine((d) => !NOTE_REQUIRED.includes(d.reason) || d.note.length > 0, {
				error: 'Licht toe waarom u afwijst: bij deze reden is een toelichting verplicht.',
				path: ['note']
			})
	],
	{ error: 'Kies accepteren of afwijzen.' }
);
export type Answer = z.output<typeof answerSchema>;

export const withdrawSchema = z.object({
	handoverId: z.uuid({ error: 'Dit aanbod bestaat niet.' }),
	note: optionalFreeText({ label: 'de toelichting', max: 500 })
});

export const CONTACT_FORMS = ['gesprek', 'huisbezoek', 'telefonisch'] as const;

export const warmPlanSchema = z.object({
	plannedAt: localDateTime({ label: 'het contactmoment', missing: 'Vul datum en tijd van het contactmoment in.' }),
	form: z.enum(CONTACT_FORMS, { error: 'Kies de vorm: gesprek, huisbezoek of telefonisch.' }),
	vtAttendees: note('het veld "Wie gaan er namens Veilig Thuis?"', 300, 'Wie is erbij namens Veilig Thuis?'),
	partnerAttendees: note('het veld "Wie gaan er namens de ketenpartner?"', 300, 'Wie is erbij namens de ketenpartner?'),
	// a weekend, a holiday or outside 08:00–18:00 asks for this (planning.ts)
	confirmUnusual: unusualConfirmation
});
export type WarmPlan = z.output<typeof warmPlanSchema>;
