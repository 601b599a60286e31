import type { RequestHandler } from './$types';
import { apiCallOf, apiDeps } from '$lib/server/api/deps';
import { getHandoverEndpoint } from '$lib/server/api/handovers';
import { apiMethodNotAllowed } from '$lib/server/api/endpoint';

export const GET: RequestHandler = (event) => getHandoverEndpoint(apiDeps(), apiCallOf(event), event.params.id);
export const fallback: RequestHandler = () => apiMethodNotAllowed(['GET']);
