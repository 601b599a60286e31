import { z } from 'zod';
import type { Db, Sql } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { auditActorOf, isVtCoordinator, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { appendEvent, domainEvent, publish, type StoredEvent } from '../events/log.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { emitNotifications, insertNotifications, type StoredNotification } from '../notifications/service.ts';
import { notice } from '../notifications/texts.ts';
import { rooms } from '../../realtime/events.ts';
import { workersOf } from '../trajectories/queries.ts';

/** At most this many cases are reassigned at once (a selection of the werkvoorraad: more than a page). */
export const MAX_REASSIGN = 200;

/** The reassignment form: the case(s) and the medewerker who becomes responsible. */
export const reassignSchema = z.object({
	caseIds: z
		.array(z.uuid({ error: 'Kies zaken uit de lijst.' }), { error: 'Kies ten minste één zaak.' })
		.min(1, { error: 'Kies ten minste één zaak.' })
		.max(MAX_REASSIGN, { error: `Kies hoogstens ${MAX_REASSIGN} zaken tegelijk.` }),
	toUserId: z.uuid({ error: 'Kies een medewerker uit de lijst.' })
});
export type ReassignInput = z.output<typeof reassignSchema>;

export interface ResponsibleDeps {
	sql: Sql;
	clock: Clock;
}

const NO_CASE = 'Deze zaak bestaat niet of u heeft er geen toegang toe.';
const NOT_COORDINATOR = 'Alleen een teamcoördinator van Veilig Thuis wijst zaken toe aan een medewerker.';
const NOT_A_WORKER = 'Kies een actieve medewerker van uw organisatie.';

/** Whether the actor may reassign cases at all: a signed-in VT coordinator (the case's organisation is checked per case). */
export function mayReassign(actor: Pick<Actor, 'organisationId' | 'organisationKind' | 'roles' | 'tokenId'>): boolean {
	return isVtCoordinator(actor);
}

/**
 * The medewerkers a case of this VT organisation can be given to: its active medewerkers and
 * coordinators (the same people who may monitor and walk alongside in V&V).
 */
export function assignableWorkers(sql: Db, vtOrgId: string): Promise<{ id: string; name: string }[]> {
	return workersOf(sql, vtOrgId);
}

/**
 * Whose cases the werkvoorraad can be filtered on: the organisation's active medewerkers plus anyone
 * (a deactivated account too) still responsible for an open case of it, so a leaver's cases can be
 * found and handed on.
 */
export async function responsibleOptions(sql: Db, vtOrgId: string): Promise<{ id: string; name: string; active: boolean }[]> {
	const rows = await sql<{ id: string; name: string; active: boolean }[]>`
		select u.id, u.name, u.disabled_at is null as active from users u
		where u.id in (
			select m.user_id from memberships m where m.organisation_id = ${vtOrgId} and m.role in ('medewerker', 'coordinator')
			union
			select c.responsible_user_id from cases c where c.responsible_org_id = ${vtOrgId} and c.closed_at is null and c.responsible_user_id is not null
		)
		order by u.disabled_at is not null, lower(u.name)`;
	return [...rows];
}

/**
 * A VT coordinator makes a medewerker responsible for one case or a selection of cases (rule 6:
 * someone is ill or leaves). All or nothing: every case must be open and its responsible
 * organisation the coordinator's own (a case handed over to a partner is the partner's), and the medewerker an active medewerker or coordinator of it. One
 * transaction: per changed case the row, an audit row with before and after, and a
 * `case.reassigned` event; the new medewerker is notified (the reference only). Cases already
 * with that medewerker are left as they are. Returns how many cases changed.
 */
export async function reassignCases(deps: ResponsibleDeps, actor: Actor, input: ReassignInput): Promise<number> {
	if (!mayReassign(actor)) throw new ForbiddenError(NOT_COORDINATOR);
	const caseIds = [...new Set(input.caseIds)].sort(); // a fixed lock order: two selections never deadlock
	const now = deps.clock.now();
	const { events, stored } = await deps.sql.begin(async (tx) => {
		const locked = await tx<
			{ id: string; reference: string; orgId: string; closedAt: Date | null; fromUserId: string | null; from: string | null }[]
		>`
			select c.id, c.reference, c.responsible_org_id as org_id, c.closed_at, c.responsible_user_id as from_user_id, u.name as from
			from cases c left join users u on u.id = c.responsible_user_id
			where c.id = any(${caseIds}::uuid[]) order by c.id for update of c`;
		if (locked.length !== caseIds.length) throw new ForbiddenError(NO_CASE);
		for (const c of locked) {
			if (c.orgId !== actor.organisationId)
				throw new ForbiddenError('U kunt alleen zaken toewijzen waarvoor uw organisatie verantwoordelijk is.');
			if (c.closedAt) throw new ConflictError(`${c.reference} is afgesloten; wijs alleen open zaken toe.`);
		}
		const [to] = await tx<{ name: string }[]>`
			select u.name from users u join memberships m on m.user_id = u.id
			where u.id = ${input.toUserId} and m.organisation_id = ${actor.organisationId} and m.role in ('medewerker', 'coordinator')
			  and u.disabled_at is null limit 1`;
		if (!to) throw new InputError(NOT_A_WORKER, { toUserId: NOT_A_WORKER });
		const changed = locked.filter((c) => c.fromUserId !== input.toUserId);
		const events: StoredEvent[] = [];
		const stored: StoredNotification[] = [];
		for (const c of changed) {
			await tx`update cases set responsible_user_id = ${input.toUserId}, updated_at = ${now}, version = version + 1 where id = ${c.id}`;
			await audit(tx, auditActorOf(actor), 'case.reassigned', { type: 'case', id: c.id }, { from: c.fromUserId, to: input.toUserId });
			const event = await appendEvent(
				tx,
				domainEvent(
					'case.reassigned',
					{ caseId: c.id, reference: c.reference, actor: actor.name, actorOrg: actor.organisationName },
					{ fromUserId: c.fromUserId, from: c.from, toUserId: input.toUserId, to: to.name },
					{ streams: [rooms.case(c.id), rooms.organisation(actor.organisationId)], actorUserId: actor.userId }
				),
				now
			);
			events.push(event);
			if (input.toUserId !== actor.userId) {
				stored.push(
					...(await insertNotifications(
						tx,
						[input.toUserId],
						{
							...notice('case.assigned', { reference: c.reference }),
							href: `/zaken/${c.id}`,
							dedupeKey: `case.assigned:${c.id}:${event.id}`
						},
						now
					))
				);
			}
		}
		return { events, stored };
	});
	publish(events);
	emitNotifications(stored);
	return events.length;
}
