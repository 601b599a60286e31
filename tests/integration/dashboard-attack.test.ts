import highsLoader from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';
import { seedHistory } from '../../src/lib/server/seed/history.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { publishDuePeriods } from '../../src/lib/server/dashboard/publish.ts';
import { dashboardFigures, publishedPeriods, type DashboardFigures } from '../../src/lib/server/dashboard/figures.ts';
import { rangeFrom } from '../../src/lib/server/dashboard/period.ts';
import { KEY_METRICS, METRICS, PARTNER_METRICS, CARE_TYPE_METRICS, type MetricName } from '../../src/lib/server/dashboard/metrics.ts';
import { DECLINE_REASONS } from '../../src/lib/server/handovers/schema.ts';
import { addDays, periodEnd, periodOf, type GridPeriod } from '../../src/lib/dashboard/grid.ts';
import type { Published, Scope } from '../../src/lib/dashboard/types.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';
import { completeCase, person, type Org } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// The attacker of issue 10: a policy officer (or all gemeenten and the stuurgroep together) asks
// for every view the dashboard and the API offer — every preset, every range of published periods,
// every window of 1 to 52 weeks given as dates, every scope — before and after a publication that
// follows a few planted events in one gemeente, and then solves the linear system of everything
// published (with non-negativity and what the labels say) for every count under 5. None may be
// exactly determined.

useOwnDatabase('attack');

// Monday 4 January 2027, 10:00: twenty weeks of history before it.
const clock = new ManualClock('2027-01-04T10:00:00+01:00');
type Fact = Published;
const facts = new Map<string, Fact>();
let viewsSeen = 0;
let questionsAsked = 0;

const GEMEENTEN = ['GM0375', 'GM0377', 'GM0392', 'GM0394', 'GM0396', 'GM0397', 'GM0450', 'GM0453', 'GM0473'];

/** Records what one view publishes, as facts about cells of the periods' tables; a cell must read the same in every view. */
function record(f: DashboardFigures): void {
	viewsSeen++;
	const main = f.areas[0].id;
	const put = (period: string, metric: string, cell: string, value: Published | null) => {
		if (value === null) return;
		const key = `${period}|${metric}|${cell}`;
		const before = facts.get(key);
		if (before !== undefined) expect(value, `${key} differs between views`).toEqual(before);
		else facts.set(key, value);
	};
	for (const k of f.key) {
		for (const [area, value] of Object.entries(k.values)) put(f.period.id, k.metric, `A:${area}`, value);
		for (const s of k.series) put(s.period, k.metric, `A:${main}`, s.value);
		if (f.previous) put(f.previous.id, k.metric, `A:${main}`, k.previous);
		// a total is only ever the sum of the published series: it adds nothing to solve with
		if (k.total !== null) expect(k.total).toBe(k.series.reduce((n, s) => n + (s.value as number), 0));
		if (k.total !== null) for (const s of k.series) expect(typeof s.value).toBe('number');
	}
	for (const p of f.partners) for (const [metric, value] of Object.entries(p.values)) put(f.period.id, metric, `P:${main}:${p.id}`, value);
	for (const r of f.declineReasons) put(f.period.id, 'declined', `R:${main}:${r.reason}`, r.value);
	for (const w of f.waiting) {
		put(f.period.id, 'waiting', `Z:${main}:${w.careTypeId}`, w.waiting);
		put(f.period.id, 'waiting_over_norm', `Z:${main}:${w.careTypeId}`, w.overNorm);
	}
}

/** Every view a gemeente, the stuurgroep or a BI tool can ask for now. */
async function collectViews(): Promise<void> {
	const published = await publishedPeriods(db());
	const queries = new Set<string>(['', 'periodes=1', 'periodes=3', 'periodes=6', 'periodes=13']);
	for (const a of published) for (const b of published) if (a.from <= b.from) queries.add(`van=${a.id}&tot=${b.id}`);
	const first = published[0].from;
	const last = addDays(published.at(-1)!.to, 6);
	for (let monday = first; monday <= last; monday = addDays(monday, 7)) {
		for (let weeks = 1; weeks <= 52; weeks++) {
			const sunday = addDays(monday, 7 * weeks - 1);
			if (sunday <= last) queries.add(`van=${monday}&tot=${sunday}`);
		}
	}
	const ranges = new Map<string, { from: GridPeriod; to: GridPeriod }>();
	questionsAsked += queries.size * 10;
	for (const q of queries) {
		const range = rangeFrom(new URLSearchParams(q), published)!;
		ranges.set(`${range.from.id}…${range.to.id}`, range);
	}
	const scopes: Scope[] = [{ kind: 'regio' }, ...GEMEENTEN.map((municipalityId) => ({ kind: 'gemeente' as const, municipalityId }))];
	for (const range of ranges.values()) for (const scope of scopes) record(await dashboardFigures(db(), scope, range));
}

