import type { Db } from '../db/client.ts';
import { DECLINE_REASONS } from '../handovers/schema.ts';
import { KEY_METRICS, METRICS, STAGES, type MetricName } from './metrics.ts';
import { parsePeriodId, previousPeriod, type GridPeriod } from '../../dashboard/grid.ts';
import type { Area, DashboardFigures, Duration, PeriodPublication, Published, Scope, Total } from '../../dashboard/types.ts';

export type { Area, DashboardFigures, Duration, Scope };

/** A range of published periods (oldest first). */
export interface Range {
	from: GridPeriod;
	to: GridPeriod;
}

interface Published_ {
	id: string;
	publishedAt: Date;
}

/** The periods published so far, oldest first. */
export async function publishedPeriods(sql: Db): Promise<GridPeriod[]> {
	return (await listed(sql)).map((p) => parsePeriodId(p.id)!);
}

async function listed(sql: Db): Promise<Published_[]> {
	return sql<Published_[]>`select period_id as id, published_at from dashboard_publications order by first_week`;
}

// Publications never change once written: read each one once per process (keyed with its moment of
// publication, so a database that was set up again is read again), in one map for the process also
// when the built portal and server.ts each load a copy of this module.
const memo = ((globalThis as Record<symbol, Map<string, PeriodPublication>>)[Symbol.for('ketentafel.publications')] ??= new Map());

async function publications(sql: Db, ids: Published_[]): Promise<Map<string, PeriodPublication>> {
	const key = (p: Published_) => `${p.id}@${p.publishedAt.toISOString()}`;
	const missing = ids.filter((p) => !memo.has(key(p)));
	if (missing.length) {
		// as text: the pool's camelCase transform would rename keys such as "assessed_on_time" inside jsonb
		const rows = await sql<{ id: string; figures: string }[]>`
			select period_id as id, figures::text as figures from dashboard_publications where period_id = any(${missing.map((p) => p.id)})`;
		if (memo.size > 500) memo.clear();
		for (const r of rows) memo.set(key(missing.find((p) => p.id === r.id)!), JSON.parse(r.figures) as PeriodPublication);
	}
	return new Map(ids.flatMap((p) => (memo.has(key(p)) ? [[p.id, memo.get(key(p))!] as const] : [])));
}

/** Reads every publication into this process's memory ahead of the readers (at portal start). */
export async function warmPublications(sql: Db): Promise<number> {
	return (await publications(sql, await listed(sql))).size;
}

/** The areas a scope shows: a gemeente with its subregion and the region, or the region with all of them. */
function areasOf(scope: Scope, pub: PeriodPublication): Area[] {
	const { regio, subregions, municipalities } = pub.areas;
	if (scope.kind === 'regio') return [regio, ...subregions, ...municipalities.map(({ id, name, level }) => ({ id, name, level }))];
	const own = municipalities.find((m) => m.id === scope.municipalityId)!;
	return [{ id: own.id, name: own.name, level: 'gemeente' }, subregions.find((s) => s.id === own.subregionId)!, regio];
}

const HIDDEN: Published = '<5';

/**
 * The doorstroom figures of a scope for a range of published periods: the last period's figures
 * (key figures per area, partners, declines, waiting, stages) with the period before it, and per
 * figure the main area's series over the range and its total. Every number is taken from the
 * publications as they are (a total only when each period's number is published), so no view
 * shows anything the publications do not; page, CSV, report and API all read this.
 */
