import { log } from '../log.ts';
import { realtime } from '../realtime/hub.ts';
import { rooms } from '../../realtime/events.ts';
import { amsterdamDay } from '../workdays.ts';
import { addDays, nextPeriod, periodEnd, periodOf, previousPeriod, type GridPeriod } from '../../dashboard/grid.ts';
import { refreshWeeks } from './rollup.ts';
import { computePublication } from './publication.ts';
import type { ServiceDeps } from '../deps.ts';

/** A period is published this many days after its last Sunday, so that late entries are in it. */
export const PUBLICATION_GRACE_DAYS = 1;
/** How far back a first publication run goes (the longest range the dashboard offers, and the period before). */
export const HISTORY_PERIODS = 27;

/** The last period that may be published at `now`: its last Sunday plus the grace days are over. */
export function lastPublishable(now: Date): GridPeriod {
	const today = amsterdamDay(now);
	let p = periodOf(today);
	while (addDays(periodEnd(p), PUBLICATION_GRACE_DAYS) >= today) p = previousPeriod(p);
	return p;
}

/**
 * Publishes every period that has ended and is not published yet (at most HISTORY_PERIODS back):
 * recomputes the rollups of its weeks, computes the publication and stores it, never to change it.
 * Any number of workers may run it (a period is stored once). When something was published, the
 * open dashboards are told to reload (the signal carries no figures). Returns the published ids.
 */
export async function publishDuePeriods(deps: ServiceDeps): Promise<string[]> {
	const now = deps.clock.now();
	const last = lastPublishable(now);
	const done = new Set((await deps.sql<{ id: string }[]>`select period_id as id from dashboard_publications`).map((r) => r.id));
	// from the first melding (a new installation publishes no empty history), at most HISTORY_PERIODS back
	const [{ since }] = await deps.sql<{ since: string | null }[]>`
		select to_char(least(min(report_date), min((created_at at time zone 'Europe/Amsterdam')::date)), 'YYYY-MM-DD') as since from cases`;
	if (!since) return [];
	let first = last;
	for (let i = 1; i < HISTORY_PERIODS && previousPeriod(first).to >= since; i++) first = previousPeriod(first);
	const published: string[] = [];
	for (let p = first; p.from <= last.from; p = nextPeriod(p)) {
		if (done.has(p.id)) continue;
		await refreshWeeks(deps.sql, p.from, p.to, now);
		const figures = await computePublication(deps.sql, p, now);
		const stored = await deps.sql`
			insert into dashboard_publications (period_id, first_week, last_week, published_at, figures)
			values (${p.id}, ${p.from}, ${p.to}, ${now}, ${deps.sql.json(JSON.parse(JSON.stringify(figures)))})
			on conflict (period_id) do nothing returning period_id`;
		if (stored.length) published.push(p.id);
	}
	if (published.length) {
		try {
			realtime().to(rooms.dashboard).emit('dashboard:updated', { at: now.toISOString() });
		} catch (err) {
			log().warn({ err: err instanceof Error ? err.message : String(err) }, 'could not signal the dashboards');
		}
	}
	return published;
}
