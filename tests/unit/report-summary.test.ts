import { describe, expect, it } from 'vitest';
import { rankedChanges, summarise, type ReportNorms } from '../../src/lib/dashboard/summary.ts';
import { changeOf } from '../../src/lib/dashboard/compare.ts';
import { csvFileName, csvTables, figureTables, toCsv } from '../../src/lib/dashboard/tables.ts';
import { gridPeriod } from '../../src/lib/dashboard/grid.ts';
import { KEY_METRICS, METRICS } from '../../src/lib/server/dashboard/metrics.ts';
import type { Area, DashboardFigures, MetricName, Published } from '../../src/lib/dashboard/types.ts';

const NORMS: ReportNorms = { assessmentDays: { regulier: 5, spoed: 3 }, responseMinutes: { regulier: 960, spoed: 240 } };
const P12 = gridPeriod(2026, 12);
const P13 = gridPeriod(2026, 13);
const P11 = gridPeriod(2026, 11);

/** Haarlemmermeer: a gemeente that is its own subregion, as in Kennemerland. */
const AREAS: Area[] = [
	{ id: 'GM0394', name: 'Haarlemmermeer', level: 'gemeente' },
	{ id: 'haarlemmermeer', name: 'Haarlemmermeer', level: 'subregio' },
	{ id: 'regio', name: 'Regio Kennemerland', level: 'regio' }
];

type Cells = [Published, Published, Published];
/** Figures of a gemeente: per metric [gemeente, subregio, regio] now and the gemeente's previous value. */
function figures(now: Partial<Record<MetricName, Cells>>, previous: Partial<Record<MetricName, Published>>): DashboardFigures {
	return {
		scope: { kind: 'gemeente', id: 'GM0394', name: 'Haarlemmermeer' },
		range: { from: P12, to: P13, periods: [P12, P13] },
		period: P13,
		previous: P12,
		areas: AREAS,
		key: KEY_METRICS.map((metric) => {
			const cells = now[metric] ?? ['<5', '<5', 40];
			return {
				metric,
				label: METRICS[metric].label,
				kind: METRICS[metric].kind,
				values: Object.fromEntries(AREAS.map((a, i) => [a.id, cells[i]])),
				previous: previous[metric] ?? '<5',
				total: null,
				series: [
					{ period: P12.id, value: previous[metric] ?? '<5' },
					{ period: P13.id, value: cells[0] }
				]
			};
		}),
		onTimeShare: null,
		partners: [],
		declineReasons: [],
		waiting: [],
		bottleneck: { stages: [], subregions: [{ id: 'haarlemmermeer', name: 'Haarlemmermeer' }], slowest: null },
		publishedAt: '2026-12-08T06:00:00Z'
	};
}

