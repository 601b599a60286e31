/** What a partner system's API token may do. */
export const API_SCOPES = ['handovers:read', 'handovers:answer', 'waiting-times:read', 'waiting-times:write', 'dashboard:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Dutch explanation of each scope (token page, API reference). */
export const API_SCOPE_LABELS: Record<ApiScope, string> = {
	'handovers:read': 'Overdrachten lezen: de aanbiedingen aan uw organisatie en de zaakinformatie die daarbij hoort',
	'handovers:answer': 'Overdrachten beantwoorden: accepteren of afwijzen namens uw organisatie',
	'waiting-times:read': 'Wachttijden lezen: de actuele wachttijden die uw consortium heeft gemeld (alleen consortia)',
	'waiting-times:write': 'Wachttijden melden: de wachttijd per zorgvorm en subregio doorgeven (alleen consortia)',
	'dashboard:read':
		'Doorstroomcijfers lezen: de cijfers van uw gemeente (stuurgroep: de regio), kleine aantallen afgeschermd (alleen gemeenten en stuurgroep)'
};

const PARTNERS = ['cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp'];

/** Organisations that may have API tokens: the partners (their registration systems), gemeenten and the stuurgroep (their BI tools). */
export const TOKEN_KINDS: readonly string[] = [...PARTNERS, 'gemeente', 'stuurgroep'];

/** Which organisation kinds may hold each scope: handovers are the partners', waiting times the consortia's, figures the gemeenten's. */
const SCOPE_KINDS: Record<ApiScope, string[]> = {
	'handovers:read': PARTNERS,
	'handovers:answer': PARTNERS,
	'waiting-times:read': ['consortium'],
	'waiting-times:write': ['consortium'],
	'dashboard:read': ['gemeente', 'stuurgroep']
};

/** Why a scope does not fit an organisation (Dutch). */
export const SCOPE_HOLDERS: Record<ApiScope, string> = {
	'handovers:read': 'ketenpartners',
	'handovers:answer': 'ketenpartners',
	'waiting-times:read': 'consortia: zij melden hun wachttijden',
	'waiting-times:write': 'consortia: zij melden hun wachttijden',
	'dashboard:read': 'gemeenten en de stuurgroep'
};

/** The scopes a token of an organisation of this kind may hold. */
export function scopesFor(kind: string): ApiScope[] {
	return API_SCOPES.filter((s) => SCOPE_KINDS[s].includes(kind));
}
