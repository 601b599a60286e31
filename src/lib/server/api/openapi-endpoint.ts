import { json } from './http.ts';
import { openApiDocument } from './openapi.ts';

/** GET /api/v1/openapi.json: the API description, no token needed; the server address is the request's origin. */
export function openApiEndpoint(request: Request): Response {
	return json(openApiDocument(new URL(request.url).origin));
}
