import type { Db, Sql } from '../db/client.ts';
import { suppress, type Published, type SumConstraint } from './suppress.ts';
import { regionalHidden } from './regional.ts';
import { KEY_METRICS, METRICS, PARTNER_METRICS, STAGES, WEEKLY_METRICS, type MetricName } from './metrics.ts';
import { addDays, weeksBetween } from './weeks.ts';
import { DECLINE_REASONS } from '../handovers/schema.ts';
import type { Area, DashboardFigures, Duration, Period, Scope } from '../../dashboard/types.ts';
import { cachedPerVersion, rollupVersion } from './cache.ts';

export type { Area, DashboardFigures, Duration, Period, Scope };

interface Geography {
	municipalities: { id: string; name: string; subregionId: string }[];
	subregions: { id: string; name: string }[];
}

async function geography(sql: Db): Promise<Geography> {
	const [municipalities, subregions] = await Promise.all([
		sql<{ id: string; name: string; subregionId: string }[]>`select id, name, subregion_id from municipalities order by name`,
		sql<{ id: string; name: string }[]>`select id, name from subregions order by name`
	]);
	return { municipalities: [...municipalities], subregions: [...subregions] };
}

/** The areas shown for a scope, the sums that tie them together, and which cells stay unpublished. */
function areaModel(scope: Scope, geo: Geography) {
	const region: Area = { id: 'regio', name: 'Regio Kennemerland', level: 'regio' };
	const subregionArea = (id: string): Area => ({ id, name: geo.subregions.find((s) => s.id === id)?.name ?? id, level: 'subregio' });
	const members = (subregionId: string) => geo.municipalities.filter((m) => m.subregionId === subregionId).map((m) => m.id);
	if (scope.kind === 'regio') {
		const areas: Area[] = [region, ...geo.subregions.map((s) => subregionArea(s.id)), ...geo.municipalities.map((m) => ({ id: m.id, name: m.name, level: 'gemeente' as const }))];
		const constraints: SumConstraint[] = [{ total: 'regio', parts: geo.subregions.map((s) => s.id) }, ...geo.subregions.map((s) => ({ total: s.id, parts: members(s.id) }))];
		const sumOf = (id: string): string[] => (id === 'regio' ? geo.municipalities.map((m) => m.id) : geo.subregions.some((s) => s.id === id) ? members(id) : [id]);
		return { areas, constraints, unpublished: [] as string[], keep: ['regio'], sumOf, main: 'regio' };
	}
	const own = geo.municipalities.find((m) => m.id === scope.municipalityId)!;
	const areas: Area[] = [{ id: own.id, name: own.name, level: 'gemeente' }, subregionArea(own.subregionId), region];
	// the rest of the subregion and the rest of the region take part in the sums but are never shown
	const constraints: SumConstraint[] = [
		{ total: own.subregionId, parts: [own.id, 'rest-subregio'] },
		{ total: 'regio', parts: [own.subregionId, 'rest-regio'] }
	];
	const sumOf = (id: string): string[] =>
		id === 'regio'
			? geo.municipalities.map((m) => m.id)
			: id === own.subregionId
				? members(own.subregionId)
				: id === 'rest-subregio'
					? members(own.subregionId).filter((m) => m !== own.id)
					: id === 'rest-regio'
						? geo.municipalities.filter((m) => m.subregionId !== own.subregionId).map((m) => m.id)
						: [id];
	return { areas, constraints, unpublished: ['rest-subregio', 'rest-regio'], keep: [own.id], sumOf, main: own.id };
}

/** Rollups added up per bucket: 'cur' and 'prev' (the period and the one before it), or a week of the period. */
interface Row {
	bucket: string;
	municipalityId: string;
	metric: string;
	partnerOrgId: string | null;
	detail: string;
	count: number;
}

/** Adds up one metric's rows in the given buckets (see readRows). */
function total(rows: Map<string, Row[]>, metric: MetricName, buckets: string[], municipalities: Set<string>, filter: (r: Row) => boolean = () => true): number {
	let n = 0;
	for (const r of rows.get(metric) ?? []) if (buckets.includes(r.bucket) && municipalities.has(r.municipalityId) && filter(r)) n += r.count;
	return n;
}

/**
 * The dashboard's figures for a scope and period, from the weekly rollups: counts suppressed
 * (<5, also not recoverable from totals and parts), durations only from 5 families or more.
 * Computed once per version of the rollups (see cache.ts) and scope and period.
 */
