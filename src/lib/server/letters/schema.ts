import { z } from 'zod';
import { calendarDay } from '../validation/dates.ts';
import { freeText } from '../validation/text.ts';
import { INFORMED_HOW } from '../../letter-labels.ts';
import { templateProblems } from './template.ts';

/** The letter as the medewerker edits it: free text under the one validator (no BSN, phone numbers of people, addresses…). */
export const letterSchema = z.object({
	body: freeText({ label: 'de brief', max: 8000, required: 'De brief is leeg. Schrijf de brief of herstel de opzet.' }),
	version: z.coerce.number().int().positive().max(2_147_483_647).optional()
});
export type LetterInput = z.output<typeof letterSchema>;

/** When and how the melder was informed of the outcome. */
export const informedSchema = z.object({
	informedOn: calendarDay({ label: 'de datum waarop de melder is geïnformeerd', missing: 'Vul in wanneer de melder is geïnformeerd.' }),
	how: z.enum(INFORMED_HOW, { error: 'Kies hoe de melder is geïnformeerd: per brief, telefonisch, per e-mail of persoonlijk.' })
});
export type InformedInput = z.output<typeof informedSchema>;

/** The template of VT's beheerders: free text with known placeholders only, and the contact line. */
export const templateSchema = z.object({
	body: freeText({ label: 'de sjabloontekst', max: 8000, required: 'Vul de tekst van de brief in.' }).superRefine((v, ctx) => {
		for (const message of templateProblems(v)) ctx.addIssue({ code: 'custom', message });
	}),
	contact: freeText({
		label: 'het veld "Contact"',
		max: 300,
		required: 'Vul in wie de melder kan bereiken als de situatie verandert, bijvoorbeeld het telefoonnummer van Veilig Thuis.'
	})
});
export type TemplateInput = z.output<typeof templateSchema>;
