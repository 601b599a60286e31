import type { RequestHandler } from './$types';
import { apiCallOf, apiDeps } from '$lib/server/api/deps';
import { acceptHandoverEndpoint } from '$lib/server/api/handovers';
import { apiMethodNotAllowed } from '$lib/server/api/endpoint';

export const POST: RequestHandler = (event) => acceptHandoverEndpoint(apiDeps(), apiCallOf(event), event.params.id);
export const fallback: RequestHandler = () => apiMethodNotAllowed(['POST']);
