import type { HttpMethod, OpenApiDocument, OperationObject, PathItemObject } from './openapi-types.ts';
import { API_SCOPES, scopesFor, TOKEN_KINDS, type ApiScope } from './scopes.ts';

/** Who reads the API documentation: a gemeente or the stuurgroep (figures), a partner, a consortium, or Veilig Thuis (everything). */
export type ApiAudience = 'cijfers' | 'partner' | 'consortium' | 'alles';

/** The audience of a reader from their organisation's kind. */
export function apiAudience(kind: string | null | undefined): ApiAudience {
	if (kind === 'gemeente' || kind === 'stuurgroep') return 'cijfers';
	if (kind === 'consortium') return 'consortium';
	if (kind && TOKEN_KINDS.includes(kind)) return 'partner';
	return 'alles';
}

const AUDIENCE_TAGS: Record<ApiAudience, string[] | null> = {
	cijfers: ['Doorstroom', 'Beschrijving'],
	partner: ['Overdrachten', 'Beschrijving'],
	consortium: ['Overdrachten', 'Wachttijden', 'Beschrijving'],
	alles: null
};

function refsIn(value: unknown, found: Set<string>): void {
	if (Array.isArray(value)) for (const v of value) refsIn(v, found);
	else if (value && typeof value === 'object') {
		for (const [key, v] of Object.entries(value)) {
			if (key === '$ref' && typeof v === 'string') found.add(v.split('/').at(-1) ?? v);
			else refsIn(v, found);
		}
	}
}

/**
 * The API description as a reader of this organisation kind needs it: only the operations their
 * tokens may call (a gemeente never reads about answering handovers), the data types and
 * responses those use, and the scopes their tokens may hold. Veilig Thuis (and anyone without a
 * token kind) sees all of it.
 */
export function documentFor(doc: OpenApiDocument, kind: string | null | undefined): { doc: OpenApiDocument; scopes: ApiScope[] } {
	const audience = apiAudience(kind);
	const tags = AUDIENCE_TAGS[audience];
	if (!tags || !kind) return { doc, scopes: [...API_SCOPES] };
	const paths: OpenApiDocument['paths'] = {};
	for (const [path, item] of Object.entries(doc.paths)) {
		const ops = (Object.entries(item) as [HttpMethod, OperationObject][]).filter(([, op]) => op.tags.some((t) => tags.includes(t)));
		if (ops.length) paths[path] = Object.fromEntries(ops) as PathItemObject;
	}
	// the data types the kept operations use, followed through the types and responses they name
	const names = new Set<string>();
	refsIn(paths, names);
	const schemas: OpenApiDocument['components']['schemas'] = {};
	const responses: OpenApiDocument['components']['responses'] = {};
	for (let size = -1; size !== names.size;) {
		size = names.size;
		for (const name of [...names]) {
			const s = doc.components.schemas[name];
			if (s && !schemas[name]) refsIn((schemas[name] = s), names);
			const r = doc.components.responses[name];
			if (r && !responses[name]) refsIn((responses[name] = r), names);
		}
	}
	return {
		doc: {
			...doc,
			tags: doc.tags.filter((t) => tags.includes(t.name)),
			paths,
			components: {
				...doc.components,
				schemas: Object.fromEntries(
					Object.keys(doc.components.schemas)
						.filter((n) => schemas[n])
						.map((n) => [n, schemas[n]])
				),
				responses
			}
		},
		scopes: scopesFor(kind)
	};
}
