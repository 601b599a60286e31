import type { ServiceDeps } from '../deps.ts';
import type { Db } from '../db/client.ts';
import { isPartnerWorker, isVtWorker, type Actor, type Capacity } from '../actor.ts';
import { appendEvent, domainEvent, publish, type StoredEvent } from '../events/log.ts';
import type { ByWhom, EventTypeWith, PayloadBeyond, TableStep } from '../../domain-events.ts';
import { ConflictError, ForbiddenError } from '../errors.ts';
import { rooms } from '../../realtime/events.ts';
import { realtime } from '../realtime/hub.ts';
import { caseAccess } from '../cases/access.ts';
import { readTableHeader, type TableHeader } from './queries.ts';
import { tableAccess } from './access.ts';

export { formatTableDay } from './time.ts';

export const NO_ACCESS = 'Deze overdrachtstafel bestaat niet of u heeft er geen toegang toe.';
const CLOSED = 'Deze overdrachtstafel is gesloten; er kan niets meer worden gewijzigd.';

/** Namespace of the advisory locks that keep one decision per agenda item at a time. */
export const DECISION_LOCK = 73_201;

import { isUuid } from '../ids.ts';
export { isUuid };

/** True for a VT teamcoördinator: plans tafels. */
export function isVtCoordinator(actor: Capacity): boolean {
	return actor.organisationKind === 'vt' && actor.roles.includes('coordinator');
}

/** True when the actor may lead this tafel: its chair, or any VT teamcoördinator. */
export function canChair(actor: Actor, table: Pick<TableHeader, 'chairId'>): boolean {
	return isVtWorker(actor) && !actor.tokenId && (actor.userId === table.chairId || actor.roles.includes('coordinator'));
}

/** Refuses everyone but the chair or a VT teamcoördinator. */
export function requireChair(actor: Actor, table: Pick<TableHeader, 'chairId'>): void {
	if (!canChair(actor, table)) throw new ForbiddenError('Alleen de voorzitter of een teamcoördinator van Veilig Thuis leidt deze tafel.');
}

/** Refuses anyone but a person working for VT (agenda changes). */
export function requireVtPerson(actor: Actor): void {
	if (!isVtWorker(actor) || actor.tokenId)
		throw new ForbiddenError('Alleen medewerkers van Veilig Thuis stellen de agenda van een tafel samen.');
}

/** True for a partner-organisation person (not a token) at a tafel. */
export function isPartnerPerson(actor: Actor): boolean {
	return isPartnerWorker(actor) && !actor.tokenId && !!actor.userId;
}

/**
 * Locks the tafel row for the rest of the transaction and returns it. ForbiddenError with one and
 * the same message when it does not exist or the actor may not see it, before any other check
 * can tell the two apart.
 */
export async function lockTable(tx: Db, actor: Capacity, tableId: string): Promise<TableHeader> {
	if (!isUuid(tableId)) throw new ForbiddenError(NO_ACCESS);
	const [row] = await tx`select id from handover_tables where id = ${tableId} for update`;
	if (!row || !(await tableAccess(tx, actor, tableId))) throw new ForbiddenError(NO_ACCESS);
	return (await readTableHeader(tx, tableId))!;
}

/** Refuses changes to a closed tafel. */
export function assertNotClosed(table: Pick<TableHeader, 'status'>): void {
	if (table.status === 'closed') throw new ConflictError(CLOSED);
}

/** Refuses unless the tafel is running (opened, not closed). */
export function assertRunning(table: Pick<TableHeader, 'status'>): void {
	assertNotClosed(table);
	if (table.status !== 'running') throw new ConflictError('De tafel is nog niet geopend. De voorzitter opent de tafel eerst.');
}

/**
 * Appends a tafel event. Streams: the tafel, the case when there is one, every participating
 * organisation (who may see it, visibility.ts) and any other organisations given. The payload holds
 * ids, statuses and names of organisations and professionals only.
 */
export async function tableEvent<T extends EventTypeWith<TableStep>>(
	tx: Db,
	actor: Actor,
	type: T,
	at: Date,
	payload: PayloadBeyond<T, ByWhom> & Pick<TableStep, 'tableId'>,
	organisationIds: string[] = []
): Promise<StoredEvent<T>> {
	const addressed = new Set([...organisationIds, ...(await participantIds(tx, payload.tableId))]);
	const onCase = 'caseId' in payload && typeof payload.caseId === 'string' ? [rooms.case(payload.caseId)] : [];
	const streams = [rooms.table(payload.tableId), ...onCase, ...[...addressed].map((id) => rooms.organisation(id))];
	const byWhom: ByWhom = { actor: actor.name, actorOrg: actor.organisationName };
	return appendEvent(tx, domainEvent(type, byWhom, payload, { streams, actorUserId: actor.userId }), at);
}

/** The organisations taking part in a tafel. */
export async function participantIds(tx: Db, tableId: string): Promise<string[]> {
	const rows = await tx<{ organisationId: string }[]>`select organisation_id from table_participants where table_id = ${tableId}`;
	return rows.map((r) => r.organisationId);
}

/** A case a partner organisation may have lost sight of (removed from the agenda, tafel closed). */
export interface Revocation {
	caseId: string;
	organisationId: string;
}

/**
 * After commit: publishes the events, then takes the case rooms away from organisations that no
 * longer see the case. Never throws: clients re-check their rooms on the next watch.
 */
export async function afterCommit(deps: ServiceDeps, events: StoredEvent[], revocations: Revocation[] = []): Promise<void> {
	publish(events);
	for (const { caseId, organisationId } of revocations) {
		try {
			const [org] = await deps.sql<{ kind: string }[]>`select kind::text as kind from organisations where id = ${organisationId}`;
			const still = await caseAccess(deps.sql, { organisationId, organisationKind: org?.kind ?? '', roles: ['medewerker'] }, caseId);
			if (!still) realtime().in(rooms.organisation(organisationId)).socketsLeave(rooms.case(caseId));
		} catch {
			// the rooms are re-checked at the next watch; nothing is lost
		}
	}
}
