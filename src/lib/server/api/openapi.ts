import { API_SCOPE_LABELS, API_SCOPES } from './scopes.ts';
import { handoverIdSchema, handoverListQuerySchema } from './schema.ts';
import { ERROR_CODES, generatedSchemas, pathParameter, queryParameters, RESPONSES, schemaRef } from './openapi-schemas.ts';
import type { OpenApiDocument, OperationObject, ParameterObject, ResponseObject } from './openapi-types.ts';
import { WAITING_PATHS } from './openapi-waiting.ts';
import { DASHBOARD_PATHS } from './openapi-dashboard.ts';

export const API_VERSION = '1.0.0';

const ref = (name: keyof typeof RESPONSES) => ({ $ref: `#/components/responses/${name}` });
const ok = (description: string, schema: Parameters<typeof schemaRef>[0], example?: unknown): ResponseObject => ({
	description,
	content: { 'application/json': { schema: schemaRef(schema), ...(example ? { example } : {}) } }
});
const bearer = (scope: (typeof API_SCOPES)[number]) => [{ bearerToken: [scope] }];

const idParameter: ParameterObject = pathParameter('id', handoverIdSchema);

const exampleHandover = {
	id: '3f0b6c1e-8d2a-4a53-9d1e-2b7c5f4e9a10',
	caseReference: 'VT-2026-000123',
	status: 'open',
	urgent: false,
	message: 'Graag warme overdracht; moeder staat open voor steun bij opvoeding.',
	offeredBy: 'Sanne Verhoef',
	offeredAt: '2026-11-23T08:15:00.000Z',
	respondBefore: '2026-11-25T08:15:00.000Z',
	answeredBy: null,
	answeredAt: null,
	declineReason: null,
	declineNote: null,
	completedAt: null,
	careType: null,
	warmHandover: null
};

const answerResponses = (): OperationObject['responses'] => ({
	'200': ok('Uw antwoord is vastgelegd; de overdracht zoals die nu is.', 'HandoverResult'),
	'400': ref('InvalidInput'),
	'415': ref('UnsupportedMediaType'),
	'401': ref('Unauthenticated'),
	'429': ref('TooManyRequests'),
	'503': ref('ServiceUnavailable'),
	'403': ref('Forbidden'),
	'409': ref('Conflict')
});

const PATHS: OpenApiDocument['paths'] = {
	'/api/v1/handovers': {
		get: {
			operationId: 'listHandovers',
			summary: 'Overdrachten aan uw organisatie',
			description:
				'De overdrachten die Veilig Thuis aan de organisatie van het token heeft aangeboden, met de gekozen status, per pagina. ' +
				'Haal de volgende pagina op met `cursor` = `next_cursor` uit het vorige antwoord (en dezelfde status en filters), tot `next_cursor` null is. ' +
				'De cursor onthoudt waar de vorige pagina ophield: komen er intussen overdrachten bij of veranderen er van status, dan krijgt u geen overdracht twee keer en slaat u er geen over. ' +
				'Elke opvraging wordt in het auditlog vastgelegd, met de overdrachten die het antwoord bevat.',
			tags: ['Overdrachten'],
			security: bearer('handovers:read'),
			parameters: queryParameters(handoverListQuerySchema),
			responses: {
				'200': ok('Eén pagina van de lijst, met de cursor van de volgende.', 'HandoverList', {
					status: 'open',
					handovers: [exampleHandover],
					next_cursor:
						'WyJvdmVyZHJhY2h0ZW46b3BlbiIsIjIwMjYtMTEtMjVUMDg6MTU6MDAuMDAwMDAwWiIsIjNmMGI2YzFlLThkMmEtNGE1My05ZDFlLTJiN2M1ZjRlOWExMCJd'
				}),
				'400': {
					description: 'Een parameter klopt niet, bijvoorbeeld een cursor die niet (meer) bij deze lijst hoort (invalid_input).',
					content: {
						'application/json': {
							schema: schemaRef('Error'),
							example: {
								error: {
									code: 'invalid_input',
									message: 'Deze cursor hoort bij een andere lijst of een andere status. Begin opnieuw zonder cursor.',
									fields: { cursor: 'Deze cursor hoort bij een andere lijst of een andere status. Begin opnieuw zonder cursor.' }
								}
							}
						}
					}
				},
				'401': ref('Unauthenticated'),
				'429': ref('TooManyRequests'),
				'503': ref('ServiceUnavailable'),
				'403': ref('Forbidden')
			}
		}
	},
	'/api/v1/handovers/{id}': {
		get: {
			operationId: 'getHandover',
			summary: 'Eén overdracht met de zaakinformatie',
			description:
				'De overdracht en wat uw organisatie van de zaak mag zien: situatieschets, directbetrokkenen (zonder namen), veiligheidsafspraken en wie monitort. Alleen zolang het aanbod open, geaccepteerd of overgedragen is. Elke inzage wordt in het auditlog vastgelegd.',
			tags: ['Overdrachten'],
			security: bearer('handovers:read'),
			parameters: [idParameter],
			responses: {
				'200': ok('De overdracht met de zaakinformatie.', 'HandoverDetail'),
				'401': ref('Unauthenticated'),
				'429': ref('TooManyRequests'),
				'503': ref('ServiceUnavailable'),
				'403': ref('Forbidden')
			}
		}
	},
	'/api/v1/handovers/{id}/accept': {
		post: {
			operationId: 'acceptHandover',
			summary: 'Een aanbod accepteren',
			description:
				'Uw organisatie accepteert het open aanbod; daarna plant u samen met Veilig Thuis de warme overdracht. De verantwoordelijkheid gaat pas over als beide kanten het contactmoment hebben bevestigd. Antwoordt iemand tegelijk, dan beslist de database: één antwoord wint, de ander krijgt 409.',
			tags: ['Overdrachten'],
			security: bearer('handovers:answer'),
			parameters: [idParameter],
			requestBody: {
				description: 'Leeg, of een leeg JSON-object.',
				required: false,
				content: { 'application/json': { schema: schemaRef('AcceptRequest'), example: {} } }
			},
			responses: answerResponses()
		}
	},
	'/api/v1/handovers/{id}/decline': {
		post: {
			operationId: 'declineHandover',
			summary: 'Een aanbod afwijzen',
			description:
				'Uw organisatie wijst het open aanbod af, met een reden. Daarna heeft uw organisatie geen toegang meer tot de zaak. Antwoordt iemand tegelijk, dan beslist de database: één antwoord wint, de ander krijgt 409.',
			tags: ['Overdrachten'],
			security: bearer('handovers:answer'),
			parameters: [idParameter],
			requestBody: {
				description: 'De reden, en bij onvoldoende_informatie of anders ook een toelichting.',
				required: true,
				content: {
					'application/json': {
						schema: schemaRef('DeclineRequest'),
						example: { reason: 'onvoldoende_informatie', note: 'Welke veiligheidsafspraken gelden voor de kinderen?' }
					}
				}
			},
			responses: answerResponses()
		}
	},
	'/api/v1/openapi.json': {
		get: {
			operationId: 'getOpenApi',
			summary: 'Deze beschrijving',
			description: 'De beschrijving van de API in OpenAPI 3.1. Hiervoor is geen token nodig.',
			tags: ['Beschrijving'],
			security: [],
			responses: { '200': { description: 'Het OpenAPI-document.', content: { 'application/json': { schema: { type: 'object' } } } } }
		}
	}
};

