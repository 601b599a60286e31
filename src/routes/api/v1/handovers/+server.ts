import type { RequestHandler } from './$types';
import { apiCallOf, apiDeps } from '$lib/server/api/deps';
import { listHandoversEndpoint } from '$lib/server/api/handovers';
import { apiMethodNotAllowed } from '$lib/server/api/endpoint';

export const GET: RequestHandler = (event) => listHandoversEndpoint(apiDeps(), apiCallOf(event));
export const fallback: RequestHandler = () => apiMethodNotAllowed(['GET']);