export async function dashboardFigures(sql: Db, scope: Scope, period: Period): Promise<DashboardFigures> {
	const { version, computedAt } = await rollupVersion(sql);
	const figures = await cachedPerVersion(version, [scope.kind === 'regio' ? 'regio' : scope.municipalityId, period.from, period.to], () =>
		computeFigures(sql, version, scope, { from: period.from, to: period.to })
	);
	return { ...figures, period: { ...period, weeks: figures.period.weeks }, computedAt };
}

async function computeFigures(sql: Db, version: string, scope: Scope, period: Period): Promise<Omit<DashboardFigures, 'computedAt'>> {
	const geo = await geography(sql);
	const model = areaModel(scope, geo);
	const weeks = weeksBetween(period.from, period.to);
	const previous = { from: addDays(period.from, -7 * weeks.length), to: addDays(period.from, -7) };
	const mainMunicipalities = new Set(model.sumOf(model.main));

	const [shared, durations, partners, careTypes, reported] = await Promise.all([
		// the same for every scope: computed once per version and period
		cachedPerVersion(version, ['period', period.from, period.to], () => periodData(sql, period, previous)),
		readDurations(sql, period, previous.from, [...mainMunicipalities], scope.kind === 'regio'),
		sql<{ id: string; name: string }[]>`select id, name from organisations where kind in ('cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp') order by name`,
		sql<{ id: string; name: string; normDays: number }[]>`select id, name, norm_days from care_types order by position`,
		sql<{ consortium: string; careTypeId: string; subregionId: string; days: number }[]>`
			select distinct on (r.consortium_id, r.care_type_id, r.subregion_id) o.name as consortium, r.care_type_id, r.subregion_id, r.waiting_days as days
			from waiting_time_reports r join organisations o on o.id = r.consortium_id
			where r.reported_at < (${addDays(period.to, 7)}::date::timestamp at time zone 'Europe/Amsterdam')
			order by r.consortium_id, r.care_type_id, r.subregion_id, r.reported_at desc`
	]);

	const rows = byMetric(shared.rows);
	durations.push(...shared.subregions);
	const areaIds = [...model.areas.map((a) => a.id), ...model.unpublished];
	const key: DashboardFigures['key'] = [];
	const weekly: DashboardFigures['weekly'] = [];
	const partnerValues = new Map<string, Partial<Record<MetricName, Published>>>();
	const partnerIds = [
		...new Set(PARTNER_METRICS.flatMap((m) => (rows.get(m) ?? []).filter((r) => r.partnerOrgId && r.bucket === 'cur' && mainMunicipalities.has(r.municipalityId)).map((r) => r.partnerOrgId!)))
	].sort();
	let declineReasons: DashboardFigures['declineReasons'] = [];

	// what the regional pattern hides of one figure, seen from this view's main area (see regional.ts)
	const hiddenInRegion = (metric: MetricName, bucket: string, filter?: (r: Row) => boolean) =>
		regionalHidden(Object.fromEntries(geo.municipalities.map((m) => [m.id, total(rows, metric, [bucket], new Set([m.id]), filter)])), geo);
	const mainHidden = (metric: MetricName, bucket: string, filter?: (r: Row) => boolean) => hiddenInRegion(metric, bucket, filter).has(model.main);
	const areaForced = (metric: MetricName, bucket: string) => [...hiddenInRegion(metric, bucket)].filter((a) => areaIds.includes(a)).map((a) => `A:${a}`);

	for (const metric of KEY_METRICS) {
		const values: Record<string, number> = {};
		const forced = areaForced(metric, 'cur');
		const constraints: SumConstraint[] = [...model.constraints];
		for (const a of areaIds) values[`A:${a}`] = total(rows, metric, ['cur'], new Set(model.sumOf(a)));
		const area = (c: SumConstraint): SumConstraint => ({ total: `A:${c.total}`, parts: c.parts.map((p) => `A:${p}`) });
		const system = constraints.map(area);
		const main = `A:${model.main}`;
		if (WEEKLY_METRICS.includes(metric)) {
			for (const w of weeks) {
				values[`W:${w}`] = total(rows, metric, [w], mainMunicipalities);
				if (mainHidden(metric, w)) forced.push(`W:${w}`);
			}
			system.push({ total: main, parts: weeks.map((w) => `W:${w}`) });
		}
		if (PARTNER_METRICS.includes(metric)) {
			for (const p of partnerIds) {
				const ofPartner = (r: Row) => r.partnerOrgId === p;
				values[`P:${p}`] = total(rows, metric, ['cur'], mainMunicipalities, ofPartner);
				if (mainHidden(metric, 'cur', ofPartner)) forced.push(`P:${p}`);
			}
			if (partnerIds.length) system.push({ total: main, parts: partnerIds.map((p) => `P:${p}`) });
		}
		if (metric === 'declined') {
			for (const reason of DECLINE_REASONS) {
				const ofReason = (r: Row) => r.detail === reason;
				values[`R:${reason}`] = total(rows, metric, ['cur'], mainMunicipalities, ofReason);
				if (mainHidden(metric, 'cur', ofReason)) forced.push(`R:${reason}`);
			}
			system.push({ total: main, parts: DECLINE_REASONS.map((r) => `R:${r}`) });
		}
		const shown = suppress(values, system, { unpublished: model.unpublished.map((u) => `A:${u}`), keep: [main], forced });
		const prev = suppress(
			Object.fromEntries(areaIds.map((a) => [`A:${a}`, total(rows, metric, ['prev'], new Set(model.sumOf(a)))])),
			constraints.map(area),
			{ unpublished: model.unpublished.map((u) => `A:${u}`), keep: [main], forced: areaForced(metric, 'prev') }
		);
		key.push({
			metric,
			label: METRICS[metric].label,
			kind: METRICS[metric].kind,
			values: Object.fromEntries(model.areas.map((a) => [a.id, shown[`A:${a.id}`]])),
			previous: prev[main]
		});
		if (WEEKLY_METRICS.includes(metric)) weekly.push({ metric, label: METRICS[metric].label, values: weeks.map((w) => ({ week: w, value: shown[`W:${w}`] })) });
		if (PARTNER_METRICS.includes(metric)) for (const p of partnerIds) partnerValues.set(p, { ...partnerValues.get(p), [metric]: shown[`P:${p}`] });
		if (metric === 'declined') declineReasons = DECLINE_REASONS.map((reason) => ({ reason, value: shown[`R:${reason}`] }));
	}

	const mainKey = (m: MetricName) => key.find((k) => k.metric === m)!.values[model.main];
	const onTime = mainKey('assessed_on_time');
	const late = mainKey('assessed_late');
	const onTimeShare = typeof onTime === 'number' && typeof late === 'number' && onTime + late > 0 ? onTime / (onTime + late) : null;

	const duration = (k: string, period: 'cur' | 'prev', level: string, id: string | null): Duration => {
		const d = durations.find((x) => x.k === k && x.period === period && x.level === level && x.id === id);
		return d && d.n >= 5 ? { median: Math.round(d.p50), p90: Math.round(d.p90) } : null;
	};
	const mainLevel = scope.kind === 'regio' ? 'all' : 'municipality';
	const mainId = scope.kind === 'regio' ? null : scope.municipalityId;

	const waiting = careTypes.map((ct) => {
		const count = (metric: MetricName, ids: Set<string>) => total(rows, metric, ['cur'], ids, (r) => r.detail === ct.id);
		return { ct, waiting: count('waiting', mainMunicipalities), overNorm: count('waiting_over_norm', mainMunicipalities) };
	});
	const waitingShown = suppress(
		Object.fromEntries([
			...waiting.map((w) => [`Z:${w.ct.id}`, w.waiting] as const),
			...waiting.map((w) => [`O:${w.ct.id}`, w.overNorm] as const),
			['T', total(rows, 'waiting', ['cur'], mainMunicipalities)],
			['TO', total(rows, 'waiting_over_norm', ['cur'], mainMunicipalities)]
		]),
		[
			{ total: 'T', parts: waiting.map((w) => `Z:${w.ct.id}`) },
			{ total: 'TO', parts: waiting.map((w) => `O:${w.ct.id}`) }
		],
		// the totals are the key figures' main-area cells; they were published (or not) there
		{
			unpublished: ['T', 'TO'],
			forced: careTypes.flatMap((ct) => {
				const ofType = (r: Row) => r.detail === ct.id;
				return [...(mainHidden('waiting', 'cur', ofType) ? [`Z:${ct.id}`] : []), ...(mainHidden('waiting_over_norm', 'cur', ofType) ? [`O:${ct.id}`] : [])];
			})
		}
	);
	const mainSubregions = new Set(geo.municipalities.filter((m) => mainMunicipalities.has(m.id)).map((m) => m.subregionId));

	const stages = STAGES.map((s) => ({
		id: s.id,
		label: s.label,
		current: duration(s.id, 'cur', mainLevel, mainId),
		previous: duration(s.id, 'prev', mainLevel, mainId),
		bySubregion: Object.fromEntries(geo.subregions.map((sr) => [sr.id, duration(s.id, 'cur', 'subregion', sr.id)]))
	}));
	const ranked = stages.filter((s) => s.current).sort((a, b) => b.current!.median - a.current!.median);

	const names = new Map(partners.map((p) => [p.id, p.name]));
	return {
		scope: { kind: scope.kind, id: scope.kind === 'regio' ? null : scope.municipalityId, name: model.areas[0].name },
		period: { ...period, weeks },
		previous,
		areas: model.areas,
		key,
		onTimeShare,
		weekly,
		partners: partnerIds
			.map((id) => ({
				id,
				name: names.get(id) ?? 'Onbekende organisatie',
				values: partnerValues.get(id) ?? {},
				toAccept: duration('accept', 'cur', mainLevel === 'all' ? 'partner' : 'municipality-partner', id),
				toComplete: duration('complete', 'cur', mainLevel === 'all' ? 'partner' : 'municipality-partner', id)
			}))
			.sort((a, b) => a.name.localeCompare(b.name, 'nl')),
		declineReasons,
		waiting: waiting.map((w) => ({
			careTypeId: w.ct.id,
			careType: w.ct.name,
			normDays: w.ct.normDays,
			waiting: waitingShown[`Z:${w.ct.id}`],
			overNorm: waitingShown[`O:${w.ct.id}`],
			observed: duration(`waiting:${w.ct.id}`, 'cur', mainLevel, mainId),
			reported: reported
				.filter((r) => r.careTypeId === w.ct.id && mainSubregions.has(r.subregionId))
				.map((r) => ({ subregionId: r.subregionId, subregion: geo.subregions.find((s) => s.id === r.subregionId)?.name ?? r.subregionId, consortium: r.consortium, days: r.days }))
		})),
		bottleneck: { stages, subregions: geo.subregions, slowest: ranked[0]?.id ?? null }
	};
}

