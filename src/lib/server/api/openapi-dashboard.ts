import type { OpenApiDocument, SchemaObject } from './openapi-types.ts';

const schema = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
const published: SchemaObject = {
	description: 'Een aantal: het getal (5 of meer), "<5" (minder dan 5, afgeschermd) of "afgeschermd" (5 of meer, verborgen zodat een klein aantal niet uit een totaal kan worden afgeleid).',
	oneOf: [{ type: 'integer', minimum: 5 }, { type: 'string', enum: ['<5', 'afgeschermd'] }]
};
const duration: SchemaObject = {
	description: 'Mediaan en 90e percentiel in minuten; null bij minder dan 5 gezinnen.',
	oneOf: [
		{ type: 'object', required: ['median', 'p90'], properties: { median: { type: 'integer' }, p90: { type: 'integer' } } },
		{ type: 'null' }
	]
};
const week: SchemaObject = { type: 'string', format: 'date', description: 'De maandag van een ISO-week.' };

/** The data types of the dashboard figures. */
export const DASHBOARD_SCHEMAS: Record<string, SchemaObject> = {
	PublishedCount: published,
	Duration: duration,
	DashboardFigures: {
		type: 'object',
		description:
			'De doorstroomcijfers van uw gemeente (naast de subregio en de regio) of, voor de stuurgroep, van de regio, de drie subregio’s en de negen gemeenten. ' +
			'Alleen aantallen en doorlooptijden, nooit een zaak. Aantallen onder 5 zijn "<5"; waar een totaal min zijn delen een klein aantal zou verraden, staat "afgeschermd".',
		required: ['scope', 'period', 'previous', 'areas', 'key', 'weekly', 'partners', 'declineReasons', 'waiting', 'bottleneck'],
		properties: {
			scope: { type: 'object', properties: { kind: { type: 'string', enum: ['gemeente', 'regio'] }, id: { type: ['string', 'null'], description: 'CBS-gemeentecode, of null voor de regio.' }, name: { type: 'string' } } },
			period: { type: 'object', properties: { from: week, to: week, weeks: { type: 'array', items: week } } },
			previous: { type: 'object', description: 'De even lange periode ervoor (ter vergelijking).', properties: { from: week, to: week } },
			areas: { type: 'array', description: 'De kolommen: eerst uw eigen gebied.', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, level: { type: 'string', enum: ['regio', 'subregio', 'gemeente'] } } } },
			key: {
				type: 'array',
				description: 'De kerncijfers per gebied. kind "event": opgeteld over de weken; "state": de stand aan het einde van de periode.',
				items: {
					type: 'object',
					properties: {
						metric: { type: 'string' },
						label: { type: 'string' },
						kind: { type: 'string', enum: ['event', 'state'] },
						values: { type: 'object', additionalProperties: schema('PublishedCount'), description: 'Per gebied (id uit areas).' },
						previous: schema('PublishedCount')
					}
				}
			},
			onTimeShare: { type: ['number', 'null'], description: 'Aandeel beoordelingen binnen 5 werkdagen (0–1), alleen als beide aantallen gepubliceerd zijn.' },
			weekly: { type: 'array', items: { type: 'object', properties: { metric: { type: 'string' }, label: { type: 'string' }, values: { type: 'array', items: { type: 'object', properties: { week, value: schema('PublishedCount') } } } } } },
			partners: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'string', format: 'uuid' },
						name: { type: 'string' },
						values: { type: 'object', additionalProperties: schema('PublishedCount') },
						toAccept: schema('Duration'),
						toComplete: schema('Duration')
					}
				}
			},
			declineReasons: { type: 'array', items: { type: 'object', properties: { reason: { type: 'string' }, value: schema('PublishedCount') } } },
			waiting: {
				type: 'array',
				description: 'Per zorgvorm: wachtende gezinnen, langer dan de norm, de waargenomen wachttijd (aan het einde van de periode) en de door consortia gemelde wachttijd.',
				items: {
					type: 'object',
					properties: {
						careTypeId: { type: 'string' },
						careType: { type: 'string' },
						normDays: { type: 'integer' },
						waiting: schema('PublishedCount'),
						overNorm: schema('PublishedCount'),
						observed: schema('Duration'),
						reported: { type: 'array', items: { type: 'object', properties: { subregionId: { type: 'string' }, subregion: { type: 'string' }, consortium: { type: 'string' }, days: { type: 'integer' } } } }
					}
				}
			},
			bottleneck: {
				type: 'object',
				description: 'Per fase van de keten de doorlooptijd (deze en vorige periode, per subregio) en de fase waarin gezinnen het langst wachten.',
				properties: {
					stages: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' }, current: schema('Duration'), previous: schema('Duration'), bySubregion: { type: 'object', additionalProperties: schema('Duration') } } } },
					subregions: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
					slowest: { type: ['string', 'null'] }
				}
			},
			computedAt: { type: ['string', 'null'], format: 'date-time', description: 'Wanneer de cijfers voor het laatst zijn bijgewerkt.' }
		}
	}
};

/** GET /api/v1/dashboard. */
export const DASHBOARD_PATHS: OpenApiDocument['paths'] = {
	'/api/v1/dashboard': {
		get: {
			operationId: 'getDashboard',
			summary: 'Doorstroomcijfers voor uw BI-omgeving',
			description:
				'Dezelfde cijfers als het doorstroomdashboard: een token van een gemeente krijgt de eigen gemeente (met subregio en regio ter vergelijking), een token van de stuurgroep de regio. ' +
				'Periode: ?weken=4|13|26|52 (standaard 13, tot en met deze week) of ?van=jjjj-mm-dd&tot=jjjj-mm-dd (hele weken, hoogstens 104). Elke opvraging staat in het auditlog.',
			tags: ['Doorstroom'],
			security: [{ bearerToken: ['dashboard:read'] }],
			parameters: [
				{ name: 'weken', in: 'query', required: false, schema: { type: 'string', enum: ['4', '13', '26', '52'] }, description: 'De laatste 4, 13, 26 of 52 weken.' },
				{ name: 'van', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'Eerste dag (de week waarin die valt telt mee).' },
				{ name: 'tot', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'Laatste dag (de week waarin die valt telt mee).' }
			],
			responses: {
				'200': { description: 'De cijfers.', content: { 'application/json': { schema: schema('DashboardFigures') } } },
				'400': ref('InvalidInput'),
				'401': ref('Unauthenticated'),
				'403': ref('Forbidden'),
				'429': ref('TooManyRequests'),
				'503': ref('ServiceUnavailable')
			}
		}
	}
};
