import type { RequestHandler } from './$types';
import { apiCallOf, apiDeps } from '$lib/server/api/deps';
import { declineHandoverEndpoint } from '$lib/server/api/handovers';
import { apiMethodNotAllowed } from '$lib/server/api/endpoint';

export const POST: RequestHandler = (event) => declineHandoverEndpoint(apiDeps(), apiCallOf(event), event.params.id);
export const fallback: RequestHandler = () => apiMethodNotAllowed(['POST']);
