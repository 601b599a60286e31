import type { RequestHandler } from './$types';
import { apiCallOf, apiDeps } from '$lib/server/api/deps';
import { listWaitingTimesEndpoint, reportWaitingTimesEndpoint } from '$lib/server/waiting/api';
import { apiMethodNotAllowed } from '$lib/server/api/endpoint';

export const GET: RequestHandler = (event) => listWaitingTimesEndpoint(apiDeps(), apiCallOf(event));
export const POST: RequestHandler = (event) => reportWaitingTimesEndpoint(apiDeps(), apiCallOf(event));
export const fallback: RequestHandler = () => apiMethodNotAllowed(['GET', 'POST']);
