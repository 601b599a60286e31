/** What a partner system's API token may do. */
export const API_SCOPES = ['handovers:read', 'handovers:answer'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Dutch explanation of each scope (token page, API reference). */
export const API_SCOPE_LABELS: Record<ApiScope, string> = {
	'handovers:read': 'Overdrachten lezen: de aanbiedingen aan uw organisatie en de zaakinformatie die daarbij hoort',
	'handovers:answer': 'Overdrachten beantwoorden: accepteren of afwijzen namens uw organisatie'
};
