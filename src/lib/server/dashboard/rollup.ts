import type { Db, Sql } from '../db/client.ts';
import { amsterdamStartOfDay } from '../time.ts';
import { addDays } from '../../dashboard/grid.ts';

/** Rule 1 at the moment the assessment was completed: 'on_time' or 'late' (SQL assessment_state, migration 021). */
const ASSESSMENT_AT_COMPLETION = 'assessment_state(c.assessment_due, c.assessment_completed_at, c.assessment_completed_at)';

/** An instant's ISO week (Monday) in Amsterdam, in SQL. */
const WEEK = (column: string) => `date_trunc('week', (${column}) at time zone 'Europe/Amsterdam')::date`;

/**
 * Event metrics: what happened in a week, per gemeente (and partner / detail), with the durations
 * in minutes of what ended in that week. `$1`/`$2` are the first and the end instant, `$3` now.
 */
const EVENT_METRICS: { metric: string; sql: string }[] = [
	{
		metric: 'reports',
		sql: `select date_trunc('week', c.report_date)::date as week, c.municipality_id, null::uuid as partner, '' as detail, count(*)::int as n, null::int[] as durations
		      from cases c where c.report_date >= ($1 at time zone 'Europe/Amsterdam')::date and c.report_date < ($2 at time zone 'Europe/Amsterdam')::date
		      group by 1, 2`
	},
	{
		metric: 'cases_in',
		sql: `select ${WEEK('c.created_at')}, c.municipality_id, null::uuid, '', count(*)::int, null::int[]
		      from cases c where c.created_at >= $1 and c.created_at < $2 group by 1, 2`
	},
	{
		metric: 'assessed_on_time',
		sql: `select ${WEEK('c.assessment_completed_at')}, c.municipality_id, null::uuid, '', count(*)::int,
		             array_agg((extract(epoch from c.assessment_completed_at - (c.report_date::timestamp at time zone 'Europe/Amsterdam')) / 60)::int)
		      from cases c where c.assessment_completed_at >= $1 and c.assessment_completed_at < $2
		        and ${ASSESSMENT_AT_COMPLETION} = 'on_time' group by 1, 2`
	},
	{
		metric: 'assessed_late',
		sql: `select ${WEEK('c.assessment_completed_at')}, c.municipality_id, null::uuid, '', count(*)::int,
		             array_agg((extract(epoch from c.assessment_completed_at - (c.report_date::timestamp at time zone 'Europe/Amsterdam')) / 60)::int)
		      from cases c where c.assessment_completed_at >= $1 and c.assessment_completed_at < $2
		        and ${ASSESSMENT_AT_COMPLETION} = 'late' group by 1, 2`
	},
	{
		// from the complete assessment to the first offer of the case
		metric: 'first_offer',
		sql: `select ${WEEK('f.offered_at')}, c.municipality_id, null::uuid, '', count(*)::int,
		             array_agg(greatest(0, extract(epoch from f.offered_at - c.assessment_completed_at) / 60)::int) filter (where c.assessment_completed_at is not null)
		      from (select distinct on (h.case_id) h.case_id, h.offered_at from handovers h
		            where h.offered_at >= $1 and h.offered_at < $2
		              and not exists (select 1 from handovers e where e.case_id = h.case_id and e.offered_at < h.offered_at)
		            order by h.case_id, h.offered_at) f
		      join cases c on c.id = f.case_id group by 1, 2`
	},
	{
		metric: 'offered',
		sql: `select ${WEEK('h.offered_at')}, c.municipality_id, h.to_org_id, '', count(*)::int, null::int[]
		      from handovers h join cases c on c.id = h.case_id where h.offered_at >= $1 and h.offered_at < $2 group by 1, 2, 3`
	},
	{
		metric: 'accepted',
		sql: `select ${WEEK('h.answered_at')}, c.municipality_id, h.to_org_id, '', count(*)::int,
		             array_agg((extract(epoch from h.answered_at - h.offered_at) / 60)::int)
		      from handovers h join cases c on c.id = h.case_id
		      where h.answered_at >= $1 and h.answered_at < $2 and h.status in ('accepted', 'completed') group by 1, 2, 3`
	},
	{
		metric: 'declined',
		sql: `select ${WEEK('h.answered_at')}, c.municipality_id, h.to_org_id, h.decline_reason::text, count(*)::int, null::int[]
		      from handovers h join cases c on c.id = h.case_id
		      where h.answered_at >= $1 and h.answered_at < $2 and h.status = 'declined' group by 1, 2, 3, 4`
	},
	{
		metric: 'withdrawn',
		sql: `select ${WEEK('h.withdrawn_at')}, c.municipality_id, h.to_org_id, '', count(*)::int, null::int[]
		      from handovers h join cases c on c.id = h.case_id where h.withdrawn_at >= $1 and h.withdrawn_at < $2 group by 1, 2, 3`
	},
	{
		metric: 'breached',
		sql: `select ${WEEK('b.breached_at')}, c.municipality_id, b.to_org_id, '', count(*)::int, null::int[]
		      from sla_breaches b join cases c on c.id = b.case_id where b.breached_at >= $1 and b.breached_at < $2 group by 1, 2, 3`
	},
	{
		// the warm handover completed: durations from the offer; 'warm_after_accept' from the acceptance
		metric: 'completed',
		sql: `select ${WEEK('h.completed_at')}, c.municipality_id, h.to_org_id, '', count(*)::int,
		             array_agg((extract(epoch from h.completed_at - h.offered_at) / 60)::int)
		      from handovers h join cases c on c.id = h.case_id where h.completed_at >= $1 and h.completed_at < $2 group by 1, 2, 3`
	},
	{
		metric: 'warm_after_accept',
		sql: `select ${WEEK('h.completed_at')}, c.municipality_id, h.to_org_id, '', count(*)::int,
		             array_agg(greatest(0, extract(epoch from h.completed_at - h.answered_at) / 60)::int)
		      from handovers h join cases c on c.id = h.case_id
		      where h.completed_at >= $1 and h.completed_at < $2 and h.answered_at is not null group by 1, 2, 3`
	},
	{
		// care started after waiting for a consortium: the realised waiting time
		metric: 'care_started',
		sql: `select date_trunc('week', w.care_started_on)::date, c.municipality_id, w.consortium_id, w.care_type_id, count(*)::int,
		             array_agg((w.care_started_on - w.waiting_since) * 1440)
		      from wait_entries w join cases c on c.id = w.case_id
		      where w.care_started_on >= ($1 at time zone 'Europe/Amsterdam')::date and w.care_started_on < ($2 at time zone 'Europe/Amsterdam')::date
		      group by 1, 2, 3, 4`
	}
];

