import { z } from 'zod';

// Nine digits, also as printed on ID documents: never a BSN in free text.
const BSN_LIKE = /(?<!\d)\d{4}[.\s-]?\d{2}[.\s-]?\d{3}(?!\d)/;

const text = (field: string, empty: string, max: number) =>
	z
		.string({ error: empty })
		.trim()
		.min(1, { error: empty })
		.max(max, { error: `${field} mag hoogstens ${max} tekens hebben.` })
		.refine((v) => !BSN_LIKE.test(v), { error: `Vul bij ${field.toLowerCase()} geen BSN of ander nummer van 9 cijfers in.` });

const day = (missing: string, field: string) =>
	z
		.string({ error: missing })
		.trim()
		.min(1, { error: missing })
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Vul ${field} in als datum (dd-mm-jjjj).` })
		.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
			error: `${field[0].toUpperCase()}${field.slice(1)} is geen bestaande datum.`
		});

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** Who monitors, when and with whom (closing a case, or planning the moment again). */
export const momentSchema = z.object({
	monitorId: z.uuid({ error: 'Kies wie monitort.' }),
	plannedOn: day('Vul de datum van het monitoringsmoment in.', 'de datum van het monitoringsmoment'),
	withProfessional: checkbox,
	withFamily: checkbox,
	withWhomNote: text('Met wie', 'Vul in met welke hulpverlener en/of welke gezinsleden, bijvoorbeeld "moeder en de mentor van school".', 300)
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
		closingSummary: text('De samenvatting', 'Vat de afsluiting samen: de uitkomsten, de veiligheidsafspraken en wie erop toeziet.', 4000),
		melder: z.enum(['informed', 'anonymous'], { error: 'Geef aan of de melder over de uitkomst is geïnformeerd.' }),
		melderInformedOn: z.preprocess((v) => (v === '' ? undefined : v), day('Vul in wanneer de melder is geïnformeerd.', 'de datum').optional())
	})
	.refine(withSomeone, WITH_SOMEONE)
	.refine((v) => v.melder !== 'informed' || !!v.melderInformedOn, { error: 'Vul in wanneer de melder is geïnformeerd.', path: ['melderInformedOn'], ...always });
export type CloseInput = z.output<typeof closeSchema>;

/** The outcome of a monitoring moment: when it took place, the effect of the help, per person safety restored. */
export const outcomeSchema = z.object({
	heldOn: day('Vul in wanneer de monitoring plaatsvond.', 'de datum van de monitoring'),
	effect: text('Het effect', 'Beschrijf het effect van de hulp.', 2000),
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
	reason: text('De reden', 'Leg vast waarom de zaak weer wordt geopend.', 1000)
});
export type ReopenInput = z.output<typeof reopenSchema>;
