/** The figures of the doorstroom dashboard: their Dutch labels and how a period adds them up. */

export interface MetricInfo {
	label: string;
	/** 'event': the period is the sum of its weeks; 'state': the period shows the state at its end. */
	kind: 'event' | 'state';
	/** Broken down by partner organisation on the dashboard. */
	byPartner?: boolean;
}

export const METRICS = {
	reports: { label: 'Meldingen', kind: 'event' },
	cases_in: { label: 'Zaken ingeschreven', kind: 'event' },
	assessed_on_time: { label: 'Veiligheidsbeoordelingen op tijd (binnen de norm)', kind: 'event' },
	assessed_late: { label: 'Veiligheidsbeoordelingen te laat', kind: 'event' },
	assessment_backlog: { label: 'Werkvoorraad: beoordelingen over de norm', kind: 'state' },
	offered: { label: 'Overdrachten aangeboden', kind: 'event', byPartner: true },
	accepted: { label: 'Overdrachten geaccepteerd', kind: 'event', byPartner: true },
	declined: { label: 'Overdrachten afgewezen', kind: 'event', byPartner: true },
	withdrawn: { label: 'Overdrachten ingetrokken', kind: 'event', byPartner: true },
	breached: { label: 'Reactietermijn verstreken', kind: 'event', byPartner: true },
	completed: { label: 'Warme overdrachten afgerond', kind: 'event', byPartner: true },
	vv_open: { label: 'V&V-trajecten lopend', kind: 'state' },
	vv_overdue: { label: 'V&V-trajecten met achterstand', kind: 'state' },
	waiting: { label: 'Gezinnen wachtend op zorg van een consortium', kind: 'state' },
	waiting_over_norm: { label: 'Gezinnen langer wachtend dan de norm', kind: 'state' },
	checkins_overdue: { label: 'Veiligheidschecks tijdens wachten te laat', kind: 'state' },
	monitoring_overdue: { label: 'Monitoring na afsluiting te laat', kind: 'state' }
} as const satisfies Record<MetricName, MetricInfo>;

import type { MetricName, StageId } from '../../dashboard/types.ts';

export type { MetricName, StageId };
export const KEY_METRICS = Object.keys(METRICS) as MetricName[];
export const PARTNER_METRICS = KEY_METRICS.filter((m) => (METRICS[m] as MetricInfo).byPartner);
/** Metrics with a breakdown per zorgvorm (waiting for a consortium). */
export const CARE_TYPE_METRICS: MetricName[] = ['waiting', 'waiting_over_norm'];

/** The chain's stages for the bottleneck view, each measured from the rollups' durations. */
export const STAGES: readonly { id: StageId; label: string; metrics: readonly string[] }[] = [
	{ id: 'assessment', label: 'Melding → veiligheidsbeoordeling', metrics: ['assessed_on_time', 'assessed_late'] },
	{ id: 'offer', label: 'Beoordeling → aanbod aan ketenpartner', metrics: ['first_offer'] },
	{ id: 'accept', label: 'Aanbod → acceptatie', metrics: ['accepted'] },
	{ id: 'warm', label: 'Acceptatie → warme overdracht afgerond', metrics: ['warm_after_accept'] },
	{ id: 'care', label: 'Wachten op zorg van een consortium', metrics: ['care_started'] }
];
