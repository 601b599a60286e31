import type { RequestHandler } from './$types';
import { apiCallOf, apiDeps } from '$lib/server/api/deps';
import { dashboardEndpoint } from '$lib/server/dashboard/api';
import { apiMethodNotAllowed } from '$lib/server/api/endpoint';

export const GET: RequestHandler = (event) => dashboardEndpoint(apiDeps(), apiCallOf(event));
export const fallback: RequestHandler = () => apiMethodNotAllowed(['GET']);