export async function dashboardFigures(sql: Db, scope: Scope, range: Range): Promise<DashboardFigures> {
	const all = await listed(sql);
	const inRange = all.filter((p) => p.id >= range.from.id && p.id <= range.to.id);
	const previousId = previousPeriod(range.to).id;
	const pubs = await publications(sql, [...inRange, ...all.filter((p) => p.id === previousId && !inRange.includes(p))]);
	const series = inRange.map((p) => pubs.get(p.id)!);
	const last = series.at(-1);
	if (!last) throw new Error(`no published period in ${range.from.id} … ${range.to.id}`);
	const prev = pubs.get(previousId) ?? null;
	const areas = areasOf(scope, last);
	const main = areas[0].id;
	const count = (p: PeriodPublication | null, metric: MetricName, cell: string): Published => p?.counts[metric]?.[cell] ?? HIDDEN;

	const key = KEY_METRICS.map((metric) => {
		const values = series.map((p) => count(p, metric, `A:${main}`));
		const total: Total =
			METRICS[metric].kind === 'event' && values.every((v) => typeof v === 'number')
				? values.reduce<number>((n, v) => n + (v as number), 0)
				: null;
		return {
			metric,
			label: METRICS[metric].label,
			kind: METRICS[metric].kind,
			values: Object.fromEntries(areas.map((a) => [a.id, count(last, metric, `A:${a.id}`)])),
			previous: prev ? count(prev, metric, `A:${main}`) : null,
			total,
			series: series.map((p, i) => ({ period: p.period.id, value: values[i] }))
		};
	});
	const onTime = count(last, 'assessed_on_time', `A:${main}`);
	const late = count(last, 'assessed_late', `A:${main}`);
	const onTimeShare = typeof onTime === 'number' && typeof late === 'number' && onTime + late > 0 ? onTime / (onTime + late) : null;
	const duration = (p: PeriodPublication | null, stage: string, area: string): Duration => p?.durations[stage]?.[area] ?? null;
	const ownSubregions = new Set(last.areas.municipalities.filter((m) => m.id === main || scope.kind === 'regio').map((m) => m.subregionId));

	const stages = STAGES.map((s) => ({
		id: s.id,
		label: s.label,
		current: duration(last, s.id, main),
		previous: duration(prev, s.id, main),
		bySubregion: Object.fromEntries(last.areas.subregions.map((sr) => [sr.id, duration(last, s.id, sr.id)]))
	}));
	const ranked = stages.filter((s) => s.current).sort((a, b) => b.current!.median - a.current!.median);
	const partnerMetrics: MetricName[] = ['offered', 'accepted', 'declined', 'withdrawn', 'breached', 'completed'];

	return {
		scope: { kind: scope.kind, id: scope.kind === 'regio' ? null : scope.municipalityId, name: areas[0].name },
		range: { from: series[0].period, to: last.period, periods: series.map((p) => p.period) },
		period: last.period,
		previous: prev?.period ?? null,
		areas,
		key,
		onTimeShare,
		partners: last.partners.map((p, i) => ({
			id: p.id,
			name: p.name,
			values: Object.fromEntries(partnerMetrics.map((m) => [m, count(last, m, `P:${main}:${i}`)])),
			toAccept: last.partnerDurations.accept?.[`${main}|${i}`] ?? null,
			toComplete: last.partnerDurations.complete?.[`${main}|${i}`] ?? null
		})),
		declineReasons: DECLINE_REASONS.map((reason) => ({ reason, value: count(last, 'declined', `R:${main}:${reason}`) })),
		waiting: last.careTypes.map((ct) => ({
			careTypeId: ct.id,
			careType: ct.name,
			normDays: ct.normDays,
			waiting: count(last, 'waiting', `Z:${main}:${ct.id}`),
			overNorm: count(last, 'waiting_over_norm', `Z:${main}:${ct.id}`),
			observed: duration(last, `waiting:${ct.id}`, main),
			reported: last.reported
				.filter((r) => r.careTypeId === ct.id && ownSubregions.has(r.subregionId))
				.map((r) => ({
					subregionId: r.subregionId,
					subregion: last.areas.subregions.find((s) => s.id === r.subregionId)?.name ?? r.subregionId,
					consortium: r.consortium,
					days: r.days
				}))
		})),
		bottleneck: { stages, subregions: last.areas.subregions.map(({ id, name }) => ({ id, name })), slowest: ranked[0]?.id ?? null },
		publishedAt: last.publishedAt
	};
}
