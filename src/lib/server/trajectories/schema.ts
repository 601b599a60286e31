import { z } from 'zod';
import { calendarDay } from '../validation/dates.ts';
import { freeText } from '../validation/text.ts';

export const SIDES = ['vt', 'partner'] as const;
export type Side = (typeof SIDES)[number];
export const CONDITION_STATUSES = ['open', 'nagekomen', 'niet_nagekomen'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

const description = (what: string) => freeText({ label: 'de omschrijving', max: 500, required: `Omschrijf ${what}.` });

const day = calendarDay({ label: 'de uiterste datum' });

const side = z.enum(SIDES, { error: 'Kies wie dit oppakt: Veilig Thuis of de ketenpartner.' });

export const openSchema = z.object({
	partnerOrgId: z.uuid({ error: 'Kies de ketenpartner.' }),
	vtResponsibleId: z.uuid({ error: 'Kies de verantwoordelijke medewerker van Veilig Thuis.' })
});
export type OpenInput = z.output<typeof openSchema>;

export const conditionSchema = z.object({ description: description('de veiligheidsvoorwaarde'), ownerSide: side, dueOn: day });
export type ConditionInput = z.output<typeof conditionSchema>;

/** A changed condition: the same fields as a new one, and which condition. */
export const conditionEditSchema = conditionSchema.extend({ conditionId: z.uuid({ error: 'Deze voorwaarde bestaat niet.' }) });

export const conditionStatusSchema = z.object({
	conditionId: z.uuid({ error: 'Deze voorwaarde bestaat niet.' }),
	status: z.enum(CONDITION_STATUSES, { error: 'Kies open, nagekomen of niet nagekomen.' })
});

export const stepSchema = z.object({ description: description('de vervolgstap'), ownerSide: side, dueOn: day });
export type StepInput = z.output<typeof stepSchema>;

/** A changed step: the same fields as a new one, and which step. */
export const stepEditSchema = stepSchema.extend({ stepId: z.uuid({ error: 'Deze vervolgstap bestaat niet.' }) });

export const stepDoneSchema = z.object({
	stepId: z.uuid({ error: 'Deze vervolgstap bestaat niet.' }),
	done: z.enum(['true', 'false'], { error: 'Geef aan of de stap gedaan is.' }).transform((v) => v === 'true')
});

export const partnerResponsibleSchema = z.object({
	partnerResponsibleId: z.uuid({ error: 'Kies de verantwoordelijke medewerker van uw organisatie.' })
});
