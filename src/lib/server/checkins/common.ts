import type { Db } from '../db/client.ts';
import { appendEvent, type StoredEvent } from '../events/log.ts';
import { rooms } from '../../realtime/events.ts';
import type { CheckinOutcome } from './schema.ts';

/** A check-in locked for a change, with what rules and messages need (no family data). */
export interface LockedCheckin {
	id: string;
	waitEntryId: string;
	caseId: string;
	reference: string;
	vtOrgId: string | null;
	assignedTo: string;
	assignedToName: string;
	consortiumName: string;
	careTypeName: string;
	waitingSince: string;
	dueOn: string;
	remindDue: Date;
	escalateDue: Date;
	remindedAt: Date | null;
	escalatedAt: Date | null;
	outcome: CheckinOutcome | null;
	recordedByName: string | null;
	cancelledAt: Date | null;
	careStartedOn: string | null;
}

/**
 * Locks the check-in's wait entry, then the check-in itself (the order a care start uses too:
 * wait entry first), and reads it. Undefined when there is no such check-in.
 */
export async function lockCheckin(tx: Db, id: string): Promise<LockedCheckin | undefined> {
	const [ref] = await tx<{ waitEntryId: string }[]>`select wait_entry_id from safety_checkins where id = ${id}`;
	if (!ref) return undefined;
	await tx`select 1 from wait_entries where id = ${ref.waitEntryId} for update`;
	const [row] = await tx<LockedCheckin[]>`
		select sc.id, sc.wait_entry_id, sc.case_id, c.reference, sc.vt_org_id, sc.assigned_to, au.name as assigned_to_name,
		       co.name as consortium_name, ct.name as care_type_name, to_char(we.waiting_since, 'YYYY-MM-DD') as waiting_since,
		       to_char(sc.due_on, 'YYYY-MM-DD') as due_on, sc.remind_due, sc.escalate_due, sc.reminded_at, sc.escalated_at,
		       sc.outcome::text as outcome, rb.name as recorded_by_name, sc.cancelled_at, to_char(we.care_started_on, 'YYYY-MM-DD') as care_started_on
		from safety_checkins sc
		join wait_entries we on we.id = sc.wait_entry_id
		join cases c on c.id = sc.case_id
		join organisations co on co.id = we.consortium_id
		join care_types ct on ct.id = we.care_type_id
		join users au on au.id = sc.assigned_to
		left join users rb on rb.id = sc.recorded_by
		where sc.id = ${id}
		for update of sc`;
	return row;
}

/** Open: no outcome yet, not cancelled, and the family still waits. */
export function isOpen(c: Pick<LockedCheckin, 'outcome' | 'cancelledAt' | 'careStartedOn'>): boolean {
	return !c.outcome && !c.cancelledAt && !c.careStartedOn;
}

/**
 * Appends a check-in event (last in the transaction: it takes the event-order lock) to the VT
 * organisation's stream, and to the case's stream when asked. The payload holds ids, the case
 * reference and names of professionals; never the outcome or the note.
 */
export function checkinEvent(
	tx: Db,
	c: Pick<LockedCheckin, 'id' | 'caseId' | 'reference' | 'waitEntryId' | 'vtOrgId'>,
	type: 'checkin.recorded' | 'checkin.reminded' | 'checkin.escalated',
	who: { userId: string | null; name: string; organisationName: string },
	change: string,
	now: Date,
	onCase: boolean
): Promise<StoredEvent> {
	const streams = [...(onCase ? [rooms.case(c.caseId)] : []), ...(c.vtOrgId ? [rooms.organisation(c.vtOrgId)] : [])];
	return appendEvent(
		tx,
		{
			streams,
			type,
			payload: {
				caseId: c.caseId,
				checkinId: c.id,
				waitEntryId: c.waitEntryId,
				reference: c.reference,
				actor: who.name,
				actorOrg: who.organisationName,
				change
			},
			actorUserId: who.userId
		},
		now
	);
}
