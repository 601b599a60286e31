import { z } from 'zod';
import { calendarDay, optionalCalendarDay } from '../validation/dates.ts';
import { freeText } from '../validation/text.ts';
import { INFORMED_HOW } from '../../letter-labels.ts';

const text = (label: string, required: string, max: number) => freeText({ label, max, required });
const day = (missing: string, label: string) => calendarDay({ label, missing });

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** Who monitors, when and with whom (closing a case, or planning the moment again). */
export const momentSchema = z.object({
	monitorId: z.uuid({ error: 'Kies wie monitort.' }),
	plannedOn: day('Vul de datum van het monitoringsmoment in.', 'de datum van het monitoringsmoment'),
	withProfessional: checkbox,
	withFamily: checkbox,
	withWhomNote: text(
		'het veld "Welke hulpverlener en/of gezinsleden"',
		'Vul in met welke hulpverlener en/of welke gezinsleden, bijvoorbeeld "moeder en de mentor van school".',
		300
	)
});

// Cross-field rules also run when other fields are missing, so the form shows every error at once.
const always = { when: () => true };
const withSomeone = (v: { withProfessional?: boolean; withFamily?: boolean }) => !!v.withProfessional || !!v.withFamily;
const WITH_SOMEONE = { error: 'Kies met wie: de hulpverlener, gezinsleden of beide.', path: ['withWhom'], ...always };

export const replanSchema = momentSchema.refine(withSomeone, WITH_SOMEONE);
export type MomentInput = z.output<typeof replanSchema>;

/** Closing a case: the closing letter's summary, the melder informed, and the monitoring moment. */
export const closeSchema = momentSchema
	.extend({
		closingSummary: text('de samenvatting', 'Vat de afsluiting samen: de uitkomsten, de veiligheidsafspraken en wie erop toeziet.', 4000),
		// letter: not yet informed, Ketentafel drafts the afsluitbrief (letters/service.ts)
		melder: z.enum(['letter', 'informed', 'anonymous'], { error: 'Geef aan of de melder over de uitkomst is geïnformeerd.' }),
		melderInformedHow: z.preprocess((v) => (v === '' ? undefined : v), z.enum(INFORMED_HOW).optional()),
		melderInformedOn: optionalCalendarDay({
			label: 'de datum waarop de melder is geïnformeerd',
			missing: 'Vul in wanneer de melder is geïnformeerd.'
		})
	})
	.refine(withSomeone, WITH_SOMEONE)
	.refine((v) => v.melder !== 'informed' || !!v.melderInformedOn, {
		error: 'Vul in wanneer de melder is geïnformeerd.',
		path: ['melderInformedOn'],
		...always
	});
export type CloseInput = z.output<typeof closeSchema>;

/** The outcome of a monitoring moment: when it took place, the effect of the help, per person safety restored. */
export const outcomeSchema = z.object({
	heldOn: day('Vul in wanneer de monitoring plaatsvond.', 'de datum van de monitoring'),
	effect: text('het effect', 'Beschrijf het effect van de hulp.', 2000),
	persons: z
		.array(
			z.object({
				personId: z.uuid({ error: 'Deze directbetrokkene hoort niet bij de zaak.' }),
				safe: z.enum(['ja', 'nee'], { error: 'Kies ja of nee: is de veiligheid van deze persoon hersteld?' }).transform((v) => v === 'ja')
			})
		)
		.min(1, { error: 'Geef per directbetrokkene aan of de veiligheid is hersteld.' })
		.max(20)
});
export type OutcomeInput = z.output<typeof outcomeSchema>;

export const reopenSchema = z.object({
	reason: text('de reden', 'Leg vast waarom de zaak weer wordt geopend.', 1000)
});
export type ReopenInput = z.output<typeof reopenSchema>;