/**
 * State metrics: the state at the end of each week (`weeks.asof`, for the current week the
 * rollup's now), per gemeente. `$1`/`$2` as above, `$3` now.
 */
const STATE_METRICS: { metric: string; sql: string }[] = [
	{
		// the werkvoorraad: assessments past their norm and not complete ('overdue'); the due day and completion narrow the scan
		metric: 'assessment_backlog',
		sql: `select w.week, c.municipality_id, null::uuid, '', count(*)::int, null::int[]
		      from weeks w join cases c on c.created_at < w.asof and c.assessment_due < (w.asof at time zone 'Europe/Amsterdam')::date
		       and (c.assessment_completed_at is null or c.assessment_completed_at >= w.asof)
		       and assessment_state(c.assessment_due, c.assessment_completed_at, w.asof) = 'overdue' and (c.closed_at is null or c.closed_at >= w.asof)
		      group by 1, 2`
	},
	{
		metric: 'vv_open',
		sql: `select w.week, c.municipality_id, t.partner_org_id, '', count(*)::int, null::int[]
		      from weeks w join trajectories t on t.opened_at < w.asof and (t.vt_closed_at is null or t.vt_closed_at >= w.asof)
		      join cases c on c.id = t.case_id group by 1, 2, 3`
	},
	{
		metric: 'vv_overdue',
		sql: `select w.week, c.municipality_id, t.partner_org_id, '', count(*)::int, null::int[]
		      from weeks w join trajectories t on t.opened_at < w.asof and (t.vt_closed_at is null or t.vt_closed_at >= w.asof)
		      join cases c on c.id = t.case_id
		      where t.term_escalate_due <= w.asof
		         or exists (select 1 from trajectory_conditions i where i.trajectory_id = t.id and i.remind_due <= w.asof and (i.status = 'open' or i.updated_at >= w.asof))
		         or exists (select 1 from trajectory_steps i where i.trajectory_id = t.id and i.remind_due <= w.asof and (not i.done or i.updated_at >= w.asof))
		      group by 1, 2, 3`
	},
	{
		// families waiting for a consortium, with how long each has waited so far (observed)
		metric: 'waiting',
		sql: `select w.week, c.municipality_id, e.consortium_id, e.care_type_id, count(*)::int,
		             array_agg(((w.asof at time zone 'Europe/Amsterdam')::date - e.waiting_since) * 1440)
		      from weeks w join wait_entries e on e.created_at < w.asof
		       and (e.care_started_on is null or e.care_started_on > (w.asof at time zone 'Europe/Amsterdam')::date)
		      join cases c on c.id = e.case_id group by 1, 2, 3, 4`
	},
	{
		metric: 'waiting_over_norm',
		sql: `select w.week, c.municipality_id, e.consortium_id, e.care_type_id, count(*)::int, null::int[]
		      from weeks w join wait_entries e on e.created_at < w.asof
		       and (e.care_started_on is null or e.care_started_on > (w.asof at time zone 'Europe/Amsterdam')::date)
		      join care_types ct on ct.id = e.care_type_id
		      join cases c on c.id = e.case_id
		      where (w.asof at time zone 'Europe/Amsterdam')::date - e.waiting_since > ct.norm_days group by 1, 2, 3, 4`
	},
	{
		metric: 'checkins_overdue',
		sql: `select w.week, c.municipality_id, null::uuid, '', count(*)::int, null::int[]
		      from weeks w join safety_checkins s on s.due_on < (w.asof at time zone 'Europe/Amsterdam')::date and s.created_at < w.asof
		       and (s.recorded_at is null or s.recorded_at >= w.asof) and (s.cancelled_at is null or s.cancelled_at >= w.asof)
		      join cases c on c.id = s.case_id group by 1, 2`
	},
	{
		metric: 'monitoring_overdue',
		sql: `select w.week, c.municipality_id, null::uuid, '', count(*)::int, null::int[]
		      from weeks w join monitoring_moments m on m.planned_on < (w.asof at time zone 'Europe/Amsterdam')::date and m.created_at < w.asof
		       and (m.recorded_at is null or m.recorded_at >= w.asof) and (m.cancelled_at is null or m.cancelled_at >= w.asof)
		      join cases c on c.id = m.case_id group by 1, 2`
	}
];

