/** Dutch labels for safety check-ins (shared by the list and the record page). */
export const OUTCOME_LABELS: Record<string, string> = { veilig: 'Veilig', zorgen: 'Zorgen', escalatie: 'Escalatie' };

export const OUTCOME_HINTS: Record<string, string> = {
	veilig: 'Het gezin is veilig en de veiligheidsafspraken worden nagekomen.',
	zorgen: 'Er zijn zorgen, maar geen acute onveiligheid. Licht toe wat u ziet en wat u afspreekt.',
	escalatie: 'Het gezin is niet veilig of de situatie verslechtert. De teamcoördinatoren krijgen direct een melding.'
};

export const OUTCOME_BADGES: Record<string, string> = { veilig: 'safe', zorgen: 'warning', escalatie: 'danger' };

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type DueTone = 'late' | 'today' | 'soon' | 'planned';

/** Where a check-in due on `dueOn` stands today: te laat, vandaag, binnen een week, gepland. */
export function dueStatus(today: string, dueOn: string): { tone: DueTone; label: string } {
	const n = daysBetween(today, dueOn);
	if (n < 0) return { tone: 'late', label: `Te laat: ${-n} ${n === -1 ? 'dag' : 'dagen'}` };
	if (n === 0) return { tone: 'today', label: 'Vandaag' };
	if (n <= 7) return { tone: 'soon', label: n === 1 ? 'Morgen' : `Over ${n} dagen` };
	return { tone: 'planned', label: `Over ${n} dagen` };
}

export const TONE_BADGES: Record<DueTone, string> = { late: 'danger', today: 'warning', soon: 'neutral', planned: 'inactive' };

/** A zorgvorm in running text: "Intensieve ambulante hulp (IHUB)" → "intensieve ambulante hulp (IHUB)". */
export function inText(name: string): string {
	return name.charAt(0).toLowerCase() + name.slice(1);
}

/** "12 dagen", "1 dag". */
export function dayCount(n: number): string {
	return `${n} ${n === 1 ? 'dag' : 'dagen'}`;
}
