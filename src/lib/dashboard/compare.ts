import type { MetricName, Published } from './types.ts';

/**
 * Which way is better for a figure: fewer late assessments is better, more accepted handovers is
 * better; for the number of meldingen or offers there is no good or bad direction.
 */
export const BETTER_WHEN: Record<MetricName, 'lower' | 'higher' | null> = {
	reports: null,
	cases_in: null,
	assessed_on_time: 'higher',
	assessed_late: 'lower',
	assessment_backlog: 'lower',
	offered: null,
	accepted: 'higher',
	declined: 'lower',
	withdrawn: 'lower',
	breached: 'lower',
	completed: 'higher',
	vv_open: null,
	vv_overdue: 'lower',
	waiting: 'lower',
	waiting_over_norm: 'lower',
	checkins_overdue: 'lower',
	monitoring_overdue: 'lower'
};

/** A change between two published numbers, with whether it is better or worse for this figure. */
export interface Change {
	from: number;
	to: number;
	/** to − from */
	diff: number;
	/** Relative change (0.4 = +40%); null when `from` is 0. */
	relative: number | null;
	/** 'beter' / 'slechter' by the figure's direction, 'gelijk' without change, null when neither direction is better. */
	verdict: 'beter' | 'slechter' | 'gelijk' | null;
}

/** The change from `previous` to `current` of a figure (or of a measure where lower or higher is better), only when both are published numbers (never from a suppressed one). */
export function changeOf(
	metric: MetricName | 'lower' | 'higher',
	current: Published | number | null | undefined,
	previous: Published | number | null | undefined
): Change | null {
	if (typeof current !== 'number' || typeof previous !== 'number') return null;
	const diff = current - previous;
	const relative = previous === 0 ? null : diff / previous;
	const direction = metric === 'lower' || metric === 'higher' ? metric : BETTER_WHEN[metric];
	const rounded = relative === null ? diff : Math.round(relative * 100);
	const verdict = rounded === 0 ? 'gelijk' : direction === null ? null : diff < 0 === (direction === 'lower') ? 'beter' : 'slechter';
	return { from: previous, to: current, diff, relative, verdict };
}

/** "+78%", "−12%", "gelijk", or "+6" when the previous number was 0. */
export function changeWords(c: Change): string {
	if (c.relative === null) return c.diff === 0 ? 'gelijk' : `${c.diff > 0 ? '+' : '−'}${Math.abs(c.diff)}`;
	const pct = Math.round(c.relative * 100);
	return pct === 0 ? 'gelijk' : `${pct > 0 ? '+' : '−'}${Math.abs(pct)}%`;
}

/** How large a change is, for ranking: the relative change, dampened for small absolute differences. */
export function changeSize(c: Change): number {
	const rel = c.relative === null ? 1 : Math.abs(c.relative);
	// a jump from 5 to 8 (+60%) weighs less than one from 50 to 80: scale by the absolute difference up to 10
	return rel * Math.min(1, Math.abs(c.diff) / 10);
}
