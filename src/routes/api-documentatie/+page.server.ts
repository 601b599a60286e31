import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { openApiDocument } from '$lib/server/api/openapi';
import { API_SCOPE_LABELS, API_SCOPES } from '$lib/server/api/scopes';

export const load: PageServerLoad = (event) => {
	requireUser(event);
	return {
		doc: openApiDocument(event.url.origin),
		scopes: API_SCOPES.map((value) => ({ value, label: API_SCOPE_LABELS[value] }))
	};
};
