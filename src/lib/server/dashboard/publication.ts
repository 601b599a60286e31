import type { Db, Sql } from '../db/client.ts';
import { DECLINE_REASONS } from '../handovers/schema.ts';
import { suppress, type SumConstraint } from './suppress.ts';
import { CARE_TYPE_METRICS, KEY_METRICS, METRICS, PARTNER_METRICS, type MetricName } from './metrics.ts';
import { addDays, type GridPeriod } from '../../dashboard/grid.ts';
import type { Area, Duration, PeriodPublication, Published } from '../../dashboard/types.ts';

/** Durations are published from this many families: the median … */
export const MEDIAN_FROM = 10;
/** … and the 90th percentile. */
export const P90_FROM = 20;

interface CountRow {
	municipalityId: string;
	metric: MetricName;
	partnerOrgId: string | null;
	detail: string;
	count: number;
}

interface Geography {
	regio: Area;
	subregions: Area[];
	municipalities: (Area & { subregionId: string })[];
}

async function geography(sql: Db): Promise<Geography> {
	const [municipalities, subregions] = await Promise.all([
		sql<{ id: string; name: string; subregionId: string }[]>`select id, name, subregion_id from municipalities order by name`,
		sql<{ id: string; name: string }[]>`select id, name from subregions order by name`
	]);
	return {
		regio: { id: 'regio', name: 'Regio Kennemerland', level: 'regio' },
		subregions: subregions.map((s) => ({ ...s, level: 'subregio' as const })),
		municipalities: municipalities.map((m) => ({ ...m, level: 'gemeente' as const }))
	};
}

/**
 * One metric's table for the whole region in one period: a cell per area, and per breakdown
 * (partner, decline reason, zorgvorm) a cell per breakdown value for the region and each gemeente,
 * with the sums that tie them together. Every view of the figures is a part of this table.
 */
function metricTable(metric: MetricName, rows: CountRow[], geo: Geography, partners: string[], careTypes: string[]) {
	const values: Record<string, number> = {};
	const constraints: SumConstraint[] = [];
	const gemeenten = geo.municipalities.map((m) => m.id);
	const of = (filter: (r: CountRow) => boolean) => rows.reduce((n, r) => (r.metric === metric && filter(r) ? n + r.count : n), 0);
	for (const m of geo.municipalities) values[`A:${m.id}`] = of((r) => r.municipalityId === m.id);
	for (const s of geo.subregions) {
		const members = geo.municipalities.filter((m) => m.subregionId === s.id).map((m) => m.id);
		values[`A:${s.id}`] = members.reduce((n, id) => n + values[`A:${id}`], 0);
		constraints.push({ total: `A:${s.id}`, parts: members.map((id) => `A:${id}`) });
	}
	values['A:regio'] = geo.subregions.reduce((n, s) => n + values[`A:${s.id}`], 0);
	constraints.push({ total: 'A:regio', parts: geo.subregions.map((s) => `A:${s.id}`) });

	const breakdown = (prefix: string, keys: string[], match: (r: CountRow, key: string) => boolean) => {
		for (const key of keys) {
			for (const id of gemeenten) values[`${prefix}:${id}:${key}`] = of((r) => r.municipalityId === id && match(r, key));
			values[`${prefix}:regio:${key}`] = gemeenten.reduce((n, id) => n + values[`${prefix}:${id}:${key}`], 0);
			constraints.push({ total: `${prefix}:regio:${key}`, parts: gemeenten.map((id) => `${prefix}:${id}:${key}`) });
		}
		for (const area of ['regio', ...gemeenten])
			constraints.push({ total: `A:${area}`, parts: keys.map((key) => `${prefix}:${area}:${key}`) });
	};
	// partners by their place in the list: short keys keep a publication small to read
	if (PARTNER_METRICS.includes(metric) && partners.length)
		breakdown(
			'P',
			partners.map((_, i) => String(i)),
			(r, i) => r.partnerOrgId === partners[Number(i)]
		);
	if (metric === 'declined') breakdown('R', [...DECLINE_REASONS], (r, reason) => r.detail === reason);
	if (CARE_TYPE_METRICS.includes(metric) && careTypes.length) breakdown('Z', careTypes, (r, ct) => r.detail === ct);
	return { values, constraints };
}

/** A stage's name for a rollup metric with durations (the observed waiting time per zorgvorm otherwise). */
const STAGE_KEY = `case d.metric when 'assessed_on_time' then 'assessment' when 'assessed_late' then 'assessment' when 'first_offer' then 'offer'
	when 'accepted' then 'accept' when 'warm_after_accept' then 'warm' when 'care_started' then 'care' when 'completed' then 'complete' else 'waiting:' || d.detail end`;

/** Waiting for care is published in whole days; the chain's stages (and time to acceptance) in whole hours. */
function rounded(stage: string, minutes: number): number {
	const unit = stage === 'care' || stage.startsWith('waiting:') ? 1440 : 60;
	return Math.round(minutes / unit) * unit;
}

/** A duration as published: nothing below MEDIAN_FROM families, the p90 only from P90_FROM. */
export function publishedDuration(stage: string, n: number, p50: number, p90: number): Duration {
	if (n < MEDIAN_FROM) return null;
	return { median: rounded(stage, p50), p90: n >= P90_FROM ? rounded(stage, p90) : null };
}

