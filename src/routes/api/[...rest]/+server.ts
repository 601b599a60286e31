import type { RequestHandler } from './$types';
import { apiNotFound } from '$lib/server/api/endpoint';

/** Any address under /api/ outside v1: a JSON 404, never the HTML error page. */
export const fallback: RequestHandler = () => apiNotFound();
