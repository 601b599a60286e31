import { DECLINE_REASONS, NOTE_REQUIRED } from '../handovers/schema.ts';
import { DECLINE_REASON_LABELS } from '../../handover-labels.ts';
import { API_ERROR_STATUS, NO_ACCESS_MESSAGE } from './errors.ts';
import { HANDOVER_LIST_STATUSES } from './schema.ts';
import type { ErrorCodeDoc, ResponseObject, SchemaObject } from './openapi-types.ts';

const text = (description: string, nullable = false): SchemaObject => ({ type: nullable ? ['string', 'null'] : 'string', description });
const instant = (description: string, nullable = false): SchemaObject => ({ ...text(description, nullable), format: 'date-time' });

const reasons = DECLINE_REASONS.map((r) => `\`${r}\` (${DECLINE_REASON_LABELS[r]})`).join(', ');

export const HANDOVER_STATUSES = ['open', 'accepted', 'declined', 'withdrawn', 'completed'] as const;

/** The data types of the API. */
export const SCHEMAS: Record<string, SchemaObject> = {
	Handover: {
		type: 'object',
		description: 'Een overdracht die Veilig Thuis aan uw organisatie heeft aangeboden.',
		required: ['id', 'caseReference', 'status', 'urgent', 'message', 'offeredAt', 'respondBefore'],
		properties: {
			id: { type: 'string', format: 'uuid', description: 'Vast kenmerk van de overdracht.' },
			caseReference: text('Pseudoniem zaaknummer van Veilig Thuis, bijvoorbeeld VT-2026-000123. Nooit een naam of BSN.'),
			status: {
				type: 'string',
				enum: HANDOVER_STATUSES,
				description:
					'`open`: wacht op uw antwoord; `accepted`: geaccepteerd, warme overdracht loopt; `declined`: afgewezen; `withdrawn`: ingetrokken door Veilig Thuis; `completed`: overgedragen, uw organisatie is verantwoordelijk.'
			},
			urgent: { type: 'boolean', description: 'Spoed: antwoord binnen 4 werkuren in plaats van 2 werkdagen.' },
			message: text('Het bericht van Veilig Thuis bij het aanbod.'),
			offeredBy: text('Naam van de medewerker van Veilig Thuis die aanbood.', true),
			offeredAt: instant('Wanneer het aanbod is gedaan (ISO 8601).'),
			respondBefore: instant('Uiterste antwoordmoment, geteld in werkuren (ISO 8601).'),
			answeredBy: text('Wie antwoordde: een medewerker, of "systeem <tokennaam>" als het via de API ging.', true),
			answeredAt: instant('Wanneer er is geantwoord (ISO 8601).', true),
			declineReason: {
				type: ['string', 'null'],
				enum: DECLINE_REASONS,
				description: 'Reden van afwijzen, als de overdracht is afgewezen.'
			},
			declineNote: text('Toelichting bij het afwijzen.', true),
			completedAt: instant('Wanneer de verantwoordelijkheid overging (ISO 8601).', true),
			careType: text(
				'Bij een aanbod aan een consortium: de zorgvorm die het gezin nodig heeft (kenmerk, bijvoorbeeld `ihub`); anders null.',
				true
			),
			warmHandover: { $ref: '#/components/schemas/WarmHandover', description: 'Het geplande gezamenlijke contactmoment, of null.' }
		}
	},
	WarmHandover: {
		type: ['object', 'null'],
		description: 'Het gezamenlijke contactmoment van de warme overdracht.',
		required: ['plannedAt', 'form', 'vtAttendees', 'partnerAttendees'],
		properties: {
			plannedAt: instant('Datum en tijd van het contactmoment (ISO 8601).'),
			form: { type: 'string', enum: ['gesprek', 'huisbezoek', 'telefonisch'], description: 'Vorm van het contactmoment.' },
			vtAttendees: text('Wie er namens Veilig Thuis bij is.'),
			partnerAttendees: text('Wie er namens uw organisatie bij is.'),
			vtConfirmedAt: instant('Wanneer Veilig Thuis bevestigde dat het contactmoment plaatsvond.', true),
			partnerConfirmedAt: instant('Wanneer uw organisatie dat bevestigde.', true)
		}
	},
	PartnerCase: {
		type: 'object',
		description: 'Wat u bij een aanbod van de zaak ziet: de volledige informatie voor een verantwoorde overdracht, niet meer.',
		required: [
			'reference',
			'municipality',
			'urgent',
			'childrenInvolved',
			'elderlyInvolved',
			'summary',
			'persons',
			'safetyAgreements',
			'monitoringBy'
		],
		properties: {
			reference: text('Pseudoniem zaaknummer.'),
			municipality: text('Gemeente van het gezin.'),
			urgent: { type: 'boolean', description: 'Spoed.' },
			childrenInvolved: { type: 'boolean', description: 'Er zijn kinderen in het systeem.' },
			elderlyInvolved: { type: 'boolean', description: 'Er zijn ouderen in het systeem.' },
			summary: text('Situatieschets van Veilig Thuis.'),
			persons: { type: 'array', description: 'De directbetrokkenen, zonder namen.', items: { $ref: '#/components/schemas/Person' } },
			safetyAgreements: text('De veiligheidsafspraken.'),
			monitoringBy: text('Wie monitort.')
		}
	},
	Person: {
		type: 'object',
		description: 'Een directbetrokkene, pseudoniem.',
		required: ['role', 'label', 'spokenTo'],
		properties: {
			role: { type: 'string', enum: ['kind', 'ouder', 'verzorger', 'partner', 'oudere', 'overig'], description: 'Rol in het gezin.' },
			label: text('Omschrijving zonder naam, bijvoorbeeld "Kind 1 (8 jaar)".'),
			spokenTo: { type: 'boolean', description: 'Veilig Thuis heeft deze persoon gesproken.' },
			spokenOn: { type: ['string', 'null'], format: 'date', description: 'Datum van het gesprek (JJJJ-MM-DD).' }
		}
	},
	HandoverList: {
		type: 'object',
		required: ['status', 'handovers', 'next_cursor'],
		properties: {
			status: { type: 'string', enum: HANDOVER_LIST_STATUSES, description: 'De status waarop is gefilterd.' },
			handovers: {
				type: 'array',
				items: { $ref: '#/components/schemas/Handover' },
				description:
					'Eén pagina (hoogstens `limit`). Bij open en accepted: vroegste antwoordmoment eerst; bij completed: laatst overgedragen eerst.'
			},
			next_cursor: {
				type: ['string', 'null'],
				description:
					'De cursor van de volgende pagina: stuur hem ongewijzigd mee als `cursor` (met dezelfde status). Null op de laatste pagina.'
			}
		}
	},
	HandoverDetail: {
		type: 'object',
		required: ['handover', 'case'],
		properties: { handover: { $ref: '#/components/schemas/Handover' }, case: { $ref: '#/components/schemas/PartnerCase' } }
	},
	HandoverResult: {
		type: 'object',
		required: ['handover'],
		properties: { handover: { $ref: '#/components/schemas/Handover', description: 'De overdracht na uw antwoord.' } }
	},
	DeclineRequest: {
		type: 'object',
		additionalProperties: false,
		required: ['reason'],
		properties: {
			reason: { type: 'string', enum: DECLINE_REASONS, description: `Waarom u afwijst: ${reasons}.` },
			note: {
				type: 'string',
				maxLength: 1000,
				description: `Toelichting, hoogstens 1000 tekens. Verplicht bij ${NOTE_REQUIRED.map((r) => `\`${r}\``).join(' en ')}.`
			}
		}
	},
	Error: {
		type: 'object',
		required: ['error'],
		description: 'Elke fout heeft deze vorm.',
		properties: {
			error: {
				type: 'object',
				required: ['code', 'message'],
				properties: {
					code: {
						type: 'string',
						enum: Object.keys(API_ERROR_STATUS),
						description: 'Vaste foutcode: programmeer hierop, niet op de tekst.'
					},
					message: text('Uitleg in het Nederlands, geschikt om aan een medewerker te tonen.'),
					fields: {
						type: 'object',
						additionalProperties: { type: 'string' },
						description: 'Alleen bij invalid_input: per veld wat er niet klopt, bijvoorbeeld {"note": "Licht toe waarom u afwijst…"}.'
					}
				}
			}
		}
	}
};

/** Every error code with its status and meaning (the x-error-codes extension). */
export const ERROR_CODES: ErrorCodeDoc[] = [
	{
		code: 'invalid_input',
		status: 400,
		description:
			'Het verzoek klopt niet: geen geldige JSON, een onbekend veld, of een veld met een fout. "fields" noemt per veld wat er mis is.'
	},
	{
		code: 'unauthenticated',
		status: 401,
		description:
			'Er is geen API-token meegestuurd, of het is onbekend, ongeldig of ingetrokken. Het antwoord heeft de header WWW-Authenticate: Bearer.'
	},
	{
		code: 'forbidden',
		status: 403,
		description:
			'Het token mist de benodigde bevoegdheid, of de overdracht bestaat niet of is niet aan uw organisatie aangeboden. Die laatste twee krijgen precies hetzelfde antwoord: de API verraadt nooit of een zaak of overdracht bestaat.'
	},
	{ code: 'not_found', status: 404, description: 'Dit adres bestaat niet in de API.' },
	{ code: 'method_not_allowed', status: 405, description: 'Dit adres kent deze HTTP-methode niet; de header Allow noemt wat wel kan.' },
	{
		code: 'conflict',
		status: 409,
		description:
			'Het aanbod is niet meer open: iemand anders heeft al geantwoord of Veilig Thuis heeft het ingetrokken. De melding zegt wie, wat en wanneer.'
	},
	{
		code: 'too_many_requests',
		status: 429,
		description:
			'Te veel geweigerde verzoeken (ontbrekende, ongeldige of ingetrokken tokens) vanaf hetzelfde adres: 30 achter elkaar, daarna één per 30 seconden. Alleen geweigerde verzoeken tellen en krijgen dit antwoord: een geldig token wordt nooit geweigerd omdat anderen op hetzelfde adres fouten maakten. De header Retry-After zegt na hoeveel seconden het weer kan.'
	},
	{ code: 'internal_error', status: 500, description: 'Er ging iets mis aan de kant van Ketentafel. Probeer het later opnieuw.' },
	{
		code: 'unsupported_media_type',
		status: 415,
		description: 'De body is geen JSON in UTF-8: stuur hem met de header Content-Type: application/json.'
	},
	{
		code: 'request_too_large',
		status: 431,
		description:
			'Het adres (met de query) of de kopregels van het verzoek zijn samen langer dan 16 KB; de verbinding wordt daarna gesloten.'
	},
	{
		code: 'service_unavailable',
		status: 503,
		description:
			'Een dienst die Ketentafel voor dit verzoek nodig heeft, antwoordt even niet (bijvoorbeeld bij een storing van Redis, waarin geweigerde tokens worden geteld). Het antwoord komt binnen enkele seconden; verzoeken met een geldig token die de dienst niet nodig hebben, werken gewoon. De header Retry-After zegt na hoeveel seconden u het opnieuw kunt proberen.'
	}
];

const problem = (
	description: string,
	example: { code: string; message: string; fields?: Record<string, string> },
	headers?: ResponseObject['headers']
): ResponseObject => ({
	description,
	...(headers ? { headers } : {}),
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { error: example } } }
});

/** The shared error answers. */
export const RESPONSES: Record<string, ResponseObject> = {
	InvalidInput: problem('Het verzoek klopt niet (invalid_input).', {
		code: 'invalid_input',
		message: 'De gegevens in het verzoek kloppen niet. Zie "fields".',
		fields: { note: 'Licht toe waarom u afwijst: bij deze reden is een toelichting verplicht.' }
	}),
	TooManyRequests: problem(
		'Te veel geweigerde verzoeken vanaf dit adres (too_many_requests).',
		{ code: 'too_many_requests', message: 'Te veel geweigerde verzoeken vanaf dit adres. Probeer het over een minuut opnieuw.' },
		{ 'Retry-After': { description: 'Seconden tot een nieuw verzoek kan.', schema: { type: 'integer', examples: [30] } } }
	),
	UnsupportedMediaType: problem('De body is geen JSON in UTF-8 (unsupported_media_type).', {
		code: 'unsupported_media_type',
		message: 'Stuur de body als JSON in UTF-8, met de header "Content-Type: application/json".'
	}),
	ServiceUnavailable: problem(
		'Een dienst die dit verzoek nodig heeft, antwoordt even niet, of het verzoek duurde te lang (service_unavailable).',
		{
			code: 'service_unavailable',
			message: 'Ketentafel kan dit verzoek nu even niet afhandelen door een storing. Probeer het over een paar minuten opnieuw.'
		},
		{ 'Retry-After': { description: 'Seconden tot een nieuw verzoek kan.', schema: { type: 'integer', examples: [30] } } }
	),
	Unauthenticated: problem(
		'Geen, een onbekend of een ingetrokken API-token (unauthenticated).',
		{ code: 'unauthenticated', message: 'Dit API-token is onbekend, ongeldig of ingetrokken.' },
		{
			'WWW-Authenticate': {
				description: 'Altijd Bearer: stuur een API-token mee.',
				schema: { type: 'string', examples: ['Bearer realm="Ketentafel", error="invalid_token"'] }
			}
		}
	),
	Forbidden: problem('Bevoegdheid ontbreekt, of de overdracht bestaat niet of is niet van uw organisatie (forbidden).', {
		code: 'forbidden',
		message: NO_ACCESS_MESSAGE
	}),
	Conflict: problem('Het aanbod is niet meer open (conflict).', {
		code: 'conflict',
		message: 'Dit aanbod is al geaccepteerd door Femke Dijkhuis op 23 nov 2026 09:41.'
	})
};