/** The OpenAPI 3.1 description of the Ketentafel API; `origin` fills in the server address. */
export function openApiDocument(origin?: string): OpenApiDocument {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Ketentafel-API',
			version: API_VERSION,
			description:
				'Met deze API koppelt een ketenpartner (CJG, sociaal wijkteam, consortium, GGD of jeugdhulpaanbieder) het eigen registratiesysteem aan Ketentafel: ' +
				'overdrachten van Veilig Thuis ophalen en accepteren of afwijzen, (consortia) de wachttijden per zorgvorm en subregio melden, en (gemeenten en stuurgroep) de doorstroomcijfers ophalen voor de eigen BI-omgeving. Een beheerder van uw organisatie maakt in Ketentafel een API-token aan onder API-koppelingen. ' +
				'Stuur het mee in elke aanvraag als "Authorization: Bearer <token>". Alle antwoorden zijn JSON, tijden in ISO 8601 (UTC). ' +
				'Stuur bij een POST met body altijd "Content-Type: application/json": andere content-types (text/plain, formulieren) weigert Ketentafel als cross-site formulier (403, geen JSON). ' +
				'Elke aanvraag wordt in het auditlog vastgelegd, op naam van het token.',
			contact: { name: 'Functioneel beheer Ketentafel, Veilig Thuis Kennemerland' }
		},
		servers: [{ url: origin ?? '/', description: 'Deze Ketentafel-omgeving' }],
		tags: [
			{ name: 'Overdrachten', description: 'Aanbiedingen van Veilig Thuis aan uw organisatie.' },
			{ name: 'Wachttijden', description: 'Wachttijden per zorgvorm en subregio, gemeld door consortia.' },
			{
				name: 'Doorstroom',
				description: 'Geaggregeerde doorstroomcijfers voor gemeenten en de stuurgroep (kleine aantallen afgeschermd).'
			},
			{ name: 'Beschrijving', description: 'Deze beschrijving zelf.' }
		],
		security: [{ bearerToken: [] }],
		// the description itself stays last
		paths: (({ '/api/v1/openapi.json': self, ...rest }) => ({
			...rest,
			...WAITING_PATHS,
			...DASHBOARD_PATHS,
			'/api/v1/openapi.json': self
		}))(PATHS),
		components: {
			schemas: generatedSchemas(),
			responses: RESPONSES,
			securitySchemes: {
				bearerToken: {
					type: 'http',
					scheme: 'bearer',
					bearerFormat: 'kt_ gevolgd door 52 tekens',
					description:
						'Een API-token van uw organisatie. Bevoegdheden: ' + API_SCOPES.map((s) => `${s} (${API_SCOPE_LABELS[s]})`).join('; ') + '.'
				}
			}
		},
		'x-error-codes': ERROR_CODES
	};
}
