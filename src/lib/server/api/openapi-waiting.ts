import { MAX_WAITING_DAYS } from '../waiting/schema.ts';
import type { OpenApiDocument, ResponseObject, SchemaObject } from './openapi-types.ts';

const text = (description: string, nullable = false): SchemaObject => ({ type: nullable ? ['string', 'null'] : 'string', description });
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
const schema = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, name: string, example: unknown): ResponseObject => ({
	description,
	content: { 'application/json': { schema: schema(name), example } }
});

const CARE_TYPES = '`ihub` (intensieve ambulante hulp), `gezinsbehandeling`, `trauma`, `jeugd-ggz` of `verblijf`';
const SUBREGIONS = '`zuid-kennemerland`, `ijmond` of `haarlemmermeer`';

const exampleReport = { careType: 'ihub', subregion: 'ijmond', waitingDays: 98 };
const exampleCurrent = {
	consortium: 'Consortium IJmond Kust Jeugdhulp',
	reports: [
		{
			careType: 'ihub',
			careTypeName: 'Intensieve ambulante hulp (IHUB)',
			subregion: 'ijmond',
			subregionName: 'IJmond',
			waitingDays: 98,
			reportedAt: '2026-11-23T08:15:00.000Z',
			reportedBy: 'API: Planningssysteem'
		}
	]
};

const forbidden: ResponseObject = {
	description: 'Het token mist de bevoegdheid, of de organisatie is geen consortium (forbidden).',
	content: {
		'application/json': {
			schema: schema('Error'),
			example: {
				error: {
					code: 'forbidden',
					message: 'Dit API-token heeft niet de bevoegdheid "waiting-times:write" die voor deze handeling nodig is.'
				}
			}
		}
	}
};

/** The data types of the waiting-times operations. */
export const WAITING_SCHEMAS: Record<string, SchemaObject> = {
	WaitingTimeReport: {
		type: 'object',
		description: 'Eén melding: de wachttijd die een gezin nu heeft voor deze zorgvorm in deze subregio.',
		additionalProperties: false,
		required: ['careType', 'subregion', 'waitingDays'],
		properties: {
			careType: text(`De zorgvorm: ${CARE_TYPES}.`),
			subregion: text(`De subregio: ${SUBREGIONS}.`),
			waitingDays: {
				type: 'integer',
				minimum: 0,
				maximum: MAX_WAITING_DAYS,
				description: `De wachttijd in hele kalenderdagen (weken × 7), 0 tot en met ${MAX_WAITING_DAYS}.`
			}
		}
	},
	WaitingTimeReportList: {
		type: 'object',
		description: 'Meerdere meldingen tegelijk (hoogstens 100), elke zorgvorm × subregio één keer.',
		additionalProperties: false,
		required: ['reports'],
		properties: { reports: { type: 'array', items: schema('WaitingTimeReport'), description: 'De meldingen.' } }
	},
	WaitingTimeReportRequest: {
		description:
			'De body van POST /api/v1/waiting-times: één melding (WaitingTimeReport), een lijst {"reports": [...]} (WaitingTimeReportList) of een JSON-array van meldingen. ' +
			'Alles of niets: klopt één melding niet, dan wordt niets vastgelegd en noemt "fields" de fout, bijvoorbeeld "reports.2.careType".',
		oneOf: [schema('WaitingTimeReport'), schema('WaitingTimeReportList'), { type: 'array', items: schema('WaitingTimeReport') }]
	},
	WaitingTime: {
		type: 'object',
		description: 'Een actuele wachttijd van uw consortium: de nieuwste melding voor deze zorgvorm en subregio.',
		required: ['careType', 'careTypeName', 'subregion', 'subregionName', 'waitingDays', 'reportedAt'],
		properties: {
			careType: text('Kenmerk van de zorgvorm.'),
			careTypeName: text('Naam van de zorgvorm.'),
			subregion: text('Kenmerk van de subregio.'),
			subregionName: text('Naam van de subregio.'),
			waitingDays: { type: 'integer', description: 'De gemelde wachttijd in kalenderdagen.' },
			reportedAt: { type: 'string', format: 'date-time', description: 'Wanneer gemeld (ISO 8601).' },
			reportedBy: text('Wie meldde: een medewerker, of "API: <tokennaam>".', true)
		}
	},
	WaitingTimes: {
		type: 'object',
		required: ['consortium', 'reports'],
		properties: {
			consortium: text('Uw consortium.'),
			reports: {
				type: 'array',
				items: schema('WaitingTime'),
				description: 'Per zorgvorm × subregio de actuele wachttijd (alleen wat ooit is gemeld).'
			}
		}
	},
	WaitingTimesReported: {
		type: 'object',
		required: ['consortium', 'reported', 'reports'],
		properties: {
			consortium: text('Uw consortium.'),
			reported: { type: 'integer', description: 'Hoeveel meldingen zijn vastgelegd.' },
			reports: { type: 'array', items: schema('WaitingTime'), description: 'Alle actuele wachttijden van uw consortium na deze melding.' }
		}
	}
};

/** The waiting-times operations (consortia only). */
export const WAITING_PATHS: OpenApiDocument['paths'] = {
	'/api/v1/waiting-times': {
		get: {
			operationId: 'listWaitingTimes',
			summary: 'De gemelde wachttijden van uw consortium',
			description:
				'De actuele wachttijd per zorgvorm en subregio die uw consortium heeft gemeld (de nieuwste melding telt). Alleen voor tokens van een consortium. Elke opvraging wordt in het auditlog vastgelegd.',
			tags: ['Wachttijden'],
			security: [{ bearerToken: ['waiting-times:read'] }],
			responses: {
				'200': ok('De actuele wachttijden.', 'WaitingTimes', exampleCurrent),
				'401': ref('Unauthenticated'),
				'403': forbidden,
				'429': ref('TooManyRequests'),
				'503': ref('ServiceUnavailable')
			}
		},
		post: {
			operationId: 'reportWaitingTimes',
			summary: 'Wachttijden melden',
			description:
				'Uw consortium meldt de huidige wachttijd per zorgvorm en subregio, in dagen. Veilig Thuis ziet de meldingen naast de werkelijke wachttijd van de gezinnen die op u wachten; ' +
				'elke dag legt Ketentafel beide vast. Meld wat u weet: een melding geldt tot de volgende voor dezelfde zorgvorm en subregio. Alleen voor tokens van een consortium; elke melding staat in het auditlog.',
			tags: ['Wachttijden'],
			security: [{ bearerToken: ['waiting-times:write'] }],
			requestBody: {
				description: 'Eén melding, {"reports": [...]} of een JSON-array van meldingen (zie WaitingTimeReportRequest).',
				required: true,
				content: {
					'application/json': {
						schema: schema('WaitingTimeReportRequest'),
						example: { reports: [exampleReport, { careType: 'trauma', subregion: 'haarlemmermeer', waitingDays: 42 }] }
					}
				}
			},
			responses: {
				'200': ok('De meldingen zijn vastgelegd; de actuele wachttijden van uw consortium.', 'WaitingTimesReported', {
					...exampleCurrent,
					reported: 1
				}),
				'400': ref('InvalidInput'),
				'415': ref('UnsupportedMediaType'),
				'401': ref('Unauthenticated'),
				'403': forbidden,
				'429': ref('TooManyRequests'),
				'503': ref('ServiceUnavailable')
			}
		}
	}
};
