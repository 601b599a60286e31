import { z } from 'zod';

export const SIDES = ['vt', 'partner'] as const;
export type Side = (typeof SIDES)[number];
export const CONDITION_STATUSES = ['open', 'nagekomen', 'niet_nagekomen'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

// Nine digits, also as printed on ID documents: never a BSN in free text.
const BSN_LIKE = /(?<!\d)\d{4}[.\s-]?\d{2}[.\s-]?\d{3}(?!\d)/;

const description = (what: string) =>
	z
		.string({ error: `Omschrijf ${what}.` })
		.trim()
		.min(1, { error: `Omschrijf ${what}.` })
		.max(500, { error: 'De omschrijving mag hoogstens 500 tekens hebben.' })
		.refine((v) => !BSN_LIKE.test(v), { error: 'Vul geen BSN of ander nummer van 9 cijfers in.' });

const day = z
	.string({ error: 'Vul de uiterste datum in.' })
	.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Vul de uiterste datum in.' })
	.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: 'De uiterste datum bestaat niet.' });

const side = z.enum(SIDES, { error: 'Kies wie dit oppakt: Veilig Thuis of de ketenpartner.' });

export const openSchema = z.object({
	partnerOrgId: z.uuid({ error: 'Kies de ketenpartner.' }),
	vtResponsibleId: z.uuid({ error: 'Kies de verantwoordelijke medewerker van Veilig Thuis.' })
});
export type OpenInput = z.output<typeof openSchema>;

export const conditionSchema = z.object({ description: description('de veiligheidsvoorwaarde'), ownerSide: side, dueOn: day });
export type ConditionInput = z.output<typeof conditionSchema>;

export const conditionStatusSchema = z.object({
	conditionId: z.uuid({ error: 'Deze voorwaarde bestaat niet.' }),
	status: z.enum(CONDITION_STATUSES, { error: 'Kies open, nagekomen of niet nagekomen.' })
});

export const stepSchema = z.object({ description: description('de vervolgstap'), ownerSide: side, dueOn: day });
export type StepInput = z.output<typeof stepSchema>;

export const stepDoneSchema = z.object({
	stepId: z.uuid({ error: 'Deze vervolgstap bestaat niet.' }),
	done: z.enum(['true', 'false'], { error: 'Geef aan of de stap gedaan is.' }).transform((v) => v === 'true')
});

export const partnerResponsibleSchema = z.object({
	partnerResponsibleId: z.uuid({ error: 'Kies de verantwoordelijke medewerker van uw organisatie.' })
});