/**
 * The rollups the figures add up, summed in SQL: per gemeente × metric × partner × detail the total
 * of the period's weeks ('cur') and of the previous period's ('prev'), a state metric at the last
 * week of each; and the charted metrics per week and gemeente (the bucket is the Monday).
 */
async function readRows(sql: Db, period: Period, previous: Period): Promise<Row[]> {
	const state = KEY_METRICS.filter((m) => METRICS[m].kind === 'state');
	const event = KEY_METRICS.filter((m) => METRICS[m].kind === 'event');
	const sums = (bucket: string, p: Period) => sql`
		select ${bucket} as bucket, municipality_id, metric, partner_org_id, detail, sum(count)::int as count from dashboard_weekly
		where (metric = any(${event}) and week >= ${p.from} and week <= ${p.to}) or (metric = any(${state}) and week = ${p.to})
		group by municipality_id, metric, partner_org_id, detail`;
	const rows = await sql<Row[]>`
		${sums('cur', period)}
		union all
		${sums('prev', previous)}
		union all
		select to_char(week, 'YYYY-MM-DD'), municipality_id, metric, null, '', sum(count)::int from dashboard_weekly
		where metric = any(${WEEKLY_METRICS}) and week >= ${period.from} and week <= ${period.to}
		group by week, municipality_id, metric`;
	return [...rows];
}

