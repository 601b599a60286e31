/**
 * The domain events: every event type and what its payload carries, for server and browser alike.
 * A payload is the minimum its receivers may see (ids, statuses, days, names of organisations and
 * professionals), never family data. A new event type is one line in DomainEventMap and one in
 * EVENT_GROUP; the compiler then asks for its audience (server/events/visibility.ts) and its line on
 * the case timeline (timeline-labels.ts).
 */

/** Who acted: a professional and their organisation, or 'Ketentafel' and '' when the workers did. */
export type ByWhom = { actor: string; actorOrg: string };
/** The case an event is about, by id and reference. */
export type OnCase = { caseId: string; reference: string };

/** What every step of a handover carries: toOrgId is the partner it is offered to (who sees it). */
export type HandoverStep = OnCase & ByWhom & { handoverId: string; toOrgId: string; toOrgName: string };
/** A step of a V&V trajectory; toOrgId is its partner. `change` says what changed, never a description. */
export type TrajectoryStep = OnCase & ByWhom & { trajectoryId: string; toOrgId: string; toOrgName: string; change: string };
/** A step of a family waiting for a consortium; toOrgId is the consortium. */
export type WaitStep = OnCase & ByWhom & { waitEntryId: string; toOrgId: string; toOrgName: string };
/** A safety check-in: never its outcome or note. */
export type CheckinStep = OnCase & ByWhom & { checkinId: string; waitEntryId: string; change: string };
/** VT's closure of a case and the monitoring after it. */
export type MonitoringStep = OnCase & ByWhom;
/** A coördinator's step in caseload management (rule 9): no case, no family data. */
export type CaseloadStep = ByWhom;
/** A step of a tafel. */
export type TableStep = ByWhom & { tableId: string };
/** A step about one agenda item of a tafel. */
export type TableItemStep = TableStep & { caseId: string; itemId: string };
/** A beheerder changed a setting of the region (/beheer/termijnen, /beheer/zorgvormen): who, and the values in force now. */
export type SettingsStep = ByWhom;

/** Every domain event type and its payload. */
export type DomainEventMap = {
	'case.created': OnCase & { actor: string };
	'case.updated': OnCase & { actor: string };
	'case.closed': MonitoringStep & { monitoringId: string; plannedOn: string; monitor: string };
	'case.reopened': MonitoringStep;
	/** A coordinator made another VT medewerker responsible for the case (rule 6); `from` is null when nobody was. */
	'case.reassigned': OnCase & ByWhom & { fromUserId: string | null; from: string | null; toUserId: string; to: string };
	/** The afsluitbrief was edited or drafted again: never its text. */
	'melder_letter.saved': MonitoringStep;
	/** how: brief, telefonisch, e-mail or persoonlijk. */
	'case.melder_informed': MonitoringStep & { informedOn: string; how: string };
	'monitoring.recorded': MonitoringStep & { monitoringId: string };
	'monitoring.replanned': MonitoringStep & { monitoringId: string; plannedOn: string; monitor: string };
	'monitoring.updated': MonitoringStep & { monitoringId: string; change: string };
	'checkin.scheduled': ByWhom & { count: number; change: string };
	'checkin.recorded': CheckinStep;
	'checkin.reminded': CheckinStep;
	'checkin.escalated': CheckinStep;
	'handover.offered': HandoverStep & { respondBefore: string; urgent: 'ja' | 'nee' };
	'handover.accepted': HandoverStep;
	/** reason: the Dutch label of the decline reason */
	'handover.declined': HandoverStep & { reason: string };
	'handover.withdrawn': HandoverStep;
	'handover.completed': HandoverStep;
	/** The workers' step: no actor. */
	'handover.breached': Omit<HandoverStep, keyof ByWhom> & { respondBefore: string };
	'warm_handover.planned': HandoverStep & { plannedAt: string; form: string };
	'warm_handover.confirmed': HandoverStep & { side: 'vt' | 'partner' };
	'trajectory.opened': TrajectoryStep;
	'trajectory.updated': TrajectoryStep;
	'trajectory.closed': TrajectoryStep;
	'waiting.started': WaitStep & { waitingSince: string };
	'waiting.care_started': WaitStep & { careStartedOn: string };
	'waiting.over_norm': WaitStep & { normDays: number };
	'waiting.reported': ByWhom & { consortiumId: string; consortiumName: string; count: number };
	/** The daily waiting figures changed: no figures in it (the pages reload them). */
	'waiting.snapshot': { day: string; rows: number };
	/** The norms (days) of zorgvormen changed: how many (the audit log has each old and new norm). */
	'waiting.norms_changed': SettingsStep & { changed: number };
	/** userId null: the team default changed; norm null: the medewerker is held against the team default again. */
	'caseload.norm_changed': CaseloadStep & { userId: string | null; norm: number | null };
	'sprint.planned': CaseloadStep & { sprintId: string; kind: 'sprintweek' | 'focusgroep'; startsOn: string; endsOn: string };
	'table.created': TableStep & { status: 'scheduled'; scheduledAt: string; subregion: string };
	'table.opened': TableStep & { status: 'running'; currentItemId: string | null };
	'table.closed': TableStep & { status: 'closed' };
	'table.item_added': TableItemStep & { currentItemId: string | null };
	'table.item_removed': TableItemStep & { currentItemId: string | null };
	'table.current_item': TableItemStep;
	'table.proposed': TableItemStep & { proposalId: string; partnerId: string; partnerName: string };
	'table.item_decided': TableItemStep &
		({ outcome: 'offer'; partnerId: string; partnerName: string; handoverId: string } | { outcome: 'back_to_vt' });
	/** The response terms as the page sets them (spoed in working hours, regulier in werkdagen) and the optional days off; for new offers from now on. */
	'settings.sla_changed': SettingsStep & {
		spoedHours: number;
		regulierDays: number;
		goodFridayOff: 'ja' | 'nee';
		liberationDayOff: 'ja' | 'nee';
	};
	/** The follow-up settings; for items written from now on. */
	'settings.followup_changed': SettingsStep & { graceWorkdays: number; checkinIntervalDays: number; statutoryTermDays: number };
};

