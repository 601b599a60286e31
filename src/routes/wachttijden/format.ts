/** "1 dag", "12 dagen". */
export function daysLabel(days: number): string {
	return `${days} ${days === 1 ? 'dag' : 'dagen'}`;
}

/** A reported waiting time as a planner reads it: "14 weken (98 dagen)", or "10 dagen". */
export function waitLabel(days: number | null | undefined): string {
	if (days == null) return '–';
	return days >= 14 && days % 7 === 0 ? `${days / 7} weken (${days} d)` : daysLabel(days);
}

/** The key of a zorgvorm × subregio cell. */
export const cellKey = (careTypeId: string, subregionId: string) => `${careTypeId}|${subregionId}`;

const amsterdamDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Amsterdam' });

/** The Amsterdam calendar day of an instant, as "23 nov 2026". */
export function dayOf(value: Date | string): string {
	return amsterdamDate.format(new Date(value));
}