/** The rows per metric, so that adding up one metric reads only its own rows. */
function byMetric(rows: Row[]): Map<string, Row[]> {
	const out = new Map<string, Row[]>();
	for (const r of rows) {
		const list = out.get(r.metric);
		if (list) list.push(r);
		else out.set(r.metric, [r]);
	}
	return out;
}

/** What every scope's figures for a period share: the summed rollups and the subregions' durations. */
async function periodData(sql: Db, period: Period, previous: Period): Promise<{ rows: Row[]; subregions: DurationRow[] }> {
	const [rows, subregions] = await Promise.all([readRows(sql, period, previous), subregionDurations(sql, period)]);
	return { rows, subregions };
}

interface DurationRow {
	k: string;
	period: 'cur' | 'prev';
	level: 'all' | 'subregion' | 'municipality' | 'partner' | 'municipality-partner';
	id: string | null;
	p50: number;
	p90: number;
	n: number;
}

/** Runs a read-only query with JIT compilation off: the planner overrates these sorts, and compiling costs more than running them. */
function withoutJit<T>(sql: Db, run: (db: Db) => Promise<T>): Promise<T> {
	if (typeof (sql as Sql).begin !== 'function') return run(sql);
	return (sql as Sql).begin(async (tx) => {
		await tx`set local jit = off`;
		return run(tx);
	}) as Promise<T>;
}