/** A domain event type. */
export type EventType = keyof DomainEventMap;

/** An event of type T (default: any type) as a union discriminated by `type`: narrowing the type narrows the payload. */
export type DomainEvent<T extends EventType = EventType> = { [K in T]: { type: K; payload: DomainEventMap[K] } }[T];

/** The event types whose payload has at least the fields of B: what a constructor with base payload B can make. */
export type EventTypeWith<B> = { [K in EventType]: DomainEventMap[K] extends B ? K : never }[EventType];

/** The fields of P beyond those of B, for each variant of P; no field at all when B covers P. */
type Beyond<P, B> = P extends unknown ? ([Exclude<keyof P, keyof B>] extends [never] ? Record<string, never> : Omit<P, keyof B>) : never;

/** What the payload of type T adds to a base payload B. */
export type PayloadBeyond<T extends EventType, B> = Beyond<DomainEventMap[T], B>;

/** The kinds of work the events are about: what a live page reloads for (eventsOf). */
export type EventGroup = 'case' | 'monitoring' | 'checkin' | 'handover' | 'trajectory' | 'waiting' | 'caseload' | 'table' | 'settings';

/** The group of every event type; its keys are the one list of event types. */
const EVENT_GROUP = {
	'case.created': 'case',
	'case.updated': 'case',
	'case.closed': 'case',
	'case.reopened': 'case',
	'case.reassigned': 'case',
	'melder_letter.saved': 'case',
	'case.melder_informed': 'case',
	'monitoring.recorded': 'monitoring',
	'monitoring.replanned': 'monitoring',
	'monitoring.updated': 'monitoring',
	'checkin.scheduled': 'checkin',
	'checkin.recorded': 'checkin',
	'checkin.reminded': 'checkin',
	'checkin.escalated': 'checkin',
	'handover.offered': 'handover',
	'handover.accepted': 'handover',
	'handover.declined': 'handover',
	'handover.withdrawn': 'handover',
	'handover.completed': 'handover',
	'handover.breached': 'handover',
	'warm_handover.planned': 'handover',
	'warm_handover.confirmed': 'handover',
	'trajectory.opened': 'trajectory',
	'trajectory.updated': 'trajectory',
	'trajectory.closed': 'trajectory',
	'waiting.started': 'waiting',
	'waiting.care_started': 'waiting',
	'waiting.over_norm': 'waiting',
	'waiting.reported': 'waiting',
	'waiting.snapshot': 'waiting',
	'waiting.norms_changed': 'waiting',
	'caseload.norm_changed': 'caseload',
	'sprint.planned': 'caseload',
	'table.created': 'table',
	'table.opened': 'table',
	'table.closed': 'table',
	'table.item_added': 'table',
	'table.item_removed': 'table',
	'table.current_item': 'table',
	'table.proposed': 'table',
	'table.item_decided': 'table',
	'settings.sla_changed': 'settings',
	'settings.followup_changed': 'settings'
} as const satisfies Record<EventType, EventGroup>;

/** Every domain event type. */
export const EVENT_TYPES = Object.keys(EVENT_GROUP) as EventType[];

/** Whether a string (a stored or received event's type) is a domain event type. */
export function isEventType(type: string): type is EventType {
	return Object.hasOwn(EVENT_GROUP, type);
}

/** The group an event type belongs to. */
export function eventGroup(type: EventType): EventGroup {
	return EVENT_GROUP[type];
}

/**
 * A filter for live pages: true for events of the given groups and types, e.g.
 * `eventsOf('monitoring', 'case.closed', 'case.reopened')`.
 */
export function eventsOf(...wanted: (EventGroup | EventType)[]): (event: { type: string }) => boolean {
	const set = new Set<string>(wanted);
	return (event) => isEventType(event.type) && (set.has(event.type) || set.has(EVENT_GROUP[event.type]));
}