/**
 * Recomputes the weekly rollups of the weeks from `fromWeek` up to and including `toWeek`
 * (Mondays), for every gemeente, in one transaction (readers see the old or the new figures, never
 * half). The weeks are rewritten only when their figures changed. Returns how many rows the weeks have.
 */
export async function refreshWeeks(sql: Sql, fromWeek: string, toWeek: string, now: Date): Promise<number> {
	const start = amsterdamStartOfDay(fromWeek);
	const end = amsterdamStartOfDay(addDays(toWeek, 7));
	return sql.begin(async (tx) => {
		// one refresh at a time: concurrent workers wait instead of writing the same rows twice
		await tx`select pg_advisory_xact_lock(hashtext('dashboard_weekly'))`;
		// the correlated state queries look expensive to the planner: compiling them (JIT) costs far more than running them
		await tx`set local jit = off`;
		await tx`
			create temporary table weeks on commit drop as
			select g::date as week, least((g + interval '7 days')::timestamp at time zone 'Europe/Amsterdam', ${now}::timestamptz) as asof
			from generate_series(${fromWeek}::date, ${toWeek}::date, interval '7 days') g
			where (g::timestamp at time zone 'Europe/Amsterdam') <= ${now}::timestamptz`;
		await tx`analyze weeks`;
		await tx`create temporary table dashboard_fresh (like dashboard_weekly) on commit drop`;
		let written = 0;
		for (const m of [...EVENT_METRICS, ...STATE_METRICS]) written += await insertMetric(tx, m.metric, m.sql, start, end, now);
		const [{ changed }] = await tx<{ changed: boolean }[]>`
			select exists (select week, municipality_id, metric, partner_org_id, detail, count, durations from dashboard_fresh
			               except all
			               select week, municipality_id, metric, partner_org_id, detail, count, durations from dashboard_weekly
			               where week >= ${fromWeek} and week <= ${toWeek})
			    or exists (select week, municipality_id, metric, partner_org_id, detail, count, durations from dashboard_weekly
			               where week >= ${fromWeek} and week <= ${toWeek}
			               except all
			               select week, municipality_id, metric, partner_org_id, detail, count, durations from dashboard_fresh) as changed`;
		if (changed) {
			await tx`delete from dashboard_weekly where week >= ${fromWeek} and week <= ${toWeek}`;
			await tx`insert into dashboard_weekly select * from dashboard_fresh`;
		}
		return written;
	});
}

/** Computes one metric for the weeks into dashboard_fresh; the durations sorted, so equal figures are equal rows. */
async function insertMetric(tx: Db, metric: string, select: string, start: Date, end: Date, now: Date): Promise<number> {
	const rows = await tx.unsafe(
		`insert into dashboard_fresh (week, municipality_id, metric, partner_org_id, detail, count, durations, computed_at)
		 select x.*, $3::timestamptz from (
		   select week, municipality_id, '${metric}', partner, coalesce(detail, ''), n, (select array_agg(v order by v) from unnest(durations) v)
		   from (${select}) as q(week, municipality_id, partner, detail, n, durations)
		 ) x returning 1`,
		[start, end, now]
	);
	return rows.length;
}
