import type { OpenApiDocument, ResponseObject } from './openapi-types.ts';
import { schemaRef as schema } from './openapi-schemas.ts';

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
const ok = (description: string, name: Parameters<typeof schema>[0], example: unknown): ResponseObject => ({
	description,
	content: { 'application/json': { schema: schema(name), example } }
});

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