let partners: string[] = [];
let careTypes: string[] = [];
let subregionOf: Record<string, string> = {};
let before = new Map<string, Fact>();

beforeAll(async () => {
	await seed(db(), 'test');
	await seedHistory(db(), clock.now(), { weeks: 20, reportsPerYear: 3000, publish: true });
	partners = (
		await db()<{ id: string }[]>`select id from organisations where kind in ('cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp')`
	).map((r) => r.id);
	careTypes = (await db()<{ id: string }[]>`select id from care_types`).map((r) => r.id);
	subregionOf = Object.fromEntries(
		(await db()<{ id: string; subregionId: string }[]>`select id, subregion_id from municipalities`).map((r) => [r.id, r.subregionId])
	);
	await collectViews();
	before = new Map(facts);

	// planted in one gemeente, in the period that runs now: two meldingen, and one of them declined
	const org = async (name: string) => (await db()<Org[]>`select id, name, kind::text as kind from organisations where name = ${name}`)[0];
	const vt = await person(await org('Veilig Thuis Kennemerland'), 'medewerker', clock);
	const cjg = await person(await org('CJG Kennemerland'), 'medewerker', clock);
	const deps = { sql: db(), clock, enqueueTimers: false };
	const ids = [];
	for (let i = 0; i < 2; i++)
		ids.push(await createCase(deps, vt.actor, completeCase({ municipalityId: 'GM0450', reportDate: amsterdamDay(clock.now()) })));
	const offer = await offerHandover(deps, vt.actor, ids[0], { toOrgId: cjg.actor.organisationId, message: 'Graag een warme overdracht.' });
	clock.advance(3_600_000);
	await answerHandover(deps, cjg.actor, offer, { answer: 'decline', reason: 'buiten_werkgebied', note: '' });
	expect(await publishDuePeriods({ sql: db(), clock })).toEqual([]); // the period runs: nothing changes
}, 240_000);

describe('disclosure control across every view', () => {
	it('changes no figure before the period of the planted events is published', async () => {
		facts.clear();
		await collectViews();
		expect(facts).toEqual(before);
	}, 240_000);

	it('publishes that period after it ended, leaving what was published as it was', async () => {
		const running = periodOf(amsterdamDay(clock.now()));
		clock.set(new Date(Date.parse(`${addDays(periodEnd(running), 2)}T06:00:00+01:00`)));
		expect((await publishDuePeriods({ sql: db(), clock })).at(-1)).toBe(running.id);
		await collectViews();
		for (const [key, value] of before) expect(facts.get(key), key).toEqual(value);
		// every question maps onto a range of published periods: the distinct ones are asked of every scope
		expect(questionsAsked).toBeGreaterThan(5000);
		expect(viewsSeen).toBeGreaterThan(300);
	}, 240_000);

	it('leaves no count from 1 to 4, and no hidden zero, exactly determined by everything published', async () => {
		const highs = await highsLoader();
		const published = await publishedPeriods(db());
		const failures: string[] = [];
		let checked = 0;
		for (const period of published) {
			const truth = await db()<{ municipalityId: string; metric: string; partnerOrgId: string | null; detail: string; count: number }[]>`
				select municipality_id, metric, partner_org_id, detail, sum(count)::int as count from dashboard_weekly
				where (metric = any(${KEY_METRICS.filter((m) => METRICS[m].kind === 'event')}) and week >= ${period.from} and week <= ${period.to})
				   or (metric = any(${KEY_METRICS.filter((m) => METRICS[m].kind === 'state')}) and week = ${period.to})
				group by 1, 2, 3, 4`;
			for (const metric of KEY_METRICS) {
				const result = solveMetric(
					highs,
					period,
					metric,
					truth.filter((r) => r.metric === metric)
				);
				checked += result.checked;
				failures.push(...result.determined);
			}
		}
		expect(failures).toEqual([]);
		expect(checked).toBeGreaterThan(1000);
	}, 300_000);
});

type Highs = Awaited<ReturnType<typeof highsLoader>>;

/**
 * One metric of one period: unknowns are the true counts of its atoms (gemeente × partner ×
 * reason/zorgvorm, as far as the metric is broken down), every fact is a row, and every cell whose
 * true value is under 5 is minimised and maximised. Determined: no other whole number fits.
 */
