import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { openApiDocument } from '$lib/server/api/openapi';
import { API_SCOPE_LABELS } from '$lib/server/api/scopes';
import { apiAudience, documentFor } from '$lib/server/api/reader';

export const load: PageServerLoad = (event) => {
	const auth = requireUser(event);
	// the reader's organisation decides what the page describes: a gemeente reads about its figures, not about handovers
	const kind = auth.active?.kind ?? null;
	const { doc, scopes } = documentFor(openApiDocument(event.url.origin), kind);
	return {
		doc,
		audience: apiAudience(kind),
		scopes: scopes.map((value) => ({ value, label: API_SCOPE_LABELS[value] }))
	};
};
