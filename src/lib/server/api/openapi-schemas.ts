import { z } from 'zod';
import { NO_ACCESS_MESSAGE } from './errors.ts';
import {
	errorSchema,
	handoverDetailSchema,
	handoverListSchema,
	handoverResultSchema,
	handoverSchema,
	partnerCaseSchema,
	personSchema,
	warmHandoverSchema
} from './contract.ts';
import { waitingTimeSchema, waitingTimesReportedSchema, waitingTimesSchema } from './contract-waiting.ts';
import { dashboardFiguresSchema, durationSchema, gridPeriodSchema, publishedCountSchema } from './contract-dashboard.ts';
import { acceptBodySchema, declineBodySchema } from './schema.ts';
import { reportSchema, reportsBodySchema } from '../waiting/schema.ts';
import type { ErrorCodeDoc, ParameterObject, ResponseObject, SchemaObject } from './openapi-types.ts';

/**
 * The data types of the API, generated from the zod schemas that parse its requests (input side)
 * and type its answers (output side) with zod's own z.toJSONSchema (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1). Nothing here is written by hand but the names and the examples.
 */

/** The answers' types: name → schema (with the Dutch description of the type as a whole). */
const RESPONSE_TYPES: Record<string, { schema: z.ZodType; description?: string }> = {
	Handover: { schema: handoverSchema, description: 'Een overdracht die Veilig Thuis aan uw organisatie heeft aangeboden.' },
	WarmHandover: { schema: warmHandoverSchema, description: 'Het gezamenlijke contactmoment van de warme overdracht.' },
	PartnerCase: {
		schema: partnerCaseSchema,
		description: 'Wat u bij een aanbod van de zaak ziet: de volledige informatie voor een verantwoorde overdracht, niet meer.'
	},
	Person: { schema: personSchema, description: 'Een directbetrokkene, pseudoniem.' },
	HandoverList: { schema: handoverListSchema, description: 'Eén pagina van de overdrachten, met de cursor van de volgende.' },
	HandoverDetail: { schema: handoverDetailSchema, description: 'Een overdracht met de zaakinformatie.' },
	HandoverResult: { schema: handoverResultSchema, description: 'De overdracht na uw antwoord.' },
	WaitingTime: {
		schema: waitingTimeSchema,
		description: 'Een actuele wachttijd van uw consortium: de nieuwste melding voor deze zorgvorm en subregio.'
	},
	WaitingTimes: { schema: waitingTimesSchema, description: 'De actuele wachttijden van uw consortium.' },
	WaitingTimesReported: {
		schema: waitingTimesReportedSchema,
		description: 'Hoeveel meldingen zijn vastgelegd, en de actuele wachttijden.'
	},
	PublishedCount: { schema: publishedCountSchema },
	Duration: { schema: durationSchema },
	GridPeriod: { schema: gridPeriodSchema },
	DashboardFigures: { schema: dashboardFiguresSchema },
	Error: { schema: errorSchema, description: 'Elke fout heeft deze vorm.' }
};

/** The one-of body of POST /api/v1/waiting-times, from the schemas its handler parses with (waiting/api.ts). */
export const waitingTimeReportRequestSchema = z.xor([reportSchema, reportsBodySchema, z.array(reportSchema)]);

/** The request bodies' types (what the handlers accept). */
const REQUEST_TYPES: Record<string, { schema: z.ZodType; description?: string }> = {
	AcceptRequest: { schema: acceptBodySchema, description: 'Leeg, of een leeg JSON-object.' },
	DeclineRequest: { schema: declineBodySchema, description: 'De reden van afwijzen, en bij sommige redenen een toelichting.' },
	WaitingTimeReport: {
		schema: reportSchema,
		description: 'Eén melding: de wachttijd die een gezin nu heeft voor deze zorgvorm in deze subregio.'
	},
	WaitingTimeReportList: {
		schema: reportsBodySchema,
		description: 'Meerdere meldingen tegelijk (hoogstens 100), elke zorgvorm × subregio één keer.'
	},
	WaitingTimeReportRequest: {
		schema: waitingTimeReportRequestSchema,
		description:
			'De body van POST /api/v1/waiting-times: één melding (WaitingTimeReport), een lijst {"reports": [...]} (WaitingTimeReportList) of een JSON-array van meldingen. ' +
			'Alles of niets: klopt één melding niet, dan wordt niets vastgelegd en noemt "fields" de fout, bijvoorbeeld "reports.2.careType".'
	}
};

const COMPONENT = '#/components/schemas/';

/** Every named type in one io, as components: $refs between them, no $schema/$id of their own. */
function components(types: Record<string, { schema: z.ZodType; description?: string }>, io: 'input' | 'output') {
	const registry = z.registry<{ id: string }>();
	for (const [id, { schema }] of Object.entries(types)) registry.add(schema, { id });
	const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, unrepresentable: 'throw', uri: (id) => COMPONENT + id });
	return Object.fromEntries(
		Object.entries(schemas).map(([id, generated]) => {
			const { $schema, $id, ...schema } = generated as Record<string, unknown>;
			void $schema;
			void $id;
			const description = types[id].description;
			return [id, (description ? { description, ...schema } : schema) as SchemaObject];
		})
	);
}

let cached: Record<string, SchemaObject> | null = null;

/** The components.schemas of the document (generated once per process). */
export function generatedSchemas(): Record<string, SchemaObject> {
	cached ??= { ...components(RESPONSE_TYPES, 'output'), ...components(REQUEST_TYPES, 'input') };
	return cached;
}

/** A reference to a generated type. */
export function schemaRef(name: keyof typeof RESPONSE_TYPES | keyof typeof REQUEST_TYPES): SchemaObject {
	return { $ref: COMPONENT + name };
}

/**
 * The query parameters of an operation, generated from the zod object its handler parses the query
 * with (input side): one parameter per field, its description taken from the field's.
 */
export function queryParameters(schema: z.ZodObject): ParameterObject[] {
	const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as SchemaObject;
	return Object.entries(generated.properties ?? {}).map(([name, property]) => {
		const { description, ...rest } = property;
		return { name, in: 'query', required: generated.required?.includes(name) ?? false, description: description ?? '', schema: rest };
	});
}

/** A path parameter, generated from the zod schema its handler checks it with. */
export function pathParameter(name: string, schema: z.ZodType): ParameterObject {
	const { $schema, description, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as SchemaObject & {
		$schema?: string;
	};
	void $schema;
	return { name, in: 'path', required: true, description: description ?? '', schema: rest };
}

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
	content: { 'application/json': { schema: schemaRef('Error'), example: { error: example } } }
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
