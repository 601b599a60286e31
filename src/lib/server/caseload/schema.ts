import { z } from 'zod';

/** Bounds of a caseload norm (cases per medewerker); the database checks the same. */
export const NORM_MIN = 1;
export const NORM_MAX = 200;

const wholeNumber = (what: string, min: number, max: number) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? v.trim() : v),
		z
			.string({ error: `Vul ${what} in.` })
			.min(1, { error: `Vul ${what} in.` })
			.regex(/^\d+$/, { error: `${capitalise(what)}: een heel getal, bijvoorbeeld ${Math.min(max, Math.max(min, 20))}.` })
			.transform(Number)
			.pipe(
				z
					.number()
					.min(min, { error: `${capitalise(what)}: minimaal ${min}.` })
					.max(max, { error: `${capitalise(what)}: hoogstens ${max}.` })
			)
	);

function capitalise(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A caseload norm: the team default (userId absent) or one medewerker's own (empty norm: back to the team default). */
export const normSchema = z.object({
	userId: z.uuid({ error: 'Kies een medewerker.' }).optional(),
	norm: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), wholeNumber('de norm', NORM_MIN, NORM_MAX).nullable())
});
export type NormInput = z.output<typeof normSchema>;

export const SPRINT_KINDS = ['sprintweek', 'focusgroep'] as const;
export const SPRINT_TARGETS = ['assessments_completed', 'werkvoorraad_at_most'] as const;
export type SprintKind = (typeof SPRINT_KINDS)[number];
export type SprintTarget = (typeof SPRINT_TARGETS)[number];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (label: string) =>
	z
		.string({ error: `Vul de ${label} in.` })
		.trim()
		.min(1, { error: `Vul de ${label} in.` })
		.regex(ISO_DAY, { error: `De ${label} is geen geldige datum.` })
		.refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
			error: `De ${label} is geen geldige datum.`
		});

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().optional());

/** The longest period of a sprint or focusgroep, in days (the database checks the same). */
export const SPRINT_MAX_DAYS = 92;

/** A sprintweek or focusgroep as the coördinator plans it (form fields as strings; participants repeated). */
export const sprintSchema = z
	.object({
		kind: z.enum(SPRINT_KINDS, { error: 'Kies sprintweek of focusgroep.' }),
		name: z
			.string({ error: 'Geef de sprint een naam.' })
			.trim()
			.min(1, { error: 'Geef de sprint een naam.' })
			.max(120, { error: 'De naam is te lang: hoogstens 120 tekens.' }),
		startsOn: day('begindatum'),
		endsOn: day('einddatum'),
		participantIds: z
			.array(z.uuid({ error: 'Kies deelnemers uit de lijst.' }), { error: 'Kies ten minste één deelnemer.' })
			.min(1, { error: 'Kies ten minste één deelnemer.' })
			.max(50, { error: 'Hoogstens 50 deelnemers.' }),
		subregionId: optionalText,
		municipalityId: optionalText,
		urgentOnly: z.preprocess((v) => v === 'on' || v === true || v === 'true', z.boolean()),
		olderThanDays: z.preprocess(
			(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
			wholeNumber('het aantal dagen', 1, 365).optional()
		),
		targetKind: z.enum(SPRINT_TARGETS, { error: 'Kies het soort doel.' }),
		targetValue: wholeNumber('het doel', 0, 10_000)
	})
	.superRefine((v, ctx) => {
		if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
			ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'De einddatum ligt vóór de begindatum.' });
		else if (v.startsOn && v.endsOn) {
			const days = (Date.parse(v.endsOn) - Date.parse(v.startsOn)) / 86_400_000;
			if (days > SPRINT_MAX_DAYS)
				ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `Een periode duurt hoogstens ${SPRINT_MAX_DAYS} dagen (drie maanden).` });
		}
		if (v.targetKind === 'assessments_completed' && v.targetValue === 0)
			ctx.addIssue({ code: 'custom', path: ['targetValue'], message: 'Het doel: ten minste 1 afgeronde beoordeling.' });
	});
export type SprintInput = z.output<typeof sprintSchema>;

/** The form's fields as the page sends them back after an error. */
export interface SprintFormValues {
	kind: string;
	name: string;
	startsOn: string;
	endsOn: string;
	participantIds: string[];
	subregionId: string;
	municipalityId: string;
	urgentOnly: boolean;
	olderThanDays: string;
	targetKind: string;
	targetValue: string;
}

/** Reads the sprint form (participants are a repeated checkbox "participantIds"). */
export function sprintFormValues(form: FormData): SprintFormValues {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v : '';
	};
	return {
		kind: text('kind'),
		name: text('name'),
		startsOn: text('startsOn'),
		endsOn: text('endsOn'),
		participantIds: form.getAll('participantIds').filter((v): v is string => typeof v === 'string'),
		subregionId: text('subregionId'),
		municipalityId: text('municipalityId'),
		urgentOnly: text('urgentOnly') === 'on',
		olderThanDays: text('olderThanDays'),
		targetKind: text('targetKind'),
		targetValue: text('targetValue')
	};
}
