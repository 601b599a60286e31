import { isPartnerWorker, isVtWorker, type Capacity } from '../actor.ts';
import { rooms } from '../../realtime/events.ts';
import { isEventType, type DomainEventMap, type EventType } from '../../domain-events.ts';

/** What the decision looks at of an event: its type, its streams and its payload (stored or live). */
export interface EventForViewer {
	type: string;
	streams: readonly string[];
	payload: Readonly<Record<string, unknown>>;
}

/** A rule for events whose payload has (at least) P: a rule that reads a payload field only fits types that have it. */
type Rule<P = unknown> = (event: { streams: readonly string[]; payload: P }, viewer: Capacity) => boolean;

/** The viewer's organisation is one the event is addressed to (an "org:<id>" stream). */
const addressed: Rule = (e, v) => e.streams.includes(rooms.organisation(v.organisationId));

/**
 * VT's side: a VT medewerker or coordinator. VT sees every case and every tafel (caseAccess,
 * tableAccess); which of its organisations an event reaches is decided by the event's streams.
 */
const vt: Rule = (_e, v) => isVtWorker(v);

/** The partner on the other side of a handover, trajectory or wait: the organisation the payload names in `field`. */
const partnerNamed =
	<F extends string>(field: F): Rule<Record<F, string>> =>
	(e, v) =>
		isPartnerWorker(v) && e.payload[field] === v.organisationId;

/**
 * A participant of the tafel: tafel events are addressed to every participating organisation
 * (tableEvent), so the organisation streams name exactly the participants.
 */
const participant: Rule = (e, v) => isPartnerWorker(v) && addressed(e, v);

/** A consortium the event is addressed to (aggregated waiting figures). */
const consortium: Rule = (e, v) => isPartnerWorker(v) && v.organisationKind === 'consortium' && addressed(e, v);

const either =
	<P>(...rules: Rule<P>[]): Rule<P> =>
	(e, v) =>
		rules.some((rule) => rule(e, v));

/** VT and the partner organisation the step concerns (payload.toOrgId); no other partner, however it follows the case. */
const vtAndReceiver = either(vt, partnerNamed('toOrgId'));
/** VT and the tafel's participants; what a participant sees of a case is the tafel's own steps, never a handover to another partner. */
const vtAndParticipants = either(vt, participant);

/**
 * Every event type, and who may see an event of that type. An event of a type not listed here
 * (not in domain-events.ts) is seen by nobody; adding an event type without deciding its audience
 * does not compile. Gemeente, stuurgroep and beheerder-only roles see no domain events.
 */
const AUDIENCE: { [T in EventType]: Rule<DomainEventMap[T]> } = {
	// VT's own work on a case: never a partner, not even the one that follows the case now
	'case.created': vt,
	'case.updated': vt,
	'case.closed': vt,
	'case.reopened': vt,
	'case.reassigned': vt,
	'melder_letter.saved': vt,
	'case.melder_informed': vt,
	'monitoring.recorded': vt,
	'monitoring.replanned': vt,
	'monitoring.updated': vt,
	// safety check-ins are VT's, also while the family waits for a consortium
	'checkin.scheduled': vt,
	'checkin.recorded': vt,
	'checkin.reminded': vt,
	'checkin.escalated': vt,
	// a handover: VT and the partner it is offered to
	'handover.offered': vtAndReceiver,
	'handover.accepted': vtAndReceiver,
	'handover.declined': vtAndReceiver,
	'handover.withdrawn': vtAndReceiver,
	'handover.completed': vtAndReceiver,
	'handover.breached': vtAndReceiver,
	'warm_handover.planned': vtAndReceiver,
	'warm_handover.confirmed': vtAndReceiver,
	// V&V: VT and the partner of the trajectory
	'trajectory.opened': vtAndReceiver,
	'trajectory.updated': vtAndReceiver,
	'trajectory.closed': vtAndReceiver,
	// a family waiting for a consortium: VT and that consortium
	'waiting.started': vtAndReceiver,
	'waiting.care_started': vtAndReceiver,
	'waiting.over_norm': vtAndReceiver,
	'waiting.reported': either(vt, partnerNamed('consortiumId')),
	'waiting.snapshot': either(vt, consortium),
	// the norms the waiting figures are measured against: who sees those figures live
	'waiting.norms_changed': either(vt, consortium),
	// a VT coördinator's caseload norms and sprints: VT's own team only (streams: its organisation)
	'caseload.norm_changed': vt,
	'sprint.planned': vt,
	// a tafel: VT and the participating organisations
	'table.created': vtAndParticipants,
	'table.opened': vtAndParticipants,
	'table.closed': vtAndParticipants,
	'table.item_added': vtAndParticipants,
	'table.item_removed': vtAndParticipants,
	'table.current_item': vtAndParticipants,
	'table.proposed': vtAndParticipants,
	'table.item_decided': vtAndParticipants,
	// the region's deadlines: VT, whose work they set
	'settings.sla_changed': vt,
	'settings.followup_changed': vt
};

/**
 * Whether a viewer (a socket's or a request's organisation, its kind and the roles it acts with)
 * may see an event. The one rule behind the live emit, replay and the case timeline: each delivers
 * only along the event's streams (rooms joined after an access check, or the case page's own access
 * check) and then only where this says yes.
 */
export function maySee(viewer: Capacity, event: EventForViewer): boolean {
	if (!isEventType(event.type)) return false;
	// a stored payload of this type has the fields its rule reads (appendEvent took only that type's payload)
	const rule = AUDIENCE[event.type] as Rule<EventForViewer['payload']>;
	return rule(event, viewer);
}