/** A stage's name for a rollup metric with durations (the observed waiting time per zorgvorm otherwise). */
const STAGE_KEY = `case d.metric when 'assessed_on_time' then 'assessment' when 'assessed_late' then 'assessment' when 'first_offer' then 'offer'
	when 'accepted' then 'accept' when 'warm_after_accept' then 'warm' when 'care_started' then 'care' when 'completed' then 'complete' else 'waiting:' || d.detail end`;

/**
 * Medians and 90th percentiles (minutes) of the durations in the rollups, per stage, for the main
 * area (the region, or the gemeente) in this period and the previous one, with the observed waiting
 * time at the period's end; and per partner within the main area in this period (time to acceptance
 * and to the completed warm handover). Two queries, side by side.
 */
async function readDurations(sql: Db, period: Period, previousFrom: string, municipalities: string[], region: boolean): Promise<DurationRow[]> {
	const [main, partners] = await Promise.all([
		withoutJit(sql, (db) => db<{ period: 'cur' | 'prev'; k: string; p50: number; p90: number; n: number }[]>`
			select case when d.week >= ${period.from} then 'cur' else 'prev' end as period, ${db.unsafe(STAGE_KEY)} as k,
			       percentile_cont(0.5) within group (order by x) as p50, percentile_cont(0.9) within group (order by x) as p90, count(*)::int as n
			from dashboard_weekly d cross join lateral unnest(d.durations) x
			where d.durations is not null and d.week >= ${previousFrom} and d.week <= ${period.to} and d.metric <> 'completed'
			  and (d.metric <> 'waiting' or d.week = ${period.to}) and d.municipality_id = any(${municipalities})
			group by 1, 2`),
		withoutJit(sql, (db) => db<{ k: string; id: string; p50: number; p90: number; n: number }[]>`
			select ${db.unsafe(STAGE_KEY)} as k, d.partner_org_id::text as id,
			       percentile_cont(0.5) within group (order by x) as p50, percentile_cont(0.9) within group (order by x) as p90, count(*)::int as n
			from dashboard_weekly d cross join lateral unnest(d.durations) x
			where d.durations is not null and d.week >= ${period.from} and d.week <= ${period.to} and d.metric in ('accepted', 'completed')
			  and d.partner_org_id is not null and d.municipality_id = any(${municipalities})
			group by 1, 2`)
	]);
	return [
		...main.map((r) => ({ k: r.k, period: r.period, level: region ? ('all' as const) : ('municipality' as const), id: region ? null : municipalities[0], p50: Number(r.p50), p90: Number(r.p90), n: r.n })),
		...partners.map((r) => ({ k: r.k, period: 'cur' as const, level: region ? ('partner' as const) : ('municipality-partner' as const), id: r.id, p50: Number(r.p50), p90: Number(r.p90), n: r.n }))
	];
}

/** Each subregion's medians and 90th percentiles per stage in this period: the same for every scope. */
async function subregionDurations(sql: Db, period: Period): Promise<DurationRow[]> {
	const rows = await withoutJit(sql, (db) => db<{ k: string; id: string; p50: number; p90: number; n: number }[]>`
		select ${db.unsafe(STAGE_KEY)} as k, m.subregion_id as id,
		       percentile_cont(0.5) within group (order by x) as p50, percentile_cont(0.9) within group (order by x) as p90, count(*)::int as n
		from dashboard_weekly d join municipalities m on m.id = d.municipality_id cross join lateral unnest(d.durations) x
		where d.durations is not null and d.week >= ${period.from} and d.week <= ${period.to}
		  and d.metric in ('assessed_on_time', 'assessed_late', 'first_offer', 'accepted', 'warm_after_accept', 'care_started')
		group by 1, 2`);
	return rows.map((r) => ({ k: r.k, period: 'cur', level: 'subregion', id: r.id, p50: Number(r.p50), p90: Number(r.p90), n: r.n }));
}
