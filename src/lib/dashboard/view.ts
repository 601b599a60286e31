import type { DashboardFigures } from './types.ts';

const at = new Intl.DateTimeFormat('nl-NL', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Amsterdam'
});

/** An instant as "23 nov 2026 om 21:30" in Dutch time. */
export function moment(value: Date | string): string {
	const parts = at.formatToParts(new Date(value));
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${get('day')} ${get('month')} ${get('year')} om ${get('hour')}:${get('minute')}`;
}

/**
 * The key-figure columns split to fit an A4 page: the region with its subregio's and the comparison,
 * then the gemeenten, `perPage` at a time (column indexes of the kerncijfers table; 0 is the figure's name).
 */
export function keyFigureColumnSets(f: DashboardFigures, perPage = 5): { title: string; columns: number[] }[] {
	const all = f.areas.map((_, i) => i + 1);
	// the previous period and the change, and the total over the periods when there are several
	const comparison = [f.areas.length + 1, f.areas.length + 2, ...(f.range.periods.length > 1 ? [f.areas.length + 3] : [])];
	if (f.scope.kind !== 'regio') return [{ title: 'Kerncijfers', columns: [0, ...all, ...comparison] }];
	const gemeenten = f.areas.flatMap((a, i) => (a.level === 'gemeente' ? [i + 1] : []));
	const rest = all.filter((c) => !gemeenten.includes(c));
	const chunks: number[][] = [];
	for (let i = 0; i < gemeenten.length; i += perPage) chunks.push(gemeenten.slice(i, i + perPage));
	return [
		{ title: "Kerncijfers: regio en subregio's", columns: [0, ...rest, ...comparison] },
		...chunks.map((columns, i) => ({
			title: `Kerncijfers per gemeente${chunks.length > 1 ? ` (${i + 1} van ${chunks.length})` : ''}`,
			columns: [0, ...columns]
		}))
	];
}
