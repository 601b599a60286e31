import { z } from 'zod';
import { PERSON_ROLES } from '../cases/schema.ts';
import { CONTACT_FORMS, DECLINE_REASONS } from '../handovers/schema.ts';
import { API_ERROR_STATUS } from './errors.ts';
import { HANDOVER_LIST_STATUSES } from './schema.ts';

/**
 * The response shapes of the handover operations and the error body, in zod: the handlers build
 * their answers typed from these (z.output) and the OpenAPI document is generated from them
 * (openapi.ts), so code and contract cannot drift. Descriptions are Dutch: they are the API
 * reference partners read.
 */

const text = (description: string) => z.string().meta({ description });
const nullableText = (description: string) => z.string().nullable().meta({ description });
/** An instant as the API writes it: ISO 8601 in UTC with milliseconds (Date.toISOString()). */
const instant = (description: string) => z.iso.datetime().meta({ description });
const nullableInstant = (description: string) => z.iso.datetime().nullable().meta({ description });

export const HANDOVER_STATUSES = ['open', 'accepted', 'declined', 'withdrawn', 'completed'] as const;
export const handoverStatusSchema = z.enum(HANDOVER_STATUSES).meta({
	description:
		'`open`: wacht op uw antwoord; `accepted`: geaccepteerd, warme overdracht loopt; `declined`: afgewezen; `withdrawn`: ingetrokken door Veilig Thuis; `completed`: overgedragen, uw organisatie is verantwoordelijk.'
});

export const warmHandoverSchema = z.object({
	plannedAt: instant('Datum en tijd van het contactmoment (ISO 8601).'),
	form: z.enum(CONTACT_FORMS).meta({ description: 'Vorm van het contactmoment.' }),
	vtAttendees: text('Wie er namens Veilig Thuis bij is.'),
	partnerAttendees: text('Wie er namens uw organisatie bij is.'),
	vtConfirmedAt: nullableInstant('Wanneer Veilig Thuis bevestigde dat het contactmoment plaatsvond (ISO 8601), anders null.'),
	partnerConfirmedAt: nullableInstant('Wanneer uw organisatie dat bevestigde (ISO 8601), anders null.')
});

export const handoverSchema = z.object({
	id: z.guid().meta({ description: 'Vast kenmerk van de overdracht (UUID).' }),
	caseReference: text('Pseudoniem zaaknummer van Veilig Thuis, bijvoorbeeld VT-2026-000123. Nooit een naam of BSN.'),
	status: handoverStatusSchema,
	urgent: z.boolean().meta({ description: 'Spoed: antwoord binnen 4 werkuren in plaats van 2 werkdagen.' }),
	message: text('Het bericht van Veilig Thuis bij het aanbod.'),
	offeredBy: nullableText('Naam van de medewerker van Veilig Thuis die aanbood.'),
	offeredAt: instant('Wanneer het aanbod is gedaan (ISO 8601).'),
	respondBefore: instant('Uiterste antwoordmoment, geteld in werkuren (ISO 8601).'),
	answeredBy: nullableText(
		'Wie antwoordde: een medewerker, of "systeem <tokennaam>" als het via de API ging; null zolang er geen antwoord is.'
	),
	answeredAt: nullableInstant('Wanneer er is geantwoord (ISO 8601), anders null.'),
	declineReason: z
		.enum(DECLINE_REASONS)
		.nullable()
		.meta({ description: 'Reden van afwijzen als de overdracht is afgewezen, anders null.' }),
	declineNote: nullableText('Toelichting bij het afwijzen (leeg als er geen was), of null als de overdracht niet is afgewezen.'),
	completedAt: nullableInstant('Wanneer de verantwoordelijkheid overging (ISO 8601), anders null.'),
	careType: nullableText(
		'Bij een aanbod aan een consortium: de zorgvorm die het gezin nodig heeft (kenmerk, bijvoorbeeld `ihub`); anders null.'
	),
	warmHandover: warmHandoverSchema.nullable().meta({ description: 'Het geplande gezamenlijke contactmoment, of null.' })
});
export type HandoverJson = z.output<typeof handoverSchema>;

export const personSchema = z.object({
	role: z.enum(PERSON_ROLES).meta({ description: 'Rol in het gezin.' }),
	label: text('Omschrijving zonder naam, bijvoorbeeld "Kind 1 (8 jaar)".'),
	spokenTo: z.boolean().meta({ description: 'Veilig Thuis heeft deze persoon gesproken.' }),
	spokenOn: z.iso.date().nullable().meta({ description: 'Datum van het gesprek (JJJJ-MM-DD), of null.' })
});

export const partnerCaseSchema = z.object({
	reference: text('Pseudoniem zaaknummer.'),
	municipality: text('Gemeente van het gezin.'),
	urgent: z.boolean().meta({ description: 'Spoed.' }),
	childrenInvolved: z.boolean().meta({ description: 'Er zijn kinderen in het systeem.' }),
	elderlyInvolved: z.boolean().meta({ description: 'Er zijn ouderen in het systeem.' }),
	summary: text('Situatieschets van Veilig Thuis.'),
	persons: z.array(personSchema).meta({ description: 'De directbetrokkenen, zonder namen.' }),
	safetyAgreements: text('De veiligheidsafspraken.'),
	monitoringBy: text('Wie monitort.')
});
export type PartnerCaseJson = z.output<typeof partnerCaseSchema>;

export const handoverListSchema = z.object({
	status: z.enum(HANDOVER_LIST_STATUSES).meta({ description: 'De status waarop is gefilterd.' }),
	handovers: z.array(handoverSchema).meta({
		description:
			'Eén pagina (hoogstens `limit`). Bij open en accepted: vroegste antwoordmoment eerst; bij completed: laatst overgedragen eerst.'
	}),
	next_cursor: z.string().nullable().meta({
		description:
			'De cursor van de volgende pagina: stuur hem ongewijzigd mee als `cursor` (met dezelfde status). Null op de laatste pagina.'
	})
});

export const handoverDetailSchema = z.object({
	handover: handoverSchema,
	case: partnerCaseSchema
});

export const handoverResultSchema = z.object({
	handover: handoverSchema.meta({ description: 'De overdracht na uw antwoord.' })
});

export const errorSchema = z.object({
	error: z.object({
		code: z
			.enum(Object.keys(API_ERROR_STATUS) as [keyof typeof API_ERROR_STATUS, ...(keyof typeof API_ERROR_STATUS)[]])
			.meta({ description: 'Vaste foutcode: programmeer hierop, niet op de tekst.' }),
		message: text('Uitleg in het Nederlands, geschikt om aan een medewerker te tonen.'),
		fields: z.record(z.string(), z.string()).optional().meta({
			description:
				'Alleen bij invalid_input: per veld (de naam van de queryparameter, of het pad in de body zoals `reports.2.careType`) wat er niet klopt, bijvoorbeeld {"note": "Licht toe waarom u afwijst…"}.'
		})
	})
});
export type ErrorJson = z.output<typeof errorSchema>;
