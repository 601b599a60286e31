/** Dutch labels for V&V-trajecten. */
export const SIDE_LABELS: Record<string, string> = { vt: 'Veilig Thuis', partner: 'Ketenpartner' };

export const CONDITION_STATUS_LABELS: Record<string, string> = {
	open: 'Open',
	nagekomen: 'Nagekomen',
	niet_nagekomen: 'Niet nagekomen'
};

/** Whole calendar days from `today` to `due` (both YYYY-MM-DD); negative when overdue. */
export function daysUntil(today: string, due: string): number {
	return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** "nog 12 dagen", "vandaag", "3 dagen over de termijn". */
export function termLabel(today: string, due: string): string {
	const n = daysUntil(today, due);
	if (n === 0) return 'verloopt vandaag';
	if (n > 0) return `nog ${n} ${n === 1 ? 'dag' : 'dagen'}`;
	return `${-n} ${n === -1 ? 'dag' : 'dagen'} over de termijn`;
}
