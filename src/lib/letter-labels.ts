/** The ways a melder can be informed, with their Dutch labels. */
export const INFORMED_HOW = ['brief', 'telefonisch', 'e-mail', 'persoonlijk'] as const;
export type InformedHow = (typeof INFORMED_HOW)[number];
export const INFORMED_HOW_LABELS: Record<InformedHow, string> = {
	brief: 'per brief',
	telefonisch: 'telefonisch',
	'e-mail': 'per e-mail',
	persoonlijk: 'persoonlijk'
};
