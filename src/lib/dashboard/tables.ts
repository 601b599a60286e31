import { DECLINE_REASON_LABELS } from '../handover-labels.ts';
import { formatCount, formatMinutes } from './format.ts';
import { periodLabel, periodName } from './grid.ts';
import type { DashboardFigures, Duration, MetricName, Published, Total } from './types.ts';

/** One table of the dashboard: the data-table alternative of a chart, a CSV export, a report page. */
export interface FigureTable {
	id: TableId;
	title: string;
	header: string[];
	rows: string[][];
}

export const TABLE_IDS = ['kerncijfers', 'per-periode', 'ketenpartners', 'afwijsredenen', 'wachttijden', 'knelpunten'] as const;
export type TableId = (typeof TABLE_IDS)[number];

const PARTNER_COLUMNS: [MetricName, string][] = [
	['offered', 'Aangeboden'],
	['accepted', 'Geaccepteerd'],
	['declined', 'Afgewezen'],
	['withdrawn', 'Ingetrokken'],
	['breached', 'Termijn verstreken'],
	['completed', 'Warme overdracht afgerond']
];

const minutes = (d: Duration, which: 'median' | 'p90') => (d && d[which] !== null ? formatMinutes(d[which]) : '–');
const count = (v: Published | null | undefined) => (v === undefined || v === null ? '–' : formatCount(v));
const total = (v: Total) => (v === null ? 'niet te tonen' : formatCount(v));

/** The figures drawn per period (and listed in the table per period). */
export const TREND_METRICS: MetricName[] = ['reports', 'offered', 'accepted', 'declined', 'assessment_backlog', 'waiting'];

/** The change from the previous period in words ("+12%", "gelijk"), when both are published and the previous is not zero. */
export function change(current: Published | number | null | undefined, previous: Published | number | null | undefined): string {
	if (typeof current !== 'number' || typeof previous !== 'number' || previous === 0) return '–';
	const pct = Math.round(((current - previous) / previous) * 100);
	return pct === 0 ? 'gelijk' : `${pct > 0 ? '+' : ''}${pct}%`;
}

/** Every table of the figures, in the order of the page. */
export function figureTables(f: DashboardFigures): FigureTable[] {
	const main = f.areas[0].name;
	const stageChange = (a: Duration, b: Duration) => change(a?.median ?? null, b?.median ?? null);
	const several = f.range.periods.length > 1;
	const trend = TREND_METRICS.map((m) => f.key.find((k) => k.metric === m)!).filter(Boolean);
	return [
		{
			id: 'kerncijfers',
			title: `Kerncijfers, ${periodName(f.period)}`,
			header: [
				'Cijfer',
				...f.areas.map((a) => a.name),
				`Vorige periode (${main})`,
				'Verschil',
				...(several ? [`Totaal ${f.range.periods.length} periodes (${main})`] : [])
			],
			rows: f.key.map((k) => [
				k.label + (k.kind === 'state' ? ' (aan het einde van de periode)' : ''),
				...f.areas.map((a) => formatCount(k.values[a.id])),
				count(k.previous),
				change(k.values[f.areas[0].id], k.previous),
				...(several ? [k.kind === 'event' ? total(k.total) : 'n.v.t.'] : [])
			])
		},
		{
			id: 'per-periode',
			title: `Per periode (${main})`,
			header: ['Periode', ...trend.map((k) => k.label + (k.kind === 'state' ? ' (einde periode)' : ''))],
			rows: f.range.periods.map((p, i) => [periodLabel(p), ...trend.map((k) => formatCount(k.series[i].value))])
		},
		{
			id: 'ketenpartners',
			title: `Overdrachten per ketenpartner (${main})`,
			header: [
				'Ketenpartner',
				...PARTNER_COLUMNS.map(([, l]) => l),
				'Tijd tot acceptatie (mediaan)',
				'Tijd tot acceptatie (p90)',
				'Tijd tot afgeronde warme overdracht (mediaan)',
				'Tijd tot afgeronde warme overdracht (p90)'
			],
			rows: f.partners.map((p) => [
				p.name,
				...PARTNER_COLUMNS.map(([m]) => count(p.values[m])),
				minutes(p.toAccept, 'median'),
				minutes(p.toAccept, 'p90'),
				minutes(p.toComplete, 'median'),
				minutes(p.toComplete, 'p90')
			])
		},
		{
			id: 'afwijsredenen',
			title: `Afwijzingen per reden (${main})`,
			header: ['Reden', 'Aantal'],
			rows: f.declineReasons.map((r) => [DECLINE_REASON_LABELS[r.reason] ?? r.reason, formatCount(r.value)])
		},
		{
			id: 'wachttijden',
			title: `Wachten op zorg van een consortium (${main})`,
			header: [
				'Zorgvorm',
				'Norm',
				'Gezinnen wachtend',
				'Langer dan de norm',
				'Waargenomen wachttijd (mediaan)',
				'Waargenomen wachttijd (p90)',
				'Gemelde wachttijd'
			],
			rows: f.waiting.map((w) => [
				w.careType,
				`${w.normDays} dagen`,
				formatCount(w.waiting),
				formatCount(w.overNorm),
				minutes(w.observed, 'median'),
				minutes(w.observed, 'p90'),
				w.reported.map((r) => `${r.consortium}, ${r.subregion}: ${r.days} dagen`).join('; ') || 'niet gemeld'
			])
		},
		{
			id: 'knelpunten',
			title: 'Waar gezinnen het langst wachten',
			header: [
				'Fase',
				'Mediaan deze periode',
				'p90 deze periode',
				'Mediaan vorige periode',
				'Verschil',
				...f.bottleneck.subregions.map((s) => `Mediaan ${s.name}`)
			],
			rows: f.bottleneck.stages.map((s) => [
				s.label,
				minutes(s.current, 'median'),
				minutes(s.current, 'p90'),
				minutes(s.previous, 'median'),
				stageChange(s.current, s.previous),
				...f.bottleneck.subregions.map((sr) => minutes(s.bySubregion[sr.id] ?? null, 'median'))
			])
		}
	];
}

/** A table as CSV for Dutch spreadsheets: semicolons, quoted cells, a BOM so Excel reads UTF-8. */
export function toCsv(table: FigureTable): string {
	const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
	return '\ufeff' + [table.header, ...table.rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
