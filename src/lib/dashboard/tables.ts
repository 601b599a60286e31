import { DECLINE_REASON_LABELS } from '../handover-labels.ts';
import { formatCount, formatMinutes } from './format.ts';
import { periodEnd, periodLabel, periodName } from './grid.ts';
import { changeOf } from './compare.ts';
import type { Area, DashboardFigures, Duration, MetricName, Published, Total } from './types.ts';

/** One table of the dashboard: the data-table alternative of a chart, a report page. */
export interface FigureTable {
	id: TableId;
	title: string;
	header: string[];
	rows: string[][];
}

/** The same table for a CSV export: counts and durations as numbers (durations in days, the unit in the header). */
export interface CsvTable {
	id: TableId;
	title: string;
	header: string[];
	rows: (string | number)[][];
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

/**
 * How a table's cells are written: for the screen as Dutch text ("3,5 dagen", "1.234"), for a CSV
 * export as numbers (durations in days, the unit in the column header); a suppressed count stays
 * the text "<5" or "afgeschermd" in both.
 */
interface Cells {
	csv: boolean;
	/** A column header of a duration: "(dagen)" added in a CSV. */
	durationHeader(h: string): string;
	minutes(d: Duration, which: 'median' | 'p90'): string | number;
	count(v: Published | null | undefined): string | number;
	total(v: Total): string | number;
	days(n: number): string | number;
	change(
		metric: MetricName | 'lower' | null,
		current: Published | number | null | undefined,
		previous: Published | number | null | undefined
	): string | number;
}

const SCREEN: Cells = {
	csv: false,
	durationHeader: (h) => h,
	minutes: (d, which) => (d && d[which] !== null ? formatMinutes(d[which]) : '–'),
	count: (v) => (v === undefined || v === null ? '–' : formatCount(v)),
	total: (v) => (v === null ? 'niet te tonen' : formatCount(v)),
	days: (n) => `${n} dagen`,
	change: (metric, current, previous) => {
		const c = metric ? changeOf(metric, current, previous) : null;
		if (!c) return change(current, previous);
		return c.verdict === 'beter' || c.verdict === 'slechter' ? `${change(current, previous)}, ${c.verdict}` : change(current, previous);
	}
};

const CSV: Cells = {
	csv: true,
	durationHeader: (h) => `${h} (dagen)`,
	minutes: (d, which) => (d && d[which] !== null ? Math.round((d[which] / 1440) * 100) / 100 : ''),
	count: (v) => (v === undefined || v === null ? '' : v),
	total: (v) => (v === null ? 'niet te tonen' : v),
	days: (n) => n,
	change: (_metric, current, previous) => {
		if (typeof current !== 'number' || typeof previous !== 'number' || previous === 0) return '';
		return Math.round(((current - previous) / previous) * 100);
	}
};

/**
 * The column header of an area: its name, and "Subregio …" for a subregion named like one of the
 * gemeenten (Haarlemmermeer is a gemeente and its own subregion), so no two columns are headed alike.
 */
export function areaHeader(area: Area, areas: Area[]): string {
	const twin = areas.some((a) => a !== area && a.name === area.name);
	return twin && area.level === 'subregio' ? `Subregio ${area.name}` : area.name;
}

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
	return tablesOf(f, SCREEN) as FigureTable[];
}

/** Every table of the figures for a CSV export: numbers as numbers, durations in days. */
export function csvTables(f: DashboardFigures): CsvTable[] {
	return tablesOf(f, CSV);
}

function tablesOf(f: DashboardFigures, cells: Cells): CsvTable[] {
	const { minutes, count, total, days } = cells;
	const main = f.areas[0].name;
	const stageChange = (a: Duration, b: Duration) => cells.change('lower', a?.median ?? null, b?.median ?? null);
	const verschil = cells.csv ? 'Verschil (%)' : 'Verschil';
	const several = f.range.periods.length > 1;
	const trend = TREND_METRICS.map((m) => f.key.find((k) => k.metric === m)!).filter(Boolean);
	return [
		{
			id: 'kerncijfers',
			title: `Kerncijfers, ${periodName(f.period)}`,
			header: [
				'Cijfer',
				...f.areas.map((a) => areaHeader(a, f.areas)),
				`Vorige periode (${main})`,
				verschil,
				...(several ? [`Totaal ${f.range.periods.length} periodes (${main})`] : [])
			],
			rows: f.key.map((k) => [
				k.label + (k.kind === 'state' ? ' (aan het einde van de periode)' : ''),
				...f.areas.map((a) => count(k.values[a.id])),
				count(k.previous),
				cells.change(k.metric, k.values[f.areas[0].id], k.previous),
				...(several ? [k.kind === 'event' ? total(k.total) : 'n.v.t.'] : [])
			])
		},
		{
			id: 'per-periode',
			title: `Per periode (${main})`,
			header: ['Periode', ...trend.map((k) => k.label + (k.kind === 'state' ? ' (einde periode)' : ''))],
			rows: f.range.periods.map((p, i) => [periodLabel(p), ...trend.map((k) => count(k.series[i].value))])
		},
		{
			id: 'ketenpartners',
			title: `Overdrachten per ketenpartner (${main})`,
			header: [
				'Ketenpartner',
				...PARTNER_COLUMNS.map(([, l]) => l),
				...[
					'Tijd tot acceptatie (mediaan)',
					'Tijd tot acceptatie (p90)',
					'Tijd tot afgeronde warme overdracht (mediaan)',
					'Tijd tot afgeronde warme overdracht (p90)'
				].map(cells.durationHeader)
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
			rows: f.declineReasons.map((r) => [DECLINE_REASON_LABELS[r.reason] ?? r.reason, count(r.value)])
		},
		{
			id: 'wachttijden',
			title: `Wachten op zorg van een consortium (${main})`,
			header: [
				'Zorgvorm',
				cells.durationHeader('Norm'),
				'Gezinnen wachtend',
				'Langer dan de norm',
				cells.durationHeader('Waargenomen wachttijd (mediaan)'),
				cells.durationHeader('Waargenomen wachttijd (p90)'),
				'Gemelde wachttijd'
			],
			rows: f.waiting.map((w) => [
				w.careType,
				days(w.normDays),
				count(w.waiting),
				count(w.overNorm),
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
				...['Mediaan deze periode', 'p90 deze periode', 'Mediaan vorige periode'].map(cells.durationHeader),
				verschil,
				...f.bottleneck.subregions.map((s) => cells.durationHeader(`Mediaan ${s.name}`))
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

const csvNumber = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2, useGrouping: false });

/**
 * A table as CSV for Dutch spreadsheets: semicolons, text quoted, numbers bare with a decimal
 * comma (so Excel reads them as numbers), a BOM so Excel reads UTF-8.
 */
export function toCsv(table: CsvTable): string {
	const cell = (v: string | number) => (typeof v === 'number' ? csvNumber.format(v) : `"${v.replaceAll('"', '""')}"`);
	return '\ufeff' + [table.header, ...table.rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}

/**
 * The file name of a CSV export: the scope, the first and the last day of the range the screen
 * shows ("t/m 6 dec": the Sunday the last period ends on, not the Monday of its last week), the table.
 */
export function csvFileName(f: DashboardFigures, id: TableId): string {
	const who = (f.scope.id ?? 'regio').toLowerCase();
	return `doorstroom-${who}-${f.range.from.from}-tm-${periodEnd(f.range.to)}-${id}.csv`;
}
