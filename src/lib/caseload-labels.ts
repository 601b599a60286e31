/** Dutch words of the caseload page and the sprints (rule 9). */

export const STAGE_LABELS = {
	assessment: 'Beoordeling',
	offered: 'Aangeboden',
	vv: 'V&V',
	monitoring: 'Monitoring'
} as const;

/** What each stage holds, for the explanation under the table. */
export const STAGE_HINTS = {
	assessment: 'open zaak, nog niet aangeboden aan een ketenpartner',
	offered: 'open overdracht (aangeboden, of geaccepteerd en de warme overdracht volgt nog)',
	vv: 'V&V-traject van Veilig Thuis loopt',
	monitoring: 'zaak afgesloten, monitoring nog vast te leggen'
} as const;

export const SPRINT_KIND_LABELS: Record<string, string> = { sprintweek: 'Sprintweek', focusgroep: 'Focusgroep' };

export const SPRINT_PHASE_LABELS: Record<string, string> = { planned: 'Gepland', running: 'Loopt', finished: 'Afgelopen' };

export const SPRINT_TARGET_LABELS: Record<string, string> = {
	assessments_completed: 'Aantal afgeronde veiligheidsbeoordelingen',
	werkvoorraad_at_most: 'Werkvoorraad terugbrengen tot hoogstens'
};

/** The target in words: "20 beoordelingen afronden", "werkvoorraad naar 15 of minder". */
export function targetText(kind: string, value: number): string {
	return kind === 'assessments_completed'
		? `${value} ${value === 1 ? 'beoordeling' : 'beoordelingen'} afronden`
		: `werkvoorraad naar ${value} of minder`;
}

/** The scope of a sprint in words. */
export function scopeText(s: {
	subregionName: string | null;
	municipalityName: string | null;
	urgentOnly: boolean;
	olderThanDays: number | null;
}): string {
	const parts = [
		s.municipalityName ? `gemeente ${s.municipalityName}` : s.subregionName ? `subregio ${s.subregionName}` : 'de hele regio',
		s.urgentOnly ? 'alleen spoed' : null,
		s.olderThanDays ? `meldingen ouder dan ${s.olderThanDays} dagen bij de start` : null
	];
	return parts.filter(Boolean).join(', ');
}

/** How a median waiting time reads: "6,5 dagen", "–" when there is none. */
export function daysText(days: number | null): string {
	if (days === null) return '–';
	const n = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 }).format(days);
	return `${n} ${days === 1 ? 'dag' : 'dagen'}`;
}

/** The definition of the assessment waiting time, as the page states it. */
export const WAITING_TIME_DEFINITION =
	'Wachttijd beoordeling: het aantal kalenderdagen van de melding tot de afgeronde veiligheidsbeoordeling. Per week is het de mediaan over de beoordelingen die in die week zijn afgerond én de meldingen die aan het eind van die week nog op hun beoordeling wachtten (die tellen tot het eind van de week; deze week: tot nu). De helft van de gezinnen wacht korter, de helft langer.';
