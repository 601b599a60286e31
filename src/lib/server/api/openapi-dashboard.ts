import type { OpenApiDocument, SchemaObject } from './openapi-types.ts';

const schema = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
const published: SchemaObject = {
	description:
		'Een aantal: het getal (5 of meer), "<5" (minder dan 5, afgeschermd) of "afgeschermd" (5 of meer, verborgen zodat een klein aantal niet uit een totaal kan worden afgeleid).',
	oneOf: [
		{ type: 'integer', minimum: 5 },
		{ type: 'string', enum: ['<5', 'afgeschermd'] }
	]
};
const duration: SchemaObject = {
	description:
		'Mediaan en 90e percentiel in minuten, afgerond (hele uren voor de fasen van de keten, hele dagen voor wachten op zorg); null bij minder dan 10 gezinnen, p90 null bij minder dan 20.',
	oneOf: [
		{ type: 'object', required: ['median', 'p90'], properties: { median: { type: 'integer' }, p90: { type: ['integer', 'null'] } } },
		{ type: 'null' }
	]
};
const week: SchemaObject = { type: 'string', format: 'date', description: 'De maandag van een ISO-week.' };
const gridPeriod: SchemaObject = {
	type: 'object',
	description: 'Een periode van 4 weken (periode 1 = ISO-week 1–4 … periode 13 = week 49–52, met week 53 waar een jaar die heeft).',
	required: ['id', 'year', 'number', 'from', 'to', 'weeks'],
	properties: {
		id: { type: 'string', description: 'Bijvoorbeeld 2026-P12.' },
		year: { type: 'integer' },
		number: { type: 'integer', minimum: 1, maximum: 13 },
		from: week,
		to: week,
		weeks: { type: 'array', items: week }
	}
};