interface DurationRow {
	k: string;
	area: string;
	partner: string | null;
	p50: number;
	p90: number;
	n: number;
}

/** Medians and p90s of the period's durations per stage for the region, each subregion and each gemeente, and per partner. */
async function durations(sql: Sql, period: GridPeriod): Promise<{ byArea: DurationRow[]; byPartner: DurationRow[] }> {
	return sql.begin(async (tx) => {
		await tx`set local jit = off`; // the planner overrates these sorts; compiling costs more than running them
		const byArea = await tx<DurationRow[]>`
			with d as (
				select ${tx.unsafe(STAGE_KEY)} as k, m.subregion_id, d.municipality_id, x
				from dashboard_weekly d join municipalities m on m.id = d.municipality_id cross join lateral unnest(d.durations) x
				where d.durations is not null and d.metric <> 'completed' and d.week >= ${period.from} and d.week <= ${period.to}
				  and (d.metric <> 'waiting' or d.week = ${period.to}))
			select k, coalesce(municipality_id, subregion_id, 'regio') as area, null as partner,
			       percentile_cont(0.5) within group (order by x) as p50, percentile_cont(0.9) within group (order by x) as p90, count(*)::int as n
			from d group by grouping sets ((k), (k, subregion_id), (k, municipality_id))`;
		const byPartner = await tx<DurationRow[]>`
			with d as (
				select ${tx.unsafe(STAGE_KEY)} as k, d.municipality_id, d.partner_org_id::text as partner, x
				from dashboard_weekly d cross join lateral unnest(d.durations) x
				where d.durations is not null and d.metric in ('accepted', 'completed') and d.partner_org_id is not null
				  and d.week >= ${period.from} and d.week <= ${period.to})
			select k, coalesce(municipality_id, 'regio') as area, partner,
			       percentile_cont(0.5) within group (order by x) as p50, percentile_cont(0.9) within group (order by x) as p90, count(*)::int as n
			from d group by grouping sets ((k, partner), (k, partner, municipality_id))`;
		return { byArea: [...byArea], byPartner: [...byPartner] };
	});
}

/**
 * Computes what is published for one period of the grid from the weekly rollups: per metric one
 * table for the whole region, suppressed at once (counts under 5 and whatever would give one away
 * through any sum, difference or bound), the durations by the MEDIAN_FROM / P90_FROM rules,
 * rounded, and the consortia's reported waiting times at the period's end.
 */
export async function computePublication(sql: Sql, period: GridPeriod, publishedAt: Date): Promise<PeriodPublication> {
	const state = KEY_METRICS.filter((m) => METRICS[m].kind === 'state');
	const event = KEY_METRICS.filter((m) => METRICS[m].kind === 'event');
	const end = addDays(period.to, 7);
	const [geo, rows, careTypes, partnerRows, reported, times] = await Promise.all([
		geography(sql),
		sql<CountRow[]>`
			select municipality_id, metric, partner_org_id, detail, sum(count)::int as count from dashboard_weekly
			where (metric = any(${event}) and week >= ${period.from} and week <= ${period.to}) or (metric = any(${state}) and week = ${period.to})
			group by municipality_id, metric, partner_org_id, detail`,
		sql<{ id: string; name: string; normDays: number }[]>`select id, name, norm_days from care_types order by position`,
		sql<
			{ id: string; name: string }[]
		>`select id, name from organisations where kind in ('cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp') order by name`,
		sql<{ consortium: string; careTypeId: string; subregionId: string; days: number }[]>`
			select distinct on (r.consortium_id, r.care_type_id, r.subregion_id) o.name as consortium, r.care_type_id, r.subregion_id, r.waiting_days as days
			from waiting_time_reports r join organisations o on o.id = r.consortium_id
			where r.reported_at < (${end}::date::timestamp at time zone 'Europe/Amsterdam')
			order by r.consortium_id, r.care_type_id, r.subregion_id, r.reported_at desc`,
		durations(sql, period)
	]);
	// every partner organisation, also one without figures: leaving it out would say it had none
	const partners = [...partnerRows];
	const counts: PeriodPublication['counts'] = {};
	for (const metric of KEY_METRICS) {
		const { values, constraints } = metricTable(
			metric,
			rows,
			geo,
			partners.map((p) => p.id),
			careTypes.map((c) => c.id)
		);
		counts[metric] = suppress(values, constraints, { keep: ['A:regio', ...geo.subregions.map((s) => `A:${s.id}`)] }) as Record<
			string,
			Published
		>;
	}
	const group = (list: DurationRow[], key: (r: DurationRow) => string) => {
		const out: Record<string, Record<string, Duration>> = {};
		for (const r of list) (out[r.k] ??= {})[key(r)] = publishedDuration(r.k, r.n, Number(r.p50), Number(r.p90));
		return out;
	};
	return {
		period,
		publishedAt: publishedAt.toISOString(),
		counts,
		durations: group(times.byArea, (r) => r.area),
		partnerDurations: group(times.byPartner, (r) => `${r.area}|${partners.findIndex((p) => p.id === r.partner)}`),
		partners,
		careTypes: [...careTypes],
		reported: [...reported],
		areas: geo
	};
}
