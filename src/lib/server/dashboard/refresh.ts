import type { Sql } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { log } from '../log.ts';
import { realtime } from '../realtime/hub.ts';
import { rooms } from '../../realtime/events.ts';
import { amsterdamDay } from '../workdays.ts';
import { recentWeeks, refreshWeeks } from './rollup.ts';
import { addDays, mondayOf } from './weeks.ts';
import { rollupVersion } from './cache.ts';
import { dashboardFigures, type Scope } from './figures.ts';
import { periodFrom } from './period.ts';

export interface RefreshDeps {
	sql: Sql;
	clock: Clock;
}

/** How far back a full refresh recomputes (the longest period the dashboard offers, and its previous period). */
export const HISTORY_WEEKS = 2 * 104;

/** The scopes whose default view is computed ahead of the readers: the region and each gemeente. */
async function allScopes(sql: Sql): Promise<Scope[]> {
	const rows = await sql<{ id: string }[]>`select id from municipalities order by id`;
	return [{ kind: 'regio' }, ...rows.map((r) => ({ kind: 'gemeente' as const, municipalityId: r.id }))];
}

/**
 * Recomputes the rollups (the current and previous week, or with `all` the whole history in
 * quarters). When the figures changed (the rollup version moved), computes the default view (the
 * last 13 weeks) of every scope into the cache and then tells the open dashboards to reload, so
 * their readers get the new figures without waiting for them. Any number of workers may run it:
 * the refresh is serialised in PostgreSQL and the signal is idempotent.
 */
export async function refreshDashboard(deps: RefreshDeps, all = false): Promise<{ rows: number; changed: boolean }> {
	const now = deps.clock.now();
	const before = (await rollupVersion(deps.sql)).version;
	let rows = 0;
	const current = mondayOf(amsterdamDay(now));
	const first = all ? addDays(current, -7 * (HISTORY_WEEKS - 1)) : recentWeeks(now).fromWeek;
	for (let from = first; from <= current; from = addDays(from, 7 * 13)) {
		const to = addDays(from, 7 * 12) < current ? addDays(from, 7 * 12) : current;
		rows += await refreshWeeks(deps.sql, from, to, now);
	}
	const changed = (await rollupVersion(deps.sql)).version !== before;
	if (changed) {
		const period = periodFrom(new URLSearchParams({ weken: '13' }), now);
		for (const scope of await allScopes(deps.sql)) await dashboardFigures(deps.sql, scope, period);
		try {
			realtime().to(rooms.dashboard).emit('dashboard:updated', { at: now.toISOString() });
		} catch (err) {
			log().warn({ err: err instanceof Error ? err.message : String(err) }, 'could not signal the dashboards');
		}
	}
	return { rows, changed };
}
