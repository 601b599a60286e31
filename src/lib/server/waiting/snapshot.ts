import type { Db } from '../db/client.ts';
import { appendEvent, publish, type StoredEvent } from '../events/log.ts';
import { amsterdamEndOfDay } from '../time.ts';
import { amsterdamDay } from '../workdays.ts';
import { rooms } from '../../realtime/events.ts';
import type { ServiceDeps } from '../deps.ts';

/** The calendar day `days` days after `day` (YYYY-MM-DD; negative goes back). */
export function shiftDay(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The daily figure of `day` per consortium × zorgvorm × subregio, for every combination with a
 * report or with families waiting that day. reported_days is the report current at the end of the
 * day; the observed figures are over the families waiting that day (waiting_since on or before it,
 * care not yet started on it), counting the days from waiting_since to that day: the median (halves
 * rounded up), the maximum, how many, and how many waited the norm or longer. Idempotent: an upsert
 * on the primary key that leaves a row alone when nothing changed, and rows of that day that no
 * longer apply are removed. Returns how many rows were written or removed.
 */
export async function takeWaitingSnapshot(tx: Db, day: string, now: Date): Promise<number> {
	const endOfDay = amsterdamEndOfDay(day);
	const written = await tx`
		with reported as (
		  select distinct on (consortium_id, care_type_id, subregion_id) consortium_id, care_type_id, subregion_id, waiting_days
		  from waiting_time_reports where reported_at < ${endOfDay}
		  order by consortium_id, care_type_id, subregion_id, reported_at desc, id desc
		), waiting as (
		  select w.consortium_id, w.care_type_id, w.subregion_id, ${day}::date - w.waiting_since as days, ct.norm_days
		  from wait_entries w join care_types ct on ct.id = w.care_type_id
		  where w.waiting_since <= ${day}::date and (w.care_started_on is null or w.care_started_on > ${day}::date)
		), observed as (
		  select consortium_id, care_type_id, subregion_id,
		         round((percentile_cont(0.5) within group (order by days))::numeric)::int as median_days,
		         max(days) as max_days, count(*)::int as waiting_count, count(*) filter (where days >= norm_days)::int as over_norm_count
		  from waiting group by consortium_id, care_type_id, subregion_id
		), figures as (
		  select coalesce(r.consortium_id, o.consortium_id) as consortium_id, coalesce(r.care_type_id, o.care_type_id) as care_type_id,
		         coalesce(r.subregion_id, o.subregion_id) as subregion_id, r.waiting_days as reported_days,
		         o.median_days, o.max_days, coalesce(o.waiting_count, 0) as waiting_count, coalesce(o.over_norm_count, 0) as over_norm_count
		  from reported r full join observed o
		    on o.consortium_id = r.consortium_id and o.care_type_id = r.care_type_id and o.subregion_id = r.subregion_id
		)
		insert into waiting_snapshots (snapshot_date, consortium_id, care_type_id, subregion_id, reported_days, observed_median_days,
		                               observed_max_days, waiting_count, over_norm_count, taken_at)
		select ${day}::date, consortium_id, care_type_id, subregion_id, reported_days, median_days, max_days, waiting_count, over_norm_count, ${now}
		from figures
		on conflict (snapshot_date, consortium_id, care_type_id, subregion_id) do update set
		  reported_days = excluded.reported_days, observed_median_days = excluded.observed_median_days,
		  observed_max_days = excluded.observed_max_days, waiting_count = excluded.waiting_count,
		  over_norm_count = excluded.over_norm_count, taken_at = excluded.taken_at
		where (waiting_snapshots.reported_days, waiting_snapshots.observed_median_days, waiting_snapshots.observed_max_days,
		       waiting_snapshots.waiting_count, waiting_snapshots.over_norm_count)
		      is distinct from (excluded.reported_days, excluded.observed_median_days, excluded.observed_max_days,
		       excluded.waiting_count, excluded.over_norm_count)
		returning 1`;
	// a combination without a report and without waiting families that day (care start recorded late)
	const removed = await tx`
		delete from waiting_snapshots s where s.snapshot_date = ${day}::date
		  and not exists (select 1 from waiting_time_reports r where r.consortium_id = s.consortium_id and r.care_type_id = s.care_type_id
		                  and r.subregion_id = s.subregion_id and r.reported_at < ${endOfDay})
		  and not exists (select 1 from wait_entries w where w.consortium_id = s.consortium_id and w.care_type_id = s.care_type_id
		                  and w.subregion_id = s.subregion_id and w.waiting_since <= ${day}::date
		                  and (w.care_started_on is null or w.care_started_on > ${day}::date))
		returning 1`;
	return written.length + removed.length;
}

/** How many complete days back the daily run fills in when snapshots are missing (workers were down). */
export const SNAPSHOT_BACKFILL_DAYS = 7;

/**
 * The daily run (the 'waiting-snapshot' job): the snapshot of yesterday (the last complete
 * Amsterdam day), plus any of the days before it within the backfill window that has none. When
 * figures changed, one event tells the consortia and VT so /wachttijden reloads.
 */
export async function takeDueWaitingSnapshots(deps: ServiceDeps): Promise<{ days: string[]; changed: number }> {
	const now = deps.clock.now();
	const yesterday = shiftDay(amsterdamDay(now), -1);
	const window = Array.from({ length: SNAPSHOT_BACKFILL_DAYS }, (_, i) => shiftDay(yesterday, i - SNAPSHOT_BACKFILL_DAYS + 1));
	const { days, changed, events } = await deps.sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(hashtext('waiting-snapshot'))`;
		const taken = new Set(
			(
				await tx<
					{ day: string }[]
				>`select distinct snapshot_date::text as day from waiting_snapshots where snapshot_date >= ${window[0]}::date`
			).map((r) => r.day)
		);
		const days = window.filter((d) => d === yesterday || !taken.has(d));
		let changed = 0;
		for (const day of days) changed += await takeWaitingSnapshot(tx, day, now);
		const events: StoredEvent[] = [];
		if (changed) {
			const orgs = await tx<{ id: string }[]>`select id from organisations where kind in ('vt', 'consortium')`;
			events.push(
				await appendEvent(
					tx,
					{
						streams: orgs.map((o) => rooms.organisation(o.id)),
						type: 'waiting.snapshot',
						payload: { day: yesterday, rows: changed },
						actorUserId: null
					},
					now
				)
			);
		}
		return { days, changed, events };
	});
	publish(events);
	return { days, changed };
}