function solveMetric(
	highs: Highs,
	period: GridPeriod,
	metric: MetricName,
	rows: { municipalityId: string; partnerOrgId: string | null; detail: string; count: number }[]
) {
	const byPartner = PARTNER_METRICS.includes(metric);
	const byReason = metric === 'declined';
	const byCare = CARE_TYPE_METRICS.includes(metric);
	const atoms: { gem: string; partner: string; detail: string; truth: number }[] = [];
	for (const gem of GEMEENTEN) {
		for (const partner of byPartner ? partners : ['']) {
			for (const detail of byReason ? [...DECLINE_REASONS] : byCare ? careTypes : ['']) {
				const truth = rows
					.filter(
						(r) => r.municipalityId === gem && (!byPartner || r.partnerOrgId === partner) && (!(byReason || byCare) || r.detail === detail)
					)
					.reduce((n, r) => n + r.count, 0);
				atoms.push({ gem, partner, detail, truth });
			}
		}
	}
	const inArea = (area: string, a: (typeof atoms)[number]) => area === 'regio' || a.gem === area || subregionOf[a.gem] === area;
	const cellAtoms = (cell: string): number[] => {
		const [kind, area, key] = cell.split(':');
		return atoms.flatMap((a, i) => (inArea(area, a) && (kind === 'A' || (kind === 'P' ? a.partner === key : a.detail === key)) ? [i] : []));
	};
	const cells = new Set<string>(['A:regio', ...Object.values(subregionOf).map((s) => `A:${s}`), ...GEMEENTEN.map((g) => `A:${g}`)]);
	for (const area of ['regio', ...GEMEENTEN]) {
		if (byPartner) for (const p of partners) cells.add(`P:${area}:${p}`);
		if (byReason) for (const r of DECLINE_REASONS) cells.add(`R:${area}:${r}`);
		if (byCare) for (const c of careTypes) cells.add(`Z:${area}:${c}`);
	}
	const rowsOf: { index: number[]; lower: number; upper: number }[] = [];
	for (const cell of cells) {
		const fact = facts.get(`${period.id}|${metric}|${cell}`);
		if (fact === undefined) continue;
		const [lower, upper] = typeof fact === 'number' ? [fact, fact] : fact === '<5' ? [0, 4] : [5, highs.infinity];
		rowsOf.push({ index: cellAtoms(cell), lower, upper });
	}
	using model = highs.createModel({
		numCols: atoms.length,
		numRows: rowsOf.length,
		colCost: new Float64Array(atoms.length),
		colLower: new Float64Array(atoms.length),
		colUpper: new Float64Array(atoms.length).fill(highs.infinity),
		rowLower: rowsOf.map((r) => r.lower),
		rowUpper: rowsOf.map((r) => r.upper),
		matrix: {
			format: 'csr',
			numRows: rowsOf.length,
			numCols: atoms.length,
			starts: rowsOf.reduce<number[]>((s, r) => [...s, s.at(-1)! + r.index.length], [0]),
			indices: rowsOf.flatMap((r) => r.index),
			values: rowsOf.flatMap((r) => r.index.map(() => 1))
		}
	});
	model.options.set({ output_flag: false });
	const determined: string[] = [];
	let checked = 0;
	for (const cell of cells) {
		const members = cellAtoms(cell);
		const truth = members.reduce((n, i) => n + atoms[i].truth, 0);
		if (truth >= 5) continue;
		checked++;
		const costs = new Float64Array(atoms.length);
		for (const i of members) costs[i] = 1;
		model.changeColsCost({ kind: 'range', from: 0, to: atoms.length - 1 }, costs);
		const bound = (sense: 'minimize' | 'maximize') => {
			model.changeObjectiveSense(highs.constants.objectiveSense[sense]);
			model.run();
			const status = model.getModelStatus();
			if (status === highs.constants.modelStatus.unbounded) return sense === 'maximize' ? Infinity : -Infinity;
			expect(status, `${period.id} ${metric} ${cell}: the published figures must be consistent`).toBe(highs.constants.modelStatus.optimal);
			return model.getObjectiveValue();
		};
		// one direction that leaves room for another whole number is enough
		if (truth > 0 && bound('minimize') <= truth - 1 + 1e-6) continue;
		const high = bound('maximize');
		if (high >= truth + 1 - 1e-6) continue;
		const low = truth > 0 ? bound('minimize') : 0;
		if (Math.ceil(low - 1e-6) === Math.floor(high + 1e-6))
			determined.push(`${period.id} ${metric} ${cell}: ${truth} (only ${low}…${high} fits)`);
	}
	return { checked, determined };
}