describe('the report summary', () => {
	const f = figures(
		{
			reports: [110, 110, 600],
			offered: [50, 50, 300],
			assessed_on_time: [60, 60, 500],
			assessed_late: [32, 32, 60],
			declined: [14, 14, 45],
			breached: [6, 6, 20],
			waiting: [21, 21, 90]
		},
		{ reports: 100, offered: 48, assessed_on_time: 70, assessed_late: 18, declined: 10, breached: 6, waiting: 20 }
	);

	it('leads with the largest changes of all figures, also ones outside the old fixed list', () => {
		const ranked = rankedChanges(f).map((r) => r.metric);
		// late assessments +78% and declines +40% were not in the old watched list; they now lead
		expect(ranked.slice(0, 2)).toEqual(['assessed_late', 'declined']);
		const s = summarise(f, NORMS);
		expect(s.changes[0]).toBe('Veiligheidsbeoordelingen te laat: +78% (slechter), 32 tegen 18 in de vorige periode.');
		expect(s.changes[1]).toMatch(/^Overdrachten afgewezen: \+40% \(slechter\)/);
		// fewer than 10% change is not named as a change
		expect(s.changes.join(' ')).not.toMatch(/Overdrachten aangeboden/);
	});

	it('states performance against the norms in force and the streefwaarde', () => {
		const s = summarise(f, NORMS);
		expect(s.norms[0]).toBe(
			'Veiligheidsbeoordelingen binnen de norm (5 werkdagen na de melding, bij spoed 3 werkdagen): 65% van 92; streefwaarde 90%, onder de streefwaarde.'
		);
		expect(s.norms[1]).toMatch(/reactietermijn \(2 werkdagen, bij spoed 4 werkuur\): bij 12% van de 50 .* 88% werd op tijd beantwoord/);
	});

	it('compares the gemeente with its subregion and the region', () => {
		const s = summarise(f, NORMS);
		expect(s.comparison[0]).toBe(
			'Beoordelingen binnen de norm: Haarlemmermeer 65% (Haarlemmermeer 65%, Regio Kennemerland 89%); slechter dan de regio.'
		);
	});

	it('never compares or reveals a suppressed figure', () => {
		const hidden = figures(
			{
				assessed_on_time: [40, 'afgeschermd', 500],
				assessed_late: ['<5', 'afgeschermd', 60],
				declined: ['afgeschermd', 'afgeschermd', 45],
				offered: [50, 50, 300],
				breached: ['<5', 'afgeschermd', 20]
			},
			{ assessed_on_time: 30, assessed_late: 9, declined: '<5', offered: 40 }
		);
		// a suppressed value never takes part in a change …
		expect(changeOf('assessed_late', '<5', 9)).toBeNull();
		expect(changeOf('declined', 'afgeschermd', '<5')).toBeNull();
		const s = summarise(hidden, NORMS);
		const text = [...s.changes, ...s.norms, ...s.comparison, ...s.stages].join('\n');
		// … nor in a share: on time 40 of (40 + <5) would give the small count away
		expect(text).toMatch(/binnen de norm .*: niet te berekenen/);
		expect(text).not.toMatch(/\d+% van \d/);
		expect(text).not.toMatch(/op tijd beantwoord/);
		expect(rankedChanges(hidden).map((r) => r.metric)).toEqual(['assessed_on_time', 'offered']);
		expect(s.changes.at(-1)).toMatch(/afgeschermd .* niet vergeleken/);
		// the only shares in the comparison are of counts published in both areas
		expect(s.comparison.join(' ')).not.toMatch(/%\s*\(Haarlemmermeer \d/);
	});
});

describe('CSV exports', () => {
	const f = figures({ reports: [110, 110, 600], assessed_late: [32, 32, 60] }, { reports: 100 });
	f.bottleneck.stages = [
		{ id: 'assessment', label: 'Melding → veiligheidsbeoordeling', current: { median: 4320, p90: 8640 }, previous: null, bySubregion: {} }
	];

	it('names the file after the last day of the period the screen shows', () => {
		// period 13 of 2026 ends on Sunday 3 January 2027 (week 53); the screen says "t/m 3 jan 2027"
		expect(csvFileName(f, 'kerncijfers')).toBe('doorstroom-gm0394-2026-11-02-tm-2027-01-03-kerncijfers.csv');
		const one = { ...f, range: { from: P11, to: P11, periods: [P11] } };
		expect(csvFileName(one, 'kerncijfers')).toBe('doorstroom-gm0394-2026-10-05-tm-2026-11-01-kerncijfers.csv');
	});

	it('heads every column differently, also when a gemeente is its own subregion', () => {
		const header = figureTables(f).find((t) => t.id === 'kerncijfers')!.header;
		expect(new Set(header).size).toBe(header.length);
		expect(header.slice(1, 3)).toEqual(['Haarlemmermeer', 'Subregio Haarlemmermeer']);
	});

	it('writes numbers as numbers and durations in days with the unit in the header', () => {
		const csv = toCsv(csvTables(f).find((t) => t.id === 'knelpunten')!);
		const [head, row] = csv.replace('\ufeff', '').split('\r\n');
		expect(head).toContain('"Mediaan deze periode (dagen)"');
		expect(row.split(';').slice(1, 3)).toEqual(['3', '6']);
		const key = toCsv(csvTables(f).find((t) => t.id === 'kerncijfers')!).split('\r\n');
		const reports = key.find((l) => l.startsWith('"Meldingen"'))!.split(';');
		expect(reports.slice(1, 4)).toEqual(['110', '110', '600']);
		// a suppressed count stays a text, never a number
		expect(key.find((l) => l.startsWith('"Reactietermijn verstreken"'))!.split(';')[1]).toBe('"<5"');
	});
});
