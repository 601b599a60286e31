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

/** A period of whole weeks: the Mondays of its first and last week. */
export interface Period {
	from: string;
	to: string;
}

export interface Area {
	id: string;
	name: string;
	level: 'regio' | 'subregio' | 'gemeente';
}

/** A duration in minutes (median and 90th percentile); null when fewer than 5 families. */
export type Duration = { median: number; p90: number } | null;

export interface DashboardFigures {
	scope: { kind: Scope['kind']; id: string | null; name: string };
	period: Period & { weeks: string[] };
	previous: Period;
	/** The columns of the key figures: the main area first. */
	areas: Area[];
	key: { metric: MetricName; label: string; kind: 'event' | 'state'; values: Record<string, Published>; previous: Published }[];
	/** Share of assessments on time in the main area (only when both counts are published). */
	onTimeShare: number | null;
	weekly: { metric: MetricName; label: string; values: { week: string; value: Published }[] }[];
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
	computedAt: Date | null;
}

