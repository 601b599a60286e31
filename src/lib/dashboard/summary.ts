import { formatCount, formatMinutes } from './format.ts';
import { change } from './tables.ts';
import type { DashboardFigures, MetricName } from './types.ts';

const WATCHED: MetricName[] = [
	'reports',
	'offered',
	'accepted',
	'breached',
	'assessment_backlog',
	'waiting',
	'checkins_overdue',
	'monitoring_overdue'
];

/**
 * A short generated summary of what changed against the previous period, for the report to the
 * Ambtelijk Overleg. Only published figures are used; a suppressed figure is named as too small.
 */
export function summarise(f: DashboardFigures): string[] {
	const main = f.areas[0].id;
	const lines: string[] = [];
	for (const metric of WATCHED) {
		const k = f.key.find((x) => x.metric === metric);
		if (!k) continue;
		const now = k.values[main];
		if (typeof now !== 'number' && typeof k.previous !== 'number') continue;
		const diff = change(now, k.previous);
		const label = k.label.charAt(0).toUpperCase() + k.label.slice(1);
		const before = k.previous === null ? 'niet gepubliceerd' : formatCount(k.previous);
		if (typeof now !== 'number' || typeof k.previous !== 'number')
			lines.push(`${label}: ${formatCount(now)} (vorige periode ${before}); afgeschermd, dus niet te vergelijken.`);
		else lines.push(`${label}: ${formatCount(now)} (vorige periode ${before}${diff === '–' ? '' : `, ${diff}`}).`);
	}
	if (f.onTimeShare !== null) lines.push(`${Math.round(f.onTimeShare * 100)}% van de veiligheidsbeoordelingen was binnen de norm klaar.`);
	const slowest = f.bottleneck.stages.find((s) => s.id === f.bottleneck.slowest);
	if (slowest?.current) {
		const before = slowest.previous ? `; vorige periode ${formatMinutes(slowest.previous.median)}` : '';
		lines.push(`Gezinnen wachten het langst in de fase "${slowest.label}": mediaan ${formatMinutes(slowest.current.median)}${before}.`);
	}
	const spread = f.bottleneck.stages
		.map((s) => {
			const medians = f.bottleneck.subregions.map((sr) => ({ name: sr.name, d: s.bySubregion[sr.id] })).filter((x) => x.d);
			if (medians.length < 2) return null;
			medians.sort((a, b) => b.d!.median - a.d!.median);
			const [high, low] = [medians[0], medians[medians.length - 1]];
			return low.d!.median > 0 && high.d!.median >= 1.5 * low.d!.median ? { s, high, low } : null;
		})
		.filter((x) => x !== null);
	for (const { s, high, low } of spread) {
		lines.push(
			`Niet overal gelijk: "${s.label}" duurt in ${high.name} ${formatMinutes(high.d!.median)} tegen ${formatMinutes(low.d!.median)} in ${low.name}.`
		);
	}
	return lines;
}
