import { z } from 'zod';
import { freeText } from '../validation/text.ts';
import { API_SCOPES } from './scopes.ts';
import { MAX_CURSOR_LENGTH } from '../lists/cursor.ts';
import { PAGE_SIZE, referenceSearch } from '../lists/query.ts';
import { DECLINE_REASONS, NOTE_REQUIRED } from '../handovers/schema.ts';
import { DECLINE_REASON_LABELS } from '../../handover-labels.ts';

/** A new API token as a beheerder enters it on the token page. */
export const tokenCreateSchema = z.object({
	name: freeText({ label: 'de naam', max: 80, required: 'Geef het token een naam, bijvoorbeeld de naam van uw registratiesysteem.' }),
	scopes: z
		.array(z.enum(API_SCOPES, { error: 'Kies alleen bevoegdheden uit de lijst.' }))
		.min(1, { error: 'Kies ten minste één bevoegdheid.' })
		.transform((scopes) => [...new Set(scopes)])
});
export type TokenCreateInput = z.output<typeof tokenCreateSchema>;

/** The token to revoke (form field). */
export const tokenRevokeSchema = z.object({ id: z.uuid({ error: 'Kies een token uit de lijst.' }) });

/** The query of GET /api/v1/handovers: ?status=&reference=&urgent=&limit=&cursor=. */
export const HANDOVER_LIST_STATUSES = ['open', 'accepted', 'completed'] as const;
export const HANDOVER_LIST_LIMIT = { default: PAGE_SIZE, max: 100 } as const;
export const handoverListQuerySchema = z.strictObject({
	status: z.enum(HANDOVER_LIST_STATUSES, { error: 'Kies open, accepted of completed.' }).default('open').meta({
		description: '`open` (standaard): wachten op uw antwoord; `accepted`: geaccepteerd, warme overdracht loopt; `completed`: overgedragen.'
	}),
	reference: referenceSearch.meta({
		description:
			'Alleen overdrachten van zaken waarvan de referentie dit bevat (ten minste 3 tekens), bijvoorbeeld `VT-2026-000123` of `000123`.'
	}),
	urgent: z
		.enum(['true', 'false'], { error: 'Kies true of false.' })
		.optional()
		.meta({ description: '`true`: alleen spoed; `false`: alleen zonder spoed. Zonder deze parameter: allebei.' }),
	limit: z
		.string()
		.regex(/^\d{1,4}$/, { error: `Geef een geheel getal van 1 tot en met ${HANDOVER_LIST_LIMIT.max}.` })
		.transform(Number)
		.refine((n) => n >= 1 && n <= HANDOVER_LIST_LIMIT.max, { error: `Geef een geheel getal van 1 tot en met ${HANDOVER_LIST_LIMIT.max}.` })
		.default(HANDOVER_LIST_LIMIT.default)
		.meta({
			description: `Hoeveel overdrachten per pagina: een geheel getal van 1 tot en met ${HANDOVER_LIST_LIMIT.max} (standaard ${HANDOVER_LIST_LIMIT.default}).`
		}),
	cursor: z
		.string()
		.min(1, { error: 'Laat de cursor weg voor de eerste pagina.' })
		.max(MAX_CURSOR_LENGTH, { error: 'Deze cursor is ongeldig.' })
		.optional()
		.meta({
			description:
				'Laat weg voor de eerste pagina; daarna de `next_cursor` van het vorige antwoord, ongewijzigd. Een cursor die niet klopt of bij een andere status hoort, geeft 400 met `fields.cursor`.'
		})
});
export type HandoverListQuery = z.output<typeof handoverListQuerySchema>;

/** The {id} in a handover path; anything else is answered like an unknown handover. */
export const handoverIdSchema = z.uuid().meta({ description: 'Het kenmerk (UUID) van de overdracht, uit de lijst van overdrachten.' });

/** The body of POST …/accept: nothing, or an empty JSON object. */
export const acceptBodySchema = z.strictObject({}, { error: 'Stuur bij accepteren geen velden mee (of een leeg object {}).' });

const reasons = DECLINE_REASONS.map((r) => `\`${r}\` (${DECLINE_REASON_LABELS[r]})`).join(', ');

/**
 * The body of POST …/decline: the reason and, for some reasons, a note. Only the shape is checked
 * here (and documented); answerSchema then checks the note itself (length, identifying data, required).
 */
export const declineBodySchema = z.strictObject({
	reason: z.enum(DECLINE_REASONS, { error: 'Kies een reden om af te wijzen.' }).meta({ description: `Waarom u afwijst: ${reasons}.` }),
	note: z
		.string({ error: 'Geef de toelichting als tekst.' })
		.nullable()
		.optional()
		.meta({
			description: `Toelichting, hoogstens 1000 tekens. Verplicht bij ${NOTE_REQUIRED.map((r) => `\`${r}\``).join(' en ')}.`,
			maxLength: 1000
		})
});
