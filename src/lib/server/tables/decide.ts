import type { Db } from '../db/client.ts';
import { auditActorOf, isVtWorker, PARTNER_KINDS, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { tableAccess } from './access.ts';
import { offerHandover } from '../handovers/service.ts';
import type { Decision, ProposalInput } from './schema.ts';
import { readTableHeader, type TableHeader } from './queries.ts';
import {
	afterCommit,
	assertRunning,
	DECISION_LOCK,
	formatTableDay,
	isPartnerPerson,
	isUuid,
	lockTable,
	NO_ACCESS,
	requireChair,
	tableEvent
} from './common.ts';
import type { ServiceDeps } from '../deps.ts';

const BUSY = 'Er wordt op dit moment al een besluit over dit agendapunt vastgelegd. Ververs de pagina over een paar seconden.';
const GONE = 'Dit agendapunt staat niet (meer) op de agenda.';
const CONSORTIUM_FROM_CASE =
	'Een aanbod aan een consortium noemt de zorgvorm, en die kiest u op de zaakpagina. Leg hier "terug naar VT" vast met het consortium en de zorgvorm in de notitie; de medewerker biedt de zaak daarna vanaf de zaak aan.';

interface ItemState {
	caseId: string;
	outcome: string | null;
	decidedByName: string | null;
}

async function readItem(db: Db, tableId: string, itemId: string, forUpdate = false): Promise<ItemState | undefined> {
	if (!isUuid(itemId)) return undefined;
	const [row] = forUpdate
		? await db<
				ItemState[]
			>`select ti.case_id, ti.outcome, null::text as decided_by_name from table_items ti where ti.id = ${itemId} and ti.table_id = ${tableId} for update`
		: await db<ItemState[]>`
			select ti.case_id, ti.outcome, u.name as decided_by_name from table_items ti left join users u on u.id = ti.decided_by
			where ti.id = ${itemId} and ti.table_id = ${tableId}`;
	return row;
}

function alreadyDecided(item: ItemState): ConflictError {
	return new ConflictError(`Over dit agendapunt is al besloten${item.decidedByName ? ` door ${item.decidedByName}` : ''}.`);
}

async function partnerNamed(db: Db, partnerId: string, field: string): Promise<string> {
	const [partner] = await db<{ name: string; kind: string }[]>`select name, kind::text as kind from organisations where id = ${partnerId}`;
	if (!partner || !PARTNER_KINDS.includes(partner.kind))
		throw new InputError('Kies een ketenpartner uit de lijst.', { [field]: 'Kies een ketenpartner uit de lijst.' });
	return partner.name;
}

/**
 * A participant (a person of a partner organisation at the tafel) or VT proposes a partner
 * organisation for the item under discussion, with an optional note. Refused when the item is no
 * longer current (the form was stale) or already decided.
 */
export async function proposePartner(deps: ServiceDeps, actor: Actor, tableId: string, input: ProposalInput): Promise<string> {
	const vt = isVtWorker(actor) && !actor.tokenId && !!actor.userId;
	if (!vt && !isPartnerPerson(actor)) throw new ForbiddenError(NO_ACCESS);
	const now = deps.clock.now();
	const { id, event } = await deps.sql.begin(async (tx) => {
		const table = await lockTable(tx, actor, tableId); // a partner only as a participant
		assertRunning(table);
		if (table.currentItemId !== input.itemId)
			throw new ConflictError('Dit agendapunt is niet meer in bespreking. Bekijk het huidige agendapunt en doe uw voorstel opnieuw.');
		const item = await readItem(tx, tableId, input.itemId);
		if (!item) throw new ConflictError(GONE);
		if (item.outcome) throw alreadyDecided(item);
		const partnerName = await partnerNamed(tx, input.partnerId, 'partnerId');
		const [row] = await tx<{ id: string }[]>`
			insert into table_proposals (item_id, proposed_by, proposer_org_id, partner_id, note, created_at)
			values (${input.itemId}, ${actor.userId}, ${actor.organisationId}, ${input.partnerId}, ${input.note}, ${now}) returning id`;
		await audit(
			tx,
			auditActorOf(actor),
			'table.updated',
			{ type: 'table', id: tableId },
			{ change: 'proposal', case: item.caseId, partner: input.partnerId }
		);
		const event = await tableEvent(tx, actor, 'table.proposed', now, {
			tableId,
			caseId: item.caseId,
			itemId: input.itemId,
			proposalId: row.id,
			partnerId: input.partnerId,
			partnerName
		});
		return { id: row.id, event };
	});
	await afterCommit(deps, [event]);
	return id;
}

/**
 * The chair records the outcome of an agenda item of the running tafel.
 *
 * - 'offer': the case is offered to the chosen partner through the normal handover flow
 *   (offerHandover, its own transaction, linked to the item by table_item_id); the outcome is
 *   recorded after the offer committed. A session advisory lock per item keeps concurrent
 *   decisions (and closing or removing) out meanwhile; should recording fail after the offer, a
 *   retry finds the linked handover and only records the outcome, so nothing stays half-written.
 * - 'back_to_vt': the case stays with VT; the note says why.
 *
 * Returns the handover's id for an offer.
 */
export async function decideItem(
	deps: ServiceDeps,
	actor: Actor,
	tableId: string,
	decision: Decision
): Promise<{ handoverId: string | null }> {
	if (!isUuid(tableId)) throw new ForbiddenError(NO_ACCESS);
	const header = await readTableHeader(deps.sql, tableId);
	if (!header || !(await tableAccess(deps.sql, actor, tableId))) throw new ForbiddenError(NO_ACCESS);
	requireChair(actor, header);
	if (!isUuid(decision.itemId)) throw new ConflictError(GONE);
	const reserved = await deps.sql.reserve();
	try {
		const [{ locked }] = await reserved<
			{ locked: boolean }[]
		>`select pg_try_advisory_lock(${DECISION_LOCK}, hashtext(${decision.itemId})) as locked`;
		if (!locked) throw new ConflictError(BUSY);
		try {
			if (decision.outcome === 'offer') return { handoverId: await decideOffer(deps, actor, tableId, decision) };
			await decideBackToVt(deps, actor, tableId, decision);
			return { handoverId: null };
		} finally {
			await reserved`select pg_advisory_unlock(${DECISION_LOCK}, hashtext(${decision.itemId}))`;
		}
	} finally {
		reserved.release();
	}
}

function defaultMessage(table: TableHeader, partnerName: string): string {
	return `Besproken op de overdrachtstafel ${table.subregionName} van ${formatTableDay(table.scheduledAt)}. De tafel biedt deze zaak aan ${partnerName} aan.`;
}

async function decideOffer(
	deps: ServiceDeps,
	actor: Actor,
	tableId: string,
	decision: Extract<Decision, { outcome: 'offer' }>
): Promise<string> {
	const table = (await readTableHeader(deps.sql, tableId))!;
	assertRunning(table);
	const item = await readItem(deps.sql, tableId, decision.itemId);
	if (!item) throw new ConflictError(GONE);
	if (item.outcome) throw alreadyDecided(item);
	const partnerName = await partnerNamed(deps.sql, decision.partnerId, 'partnerId');
	const message = decision.message || defaultMessage(table, partnerName);
	const [earlier] = await deps.sql<{ id: string; toOrgId: string; name: string }[]>`
		select h.id, h.to_org_id, o.name from handovers h join organisations o on o.id = h.to_org_id
		where h.table_item_id = ${decision.itemId} and h.status in ('open', 'accepted', 'completed')`;
	let handoverId: string;
	if (earlier) {
		if (earlier.toOrgId !== decision.partnerId) throw new ConflictError(`Deze zaak is vanaf deze tafel al aangeboden aan ${earlier.name}.`);
		handoverId = earlier.id;
	} else {
		handoverId = await offerHandover(deps, actor, item.caseId, {
			toOrgId: decision.partnerId,
			message,
			tableItemId: decision.itemId
		}).catch((e: unknown) => {
			if (e instanceof InputError && e.fields.toOrgId) throw new InputError(e.message, { partnerId: e.fields.toOrgId });
			// a consortium offer names the zorgvorm, chosen on the case page: the tafel cannot offer to a consortium itself
			if (e instanceof InputError && e.fields.careTypeId) throw new InputError(CONSORTIUM_FROM_CASE, { partnerId: CONSORTIUM_FROM_CASE });
			throw e;
		});
	}
	const now = deps.clock.now();
	const event = await deps.sql.begin(async (tx) => {
		const rows = await tx`
			update table_items set outcome = 'offer', outcome_partner_id = ${decision.partnerId}, outcome_note = ${decision.message || null},
			       decided_by = ${actor.userId}, decided_at = ${now}
			where id = ${decision.itemId} and outcome is null returning id`;
		if (!rows.length) throw new ConflictError('Over dit agendapunt is zojuist al besloten.');
		await audit(
			tx,
			auditActorOf(actor),
			'table.item_decided',
			{ type: 'table', id: tableId },
			{
				case: item.caseId,
				outcome: 'offer',
				partner: decision.partnerId,
				handover: handoverId
			}
		);
		return tableEvent(tx, actor, 'table.item_decided', now, {
			tableId,
			caseId: item.caseId,
			itemId: decision.itemId,
			outcome: 'offer',
			partnerId: decision.partnerId,
			partnerName,
			handoverId
		});
	});
	await afterCommit(deps, [event]);
	return handoverId;
}

async function decideBackToVt(
	deps: ServiceDeps,
	actor: Actor,
	tableId: string,
	decision: Extract<Decision, { outcome: 'back_to_vt' }>
): Promise<void> {
	const now = deps.clock.now();
	const event = await deps.sql.begin(async (tx) => {
		const table = await lockTable(tx, actor, tableId);
		requireChair(actor, table);
		assertRunning(table);
		const item = await readItem(tx, tableId, decision.itemId, true);
		if (!item) throw new ConflictError(GONE);
		if (item.outcome) throw alreadyDecided(item);
		const [offered] =
			await tx`select 1 from handovers where table_item_id = ${decision.itemId} and status in ('open', 'accepted', 'completed')`;
		if (offered) throw new ConflictError('Deze zaak is vanaf deze tafel al aangeboden aan een ketenpartner.');
		await tx`
			update table_items set outcome = 'back_to_vt', outcome_partner_id = null, outcome_note = ${decision.note},
			       decided_by = ${actor.userId}, decided_at = ${now}
			where id = ${decision.itemId}`;
		await audit(
			tx,
			auditActorOf(actor),
			'table.item_decided',
			{ type: 'table', id: tableId },
			{ case: item.caseId, outcome: 'back_to_vt' }
		);
		return tableEvent(tx, actor, 'table.item_decided', now, {
			tableId,
			caseId: item.caseId,
			itemId: decision.itemId,
			outcome: 'back_to_vt'
		});
	});
	await afterCommit(deps, [event]);
}
