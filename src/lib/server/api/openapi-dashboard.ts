import type { OpenApiDocument } from './openapi-types.ts';
import { queryParameters, schemaRef as schema } from './openapi-schemas.ts';
import { rangeQuerySchema } from '../dashboard/period.ts';
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
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
			parameters: queryParameters(rangeQuerySchema),
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
