import { z } from 'zod';
import { calendarDay, timeOfDay } from '../validation/dates.ts';
import { optionalFreeText } from '../validation/text.ts';
import { SUBREGIONS } from '../../region.ts';
import { unusualConfirmation } from '../planning.ts';

const optionalText = (label: string, max: number) => optionalFreeText({ label, max });

const id = (message: string) => z.uuid({ error: message });

/** A tafel as the VT coordinator plans it: subregion, Amsterdam date and time, participating partners. */
export const createTableSchema = z.object({
	subregionId: z.enum(SUBREGIONS.map((s) => s.id) as [string, ...string[]], { error: 'Kies de subregio van de tafel.' }),
	date: calendarDay({ label: 'de datum van de tafel' }),
	time: timeOfDay({ label: 'de begintijd van de tafel' }),
	participantIds: z
		.array(id('Kies de deelnemende organisaties uit de lijst.'), { error: 'Kies minstens één deelnemende organisatie.' })
		.min(1, { error: 'Kies minstens één deelnemende organisatie.' })
		.max(20, { error: 'Hoogstens 20 deelnemende organisaties.' }),
	// a weekend, a holiday or outside 08:00–18:00 asks for this (planning.ts)
	confirmUnusual: unusualConfirmation
});
export type CreateTableInput = z.output<typeof createTableSchema>;

export const agendaItemSchema = z.object({ caseId: id('Kies een zaak uit de lijst.') });

export const itemSchema = z.object({ itemId: id('Kies een agendapunt.') });

/** A participant's proposal for the current agenda item. */
export const proposalSchema = z.object({
	itemId: id('Er is geen agendapunt in bespreking.'),
	partnerId: id('Kies de ketenpartner die u voorstelt.'),
	note: optionalText('de toelichting', 500)
});
export type ProposalInput = z.output<typeof proposalSchema>;

/** The chair's decision on an agenda item: offer to a partner, or back to VT with a note. */
export const decisionSchema = z.discriminatedUnion(
	'outcome',
	[
		z.object({
			outcome: z.literal('offer'),
			itemId: id('Kies een agendapunt.'),
			partnerId: id('Kies de ketenpartner aan wie de tafel de overdracht aanbiedt.'),
			message: optionalText('het bericht', 2000)
		}),
		z.object({
			outcome: z.literal('back_to_vt'),
			itemId: id('Kies een agendapunt.'),
			note: optionalText('de toelichting', 1000).pipe(
				z.string().min(1, { error: 'Licht toe waarom de zaak terug naar Veilig Thuis gaat.' })
			)
		})
	],
	{ error: 'Kies de uitkomst: aanbieden aan een ketenpartner of terug naar Veilig Thuis.' }
);
export type Decision = z.output<typeof decisionSchema>;
