/** How the capacity figures read (handovers/capacity.ts): minutes to accept and waiting days. */

/** A median time to accept: "35 min", "5 uur", "3 dagen". */
export function acceptLabel(minutes: number | null): string {
	if (minutes === null) return '–';
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.round(minutes / 60);
	if (hours < 48) return `${hours} uur`;
	const days = Math.round(hours / 24);
	return `${days} dagen`;
}

/** Waiting days: "98 dagen (14 weken)" from two weeks on, else "10 dagen"; "–" when unknown. */
export function waitDaysLabel(days: number | null): string {
	if (days === null) return '–';
	const d = `${days} ${days === 1 ? 'dag' : 'dagen'}`;
	return days >= 14 ? `${d} (${Math.round(days / 7)} wk)` : d;
}

/** The value an over-norm confirmation carries: the choice it confirms (handovers/capacity.ts overNormKey). */
export const overNormKey = (toOrgId: string, careTypeId: string) => `${toOrgId}|${careTypeId}`;
