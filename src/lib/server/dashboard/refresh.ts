import type { Redis } from 'ioredis';
import type { Sql } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { rkey } from '../redis.ts';
import { log } from '../log.ts';
import { realtime } from '../realtime/hub.ts';
import { rooms } from '../../realtime/events.ts';
import { amsterdamDay } from '../workdays.ts';
import { recentWeeks, refreshWeeks } from './rollup.ts';
import { addDays, mondayOf } from './weeks.ts';

export interface RefreshDeps {
	sql: Sql;
	redis: Redis;
	clock: Clock;
}

/** How far back a full refresh recomputes (the longest period the dashboard offers, and its previous period). */
export const HISTORY_WEEKS = 2 * 104;

/** A digest of the rollup rows from a week on: equal digests, equal figures. */
async function digest(sql: Sql, fromWeek: string): Promise<string> {
	const [row] = await sql<{ d: string | null }[]>`
		select md5(string_agg(concat_ws('|', week, municipality_id, metric, partner_org_id, detail, count, durations::text), ',' order by week, municipality_id, metric, partner_org_id, detail)) as d
		from dashboard_weekly where week >= ${fromWeek}`;
	return row.d ?? '';
}

/**
 * Recomputes the rollups (the current and previous week, or with `all` the whole history in
 * quarters) and, when the figures changed, tells the open dashboards to reload them. Any number of
 * workers may run it: the refresh is serialised in PostgreSQL and the signal is idempotent.
 */
export async function refreshDashboard(deps: RefreshDeps, all = false): Promise<{ rows: number; changed: boolean }> {
	const now = deps.clock.now();
	let rows = 0;
	const current = mondayOf(amsterdamDay(now));
	const first = all ? addDays(current, -7 * (HISTORY_WEEKS - 1)) : recentWeeks(now).fromWeek;
	for (let from = first; from <= current; from = addDays(from, 7 * 13)) {
		const to = addDays(from, 7 * 12) < current ? addDays(from, 7 * 12) : current;
		rows += await refreshWeeks(deps.sql, from, to, now);
	}
	const next = await digest(deps.sql, first);
	const key = rkey('dashboard', all ? 'digest-all' : `digest-${first}`);
	const previous = await deps.redis.set(key, next, 'EX', 30 * 86_400, 'GET');
	const changed = previous !== next;
	if (changed) {
		try {
			realtime().to(rooms.dashboard).emit('dashboard:updated', { at: now.toISOString() });
		} catch (err) {
			log().warn({ err: err instanceof Error ? err.message : String(err) }, 'could not signal the dashboards');
		}
	}
	return { rows, changed };
}
