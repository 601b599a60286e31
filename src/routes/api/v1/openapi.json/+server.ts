import type { RequestHandler } from './$types';
import { openApiEndpoint } from '$lib/server/api/openapi-endpoint';
import { apiMethodNotAllowed } from '$lib/server/api/endpoint';

export const GET: RequestHandler = ({ request }) => openApiEndpoint(request);
export const fallback: RequestHandler = () => apiMethodNotAllowed(['GET']);
