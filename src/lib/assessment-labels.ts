/** Where a safety assessment stands against its norm (rule 1); see src/lib/server/cases/lateness.ts. */
export type AssessmentState = 'open' | 'overdue' | 'on_time' | 'late';

/** Short Dutch words for the werkvoorraad and the case page. */
export const ASSESSMENT_STATE_LABELS: Record<AssessmentState, string> = {
	open: 'Binnen de termijn',
	overdue: 'Te laat',
	on_time: 'Op tijd afgerond',
	late: 'Te laat afgerond'
};