/** The data types of the dashboard figures. */
export const DASHBOARD_SCHEMAS: Record<string, SchemaObject> = {
	PublishedCount: published,
	Duration: duration,
	DashboardFigures: {
		type: 'object',
		description:
			'De doorstroomcijfers van uw gemeente (naast de subregio en de regio) of, voor de stuurgroep, van de regio, de drie subregio’s en de negen gemeenten. ' +
			'Alleen aantallen en doorlooptijden, nooit een zaak. Aantallen onder 5 zijn "<5"; waar een totaal min zijn delen een klein aantal zou verraden, staat "afgeschermd".',
		required: [
			'scope',
			'range',
			'period',
			'previous',
			'areas',
			'key',
			'onTimeShare',
			'partners',
			'declineReasons',
			'waiting',
			'bottleneck',
			'publishedAt'
		],
		properties: {
			scope: {
				type: 'object',
				properties: {
					kind: { type: 'string', enum: ['gemeente', 'regio'] },
					id: { type: ['string', 'null'], description: 'CBS-gemeentecode, of null voor de regio.' },
					name: { type: 'string' }
				}
			},
			range: {
				type: 'object',
				description: 'De gevraagde gepubliceerde periodes, oudste eerst.',
				properties: { from: gridPeriod, to: gridPeriod, periods: { type: 'array', items: gridPeriod } }
			},
			period: {
				...gridPeriod,
				description: 'De periode van de kerncijfers, ketenpartners, afwijzingen, wachttijden en fasen: de laatste van de reeks.'
			},
			previous: { oneOf: [gridPeriod, { type: 'null' }], description: 'De periode ervoor, als die gepubliceerd is.' },
			areas: {
				type: 'array',
				description: 'De kolommen: eerst uw eigen gebied.',
				items: {
					type: 'object',
					properties: {
						id: { type: 'string' },
						name: { type: 'string' },
						level: { type: 'string', enum: ['regio', 'subregio', 'gemeente'] }
					}
				}
			},
			key: {
				type: 'array',
				description:
					'De kerncijfers per gebied. kind "event": opgeteld over de weken van de periode; "state": de stand aan het einde van de periode.',
				items: {
					type: 'object',
					properties: {
						metric: { type: 'string' },
						label: { type: 'string' },
						kind: { type: 'string', enum: ['event', 'state'] },
						values: {
							type: 'object',
							additionalProperties: schema('PublishedCount'),
							description: 'Per gebied (id uit areas), in de periode.'
						},
						previous: {
							oneOf: [schema('PublishedCount'), { type: 'null' }],
							description: 'Uw gebied in de periode ervoor (null als die niet gepubliceerd is).'
						},
						total: {
							type: ['integer', 'null'],
							description:
								'Uw gebied over alle periodes van de reeks opgeteld (alleen bij kind "event", en alleen als elke periode gepubliceerd is).'
						},
						series: {
							type: 'array',
							description: 'Uw gebied per periode van de reeks.',
							items: { type: 'object', properties: { period: { type: 'string' }, value: schema('PublishedCount') } }
						}
					}
				}
			},
			onTimeShare: {
				type: ['number', 'null'],
				description:
					'Aandeel beoordelingen binnen de norm (5 werkdagen na de melding, bij spoed korter) (0–1), alleen als beide aantallen gepubliceerd zijn.'
			},
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
			declineReasons: {
				type: 'array',
				items: { type: 'object', properties: { reason: { type: 'string' }, value: schema('PublishedCount') } }
			},
			waiting: {
				type: 'array',
				description:
					'Per zorgvorm: wachtende gezinnen, langer dan de norm, de waargenomen wachttijd (aan het einde van de periode) en de door consortia gemelde wachttijd.',
				items: {
					type: 'object',
					properties: {
						careTypeId: { type: 'string' },
						careType: { type: 'string' },
						normDays: { type: 'integer' },
						waiting: schema('PublishedCount'),
						overNorm: schema('PublishedCount'),
						observed: schema('Duration'),
						reported: {
							type: 'array',
							items: {
								type: 'object',
								properties: {
									subregionId: { type: 'string' },
									subregion: { type: 'string' },
									consortium: { type: 'string' },
									days: { type: 'integer' }
								}
							}
						}
					}
				}
			},
			bottleneck: {
				type: 'object',
				description:
					'Per fase van de keten de doorlooptijd (deze en vorige periode, per subregio) en de fase waarin gezinnen het langst wachten.',
				properties: {
					stages: {
						type: 'array',
						items: {
							type: 'object',
							properties: {
								id: { type: 'string' },
								label: { type: 'string' },
								current: schema('Duration'),
								previous: schema('Duration'),
								bySubregion: { type: 'object', additionalProperties: schema('Duration') }
							}
						}
					},
					subregions: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
					slowest: { type: ['string', 'null'] }
				}
			},
			publishedAt: {
				type: 'string',
				format: 'date-time',
				description: 'Wanneer de periode is gepubliceerd; daarna veranderen haar cijfers niet meer.'
			}
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
				'De cijfers worden per periode van 4 weken gepubliceerd, de dinsdag nadat de periode is afgelopen, en veranderen daarna niet meer. ' +
				'Reeks: ?periodes=1|3|6|13 (de laatste gepubliceerde, standaard 3) of ?van=2026-P10&tot=2026-P12 (periodes, of datums: de periode waarin die vallen; hoogstens 26). Elke opvraging staat in het auditlog.',
			tags: ['Doorstroom'],
			security: [{ bearerToken: ['dashboard:read'] }],
			parameters: [
				{
					name: 'periodes',
					in: 'query',
					required: false,
					schema: { type: 'string', enum: ['1', '3', '6', '13'] },
					description: 'De laatste 1, 3, 6 of 13 gepubliceerde periodes.'
				},
				{
					name: 'van',
					in: 'query',
					required: false,
					schema: { type: 'string' },
					description: 'Eerste periode (2026-P10) of een datum daarin (jjjj-mm-dd).'
				},
				{
					name: 'tot',
					in: 'query',
					required: false,
					schema: { type: 'string' },
					description: 'Laatste periode (2026-P12) of een datum daarin; moet gepubliceerd zijn.'
				}
			],
			responses: {
				'200': { description: 'De cijfers.', content: { 'application/json': { schema: schema('DashboardFigures') } } },
				'400': ref('InvalidInput'),
				'401': ref('Unauthenticated'),
				'403': ref('Forbidden'),
				'404': {
					description: 'Er is nog geen periode gepubliceerd (not_found).',
					content: {
						'application/json': {
							schema: schema('Error'),
							example: { error: { code: 'not_found', message: 'Er zijn nog geen doorstroomcijfers gepubliceerd.' } }
						}
					}
				},
				'429': ref('TooManyRequests'),
				'503': ref('ServiceUnavailable')
			}
		}
	}
};
