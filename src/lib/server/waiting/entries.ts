import { scheduleNextCheckin } from '../checkins/schedule.ts';
import type { Db } from '../db/client.ts';
import { auditActorOf, isPartnerWorker, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { appendEvent, domainEvent, publish, type NewEvent } from '../events/log.ts';
import type { EventTypeWith, PayloadBeyond, WaitStep } from '../../domain-events.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { amsterdamDay } from '../workdays.ts';
import { rooms } from '../../realtime/events.ts';
import { formatDay } from '../../labels.ts';
import type { CareStartInput } from './schema.ts';
import type { ServiceDeps } from '../deps.ts';

const NO_ACCESS = 'Dit wachtende gezin bestaat niet of wacht niet op uw organisatie.';

/** What an event about a wait entry carries: the reference and organisation names, never family data. */
export function waitEvent<T extends EventTypeWith<WaitStep>>(
	type: T,
	w: { id: string; caseId: string; reference: string; consortiumId: string; consortiumName: string; vtOrgId: string | null },
	actor: { name: string; organisationName: string; userId: string | null },
	extra: PayloadBeyond<T, WaitStep>
): NewEvent<T> {
	// toOrgId lets the consortium's case timeline show it (as for handovers)
	const step: WaitStep = {
		caseId: w.caseId,
		waitEntryId: w.id,
		reference: w.reference,
		toOrgId: w.consortiumId,
		toOrgName: w.consortiumName,
		actor: actor.name,
		actorOrg: actor.organisationName
	};
	const streams = [rooms.case(w.caseId), rooms.organisation(w.consortiumId), ...(w.vtOrgId ? [rooms.organisation(w.vtOrgId)] : [])];
	return domainEvent(type, step, extra, { streams, actorUserId: actor.userId });
}

/** Who keeps sight of the family for VT: the medewerker who offered, or (account disabled) a VT coordinator. */
async function responsibleFor(tx: Db, offeredBy: string | null, vtOrgId: string): Promise<string | null> {
	const [row] = await tx<{ id: string }[]>`
		select u.id from users u
		left join memberships m on m.user_id = u.id and m.organisation_id = ${vtOrgId}
		where u.disabled_at is null and (u.id = ${offeredBy} or m.role in ('coordinator', 'medewerker'))
		order by u.id = ${offeredBy} desc nulls last, m.role = 'coordinator' desc nulls last, u.name, u.id
		limit 1`;
	return row?.id ?? offeredBy;
}

/**
 * Inside the transaction that accepts an offer to a consortium: the family now waits for it. One
 * wait entry per handover (since = the Amsterdam day of acceptance, the offer's zorgvorm, the
 * subregion of the case's gemeente). Returns the event to append last, or null for other partners.
 */
export async function startWaiting(tx: Db, handoverId: string, actor: Actor, now: Date): Promise<NewEvent<'waiting.started'> | null> {
	const [h] = await tx<
		{
			caseId: string;
			reference: string;
			consortiumId: string;
			consortiumName: string;
			careTypeId: string | null;
			subregionId: string;
			offeredBy: string | null;
			vtOrgId: string;
		}[]
	>`
		select h.case_id, c.reference, h.to_org_id as consortium_id, o.name as consortium_name, h.care_type_id, m.subregion_id,
		       h.offered_by, h.from_org_id as vt_org_id
		from handovers h join cases c on c.id = h.case_id join municipalities m on m.id = c.municipality_id
		join organisations o on o.id = h.to_org_id
		where h.id = ${handoverId} and o.kind = 'consortium'`;
	if (!h) return null;
	if (!h.careTypeId)
		throw new ConflictError(
			'Bij dit aanbod ontbreekt de zorgvorm. Vraag Veilig Thuis het aanbod in te trekken en opnieuw aan te bieden met de zorgvorm.'
		);
	const responsible = await responsibleFor(tx, h.offeredBy, h.vtOrgId);
	if (!responsible) throw new ConflictError('Er is geen medewerker van Veilig Thuis die het zicht op de veiligheid kan houden.');
	const since = amsterdamDay(now);
	const [row] = await tx<{ id: string }[]>`
		insert into wait_entries (case_id, handover_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at)
		values (${h.caseId}, ${handoverId}, ${h.consortiumId}, ${h.careTypeId}, ${h.subregionId}, ${responsible}, ${since}, ${now})
		on conflict do nothing returning id`;
	if (!row) return null;
	// the first safety check-in at once (the workers' reconciliation would plan it within a minute too)
	await scheduleNextCheckin(tx, row.id, now);
	await audit(
		tx,
		auditActorOf(actor),
		'waiting.started',
		{ type: 'wait_entry', id: row.id },
		{ case: h.caseId, handover: handoverId, careType: h.careTypeId }
	);
	return waitEvent('waiting.started', { id: row.id, ...h }, actor, { waitingSince: since });
}

interface LockedEntry {
	id: string;
	caseId: string;
	reference: string;
	consortiumId: string;
	consortiumName: string;
	vtOrgId: string | null;
	waitingSince: string;
	careStartedOn: string | null;
	careStartedByName: string | null;
}

/**
 * The consortium marks that care started (on a day from waiting_since up to today): the entry
 * closes and, in the same transaction, open safety check-ins are cancelled. Audited, live.
 */
export async function markCareStarted(deps: ServiceDeps, actor: Actor, input: CareStartInput): Promise<{ cancelledCheckins: number }> {
	if (!isPartnerWorker(actor) || actor.organisationKind !== 'consortium' || !isUuid(input.waitEntryId)) throw new ForbiddenError(NO_ACCESS);
	const now = deps.clock.now();
	const today = amsterdamDay(now);
	const { events, cancelled } = await deps.sql.begin(async (tx) => {
		const [w] = await tx<LockedEntry[]>`
			select w.id, w.case_id, c.reference, w.consortium_id, o.name as consortium_name, h.from_org_id as vt_org_id,
			       w.waiting_since::text as waiting_since, w.care_started_on::text as care_started_on, cb.name as care_started_by_name
			from wait_entries w join cases c on c.id = w.case_id join organisations o on o.id = w.consortium_id
			left join handovers h on h.id = w.handover_id left join users cb on cb.id = w.care_started_by
			where w.id = ${input.waitEntryId} for update of w`;
		if (!w || w.consortiumId !== actor.organisationId) throw new ForbiddenError(NO_ACCESS);
		if (w.careStartedOn) {
			throw new ConflictError(
				`De zorg voor ${w.reference} is al gestart op ${formatDay(w.careStartedOn)}${w.careStartedByName ? ` (vastgelegd door ${w.careStartedByName})` : ''}.`
			);
		}
		if (input.careStartedOn < w.waitingSince) {
			const message = `De zorg kan niet eerder starten dan het gezin begon te wachten (${formatDay(w.waitingSince)}).`;
			throw new InputError(message, { careStartedOn: message });
		}
		if (input.careStartedOn > today) {
			const message = 'De startdatum ligt in de toekomst. Leg de start vast op of na de dag dat de zorg begint.';
			throw new InputError(message, { careStartedOn: message });
		}
		await tx`update wait_entries set care_started_on = ${input.careStartedOn}, care_started_by = ${actor.userId} where id = ${w.id}`;
		const off = await tx`
			update safety_checkins set cancelled_at = ${now}
			where wait_entry_id = ${w.id} and outcome is null and cancelled_at is null returning id`;
		await audit(
			tx,
			auditActorOf(actor),
			'waiting.care_started',
			{ type: 'wait_entry', id: w.id },
			{
				case: w.caseId,
				startedOn: input.careStartedOn,
				cancelledCheckins: off.length
			}
		);
		const event = await appendEvent(tx, waitEvent('waiting.care_started', w, actor, { careStartedOn: input.careStartedOn }), now);
		return { events: [event], cancelled: off.length };
	});
	publish(events);
	return { cancelledCheckins: cancelled };
}
