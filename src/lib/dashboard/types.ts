/** The doorstroom dashboard's figures as pages, exports and the API receive them (already suppressed). */

/**
 * A published count: the number, "<5" for a small count, or "afgeschermd" for a count of 5 or more
 * that is hidden so that a small one cannot be worked out by subtracting.
 */
export type Published = number | '<5' | 'afgeschermd';

export type MetricName =
	| 'reports'
	| 'cases_in'
	| 'assessed_on_time'
	| 'assessed_late'
	| 'assessment_backlog'
	| 'offered'
	| 'accepted'
	| 'declined'
	| 'withdrawn'
	| 'breached'
	| 'completed'
	| 'vv_open'
	| 'vv_overdue'
	| 'waiting'
	| 'waiting_over_norm'
	| 'checkins_overdue'
	| 'monitoring_overdue';

export type StageId = 'assessment' | 'offer' | 'accept' | 'warm' | 'care';

/** Whose figures: one gemeente (with its subregion and the region to compare), or the region. */
export type Scope = { kind: 'regio' } | { kind: 'gemeente'; municipalityId: string };

export type { GridPeriod } from './grid.ts';
import type { GridPeriod } from './grid.ts';

export interface Area {
	id: string;
	name: string;
	level: 'regio' | 'subregio' | 'gemeente';
}

/**
 * A duration in minutes, rounded (whole hours for the chain's stages, whole days for waiting for
 * care): the median from 10 families, the 90th percentile from 20; null below 10 families.
 */
export type Duration = { median: number; p90: number | null } | null;

/**
 * Everything published for one period of the grid: counts per metric and cell (suppressed over the
 * whole region at once: every view is a part of this), durations per stage and area, the
 * consortia's reported waiting times. Written once when the period has ended; never changed.
 */
export interface PeriodPublication {
	period: GridPeriod;
	publishedAt: string;
	/**
	 * Per metric, per cell: "A:<area>" (regio, subregion or gemeente), "P:<area>:<place in partners>",
	 * "R:<area>:<decline reason>", "Z:<area>:<zorgvorm>" (breakdowns for the region and each gemeente).
	 */
	counts: Partial<Record<MetricName, Record<string, Published>>>;
	/** Per stage ("assessment" …, "waiting:<zorgvorm>"), per area id. */
	durations: Record<string, Record<string, Duration>>;
	/** "accept" / "complete", per "<area>|<place in partners>". */
	partnerDurations: Record<string, Record<string, Duration>>;
	partners: { id: string; name: string }[];
	careTypes: { id: string; name: string; normDays: number }[];
	/** The consortia's own reported waiting times (days) as they stood at the end of the period. */
	reported: { consortium: string; careTypeId: string; subregionId: string; days: number }[];
	areas: { regio: Area; subregions: Area[]; municipalities: (Area & { subregionId: string })[] };
}

/** A count over several periods, added up from the published ones; null when one of them is hidden. */
export type Total = number | null;

export interface DashboardFigures {
	scope: { kind: Scope['kind']; id: string | null; name: string };
	/** The periods asked for (published ones only), oldest first; the figures below are the last one's. */
	range: { from: GridPeriod; to: GridPeriod; periods: GridPeriod[] };
	/** The period the key figures, partners, declines, waiting and stages are of: the range's last. */
	period: GridPeriod;
	/** The period before it, when published. */
	previous: GridPeriod | null;
	/** The columns of the key figures: the main area first. */
	areas: Area[];
	key: {
		metric: MetricName;
		label: string;
		kind: 'event' | 'state';
		values: Record<string, Published>;
		/** The main area in the previous period. */
		previous: Published | null;
		/** The main area over the whole range (event figures), when every period is published. */
		total: Total;
		/** The main area per period of the range. */
		series: { period: string; value: Published }[];
	}[];
	/** Share of assessments on time in the main area (only when both counts are published). */
	onTimeShare: number | null;
	partners: {
		id: string;
		name: string;
		values: Partial<Record<MetricName, Published>>;
		toAccept: Duration;
		toComplete: Duration;
	}[];
	declineReasons: { reason: string; value: Published }[];
	waiting: {
		careTypeId: string;
		careType: string;
		normDays: number;
		waiting: Published;
		overNorm: Published;
		observed: Duration;
		/** The consortia's reported waiting time in days, per subregion of the main area. */
		reported: { subregionId: string; subregion: string; consortium: string; days: number }[];
	}[];
	bottleneck: {
		stages: { id: StageId; label: string; current: Duration; previous: Duration; bySubregion: Record<string, Duration> }[];
		subregions: { id: string; name: string }[];
		/** The stage with the longest median wait in this period (null when none has enough families). */
		slowest: StageId | null;
	};
	/** When the period shown was published. */
	publishedAt: string;
}
