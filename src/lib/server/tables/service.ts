import type { Db } from '../db/client.ts';
import { auditActorOf, isPartnerWorker, isVtWorker, PARTNER_KINDS, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { auditList } from '../audit/lists.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { tableAccess } from './access.ts';
import { readCase } from '../cases/queries.ts';
import { assessmentGaps } from '../cases/service.ts';
import type { CreateTableInput } from './schema.ts';
import { checkPlannedMoment } from '../planning.ts';
import { amsterdamInstant } from '../time.ts';
import { attendanceOf, type AttendingOrganisation } from './attendance.ts';
import { readWorkdayPolicy } from '../sla/policy.ts';
import { listTables, readTable, type TableDetail, type TableListRow } from './queries.ts';
import {
	afterCommit,
	assertNotClosed,
	assertRunning,
	canChair,
	DECISION_LOCK,
	formatTableDay,
	isPartnerPerson,
	isUuid,
	isVtCoordinator,
	lockTable,
	NO_ACCESS,
	participantIds,
	requireChair,
	requireVtPerson,
	tableEvent
} from './common.ts';
import type { ServiceDeps } from '../deps.ts';

export { proposePartner, decideItem } from './decide.ts';

/**
 * A VT teamcoördinator plans a tafel for a subregion at an Amsterdam date and time with the
 * participating partner organisations; the coordinator chairs it. Returns the tafel's id. A moment
 * on a weekend, a holiday or outside 08:00–18:00 needs `input.confirmUnusual` (UnusualMomentError
 * otherwise).
 */
export async function createTable(deps: ServiceDeps, actor: Actor, input: CreateTableInput): Promise<string> {
	if (!isVtCoordinator(actor) || actor.tokenId || !actor.userId) {
		throw new ForbiddenError('Alleen een teamcoördinator van Veilig Thuis plant overdrachtstafels.');
	}
	const now = deps.clock.now();
	const scheduledAt = amsterdamInstant(input.date, input.time);
	if (scheduledAt.getTime() <= now.getTime()) {
		throw new InputError('Het moment van de tafel ligt in het verleden.', { date: 'Kies een datum en tijd in de toekomst.' });
	}
	checkPlannedMoment('De tafel', scheduledAt, `${input.date}T${input.time}`, input.confirmUnusual, await readWorkdayPolicy(deps.sql));
	const ids = [...new Set(input.participantIds)];
	const { id, event } = await deps.sql.begin(async (tx) => {
		const [subregion] = await tx<{ name: string }[]>`select name from subregions where id = ${input.subregionId}`;
		if (!subregion) throw new InputError('Kies de subregio van de tafel.', { subregionId: 'Kies de subregio van de tafel.' });
		const orgs = await tx<{ id: string; kind: string }[]>`select id, kind::text as kind from organisations where id = any(${ids}::uuid[])`;
		if (orgs.length !== ids.length || orgs.some((o) => !PARTNER_KINDS.includes(o.kind))) {
			throw new InputError('Kies de deelnemende organisaties uit de lijst.', {
				participantIds: 'Kies de deelnemende ketenpartners uit de lijst.'
			});
		}
		const [row] = await tx<{ id: string }[]>`
			insert into handover_tables (subregion_id, scheduled_at, chair_id, created_at)
			values (${input.subregionId}, ${scheduledAt}, ${actor.userId}, ${now}) returning id`;
		await tx`insert into table_participants ${tx(ids.map((organisationId) => ({ tableId: row.id, organisationId })))}`;
		await audit(
			tx,
			auditActorOf(actor),
			'table.created',
			{ type: 'table', id: row.id },
			{ subregion: input.subregionId, participants: ids.length }
		);
		const event = await tableEvent(
			tx,
			actor,
			'table.created',
			now,
			{ tableId: row.id, status: 'scheduled', scheduledAt: scheduledAt.toISOString(), subregion: subregion.name },
			[actor.organisationId, ...ids]
		);
		return { id: row.id, event };
	});
	await afterCommit(deps, [event]);
	return id;
}

/**
 * VT puts a case on the agenda of a tafel that is not closed. The case must still be VT's, from a
 * gemeente in the tafel's subregion, without a live handover, and on no other tafel that is not
 * closed. While the tafel runs without a current item, the new item becomes current.
 */
export async function addAgendaItem(deps: ServiceDeps, actor: Actor, tableId: string, caseId: string): Promise<string> {
	requireVtPerson(actor);
	const now = deps.clock.now();
	const { itemId, event } = await deps.sql.begin(async (tx) => {
		const table = await lockTable(tx, actor, tableId);
		assertNotClosed(table);
		await checkCaseForAgenda(tx, actor, table, caseId);
		const [{ next }] = await tx<
			{ next: number }[]
		>`select coalesce(max(position), 0)::int + 1 as next from table_items where table_id = ${tableId}`;
		const [item] = await tx<{ id: string }[]>`
			insert into table_items (table_id, case_id, position) values (${tableId}, ${caseId}, ${next}) returning id`;
		const becomesCurrent = table.status === 'running' && !table.currentItemId;
		if (becomesCurrent) await tx`update handover_tables set current_item_id = ${item.id} where id = ${tableId}`;
		await audit(tx, auditActorOf(actor), 'table.updated', { type: 'table', id: tableId }, { change: 'item_added', case: caseId });
		const event = await tableEvent(tx, actor, 'table.item_added', now, {
			tableId,
			caseId,
			itemId: item.id,
			currentItemId: becomesCurrent ? item.id : table.currentItemId
		});
		return { itemId: item.id, event };
	});
	await afterCommit(deps, [event]);
	return itemId;
}

async function checkCaseForAgenda(
	tx: Db,
	actor: Actor,
	table: { id: string; subregionId: string; subregionName: string },
	caseId: string
): Promise<void> {
	const pick = 'Kies een zaak uit de lijst.';
	if (!isUuid(caseId)) throw new InputError(pick, { caseId: pick });
	const [c] = await tx<{ responsibleOrgId: string; subregionId: string; municipalityName: string }[]>`
		select c.responsible_org_id, m.subregion_id, m.name as municipality_name
		from cases c join municipalities m on m.id = c.municipality_id where c.id = ${caseId} for update of c`;
	if (!c) throw new InputError(pick, { caseId: pick });
	if (c.responsibleOrgId !== actor.organisationId) {
		throw new ConflictError(
			'Deze zaak is al overgedragen. Alleen zaken waarvoor Veilig Thuis nog verantwoordelijk is, kunnen op de agenda.'
		);
	}
	if (c.subregionId !== table.subregionId) {
		const message = `Deze zaak hoort bij gemeente ${c.municipalityName}, buiten ${table.subregionName}.`;
		throw new InputError(message, { caseId: message });
	}
	const [live] = await tx<{ name: string }[]>`
		select o.name from handovers h join organisations o on o.id = h.to_org_id where h.case_id = ${caseId} and h.status in ('open', 'accepted')`;
	if (live) throw new ConflictError(`Deze zaak is al aangeboden aan ${live.name}.`);
	const [other] = await tx<{ id: string; subregionName: string; scheduledAt: Date }[]>`
		select t.id, s.name as subregion_name, t.scheduled_at from table_items ti join handover_tables t on t.id = ti.table_id
		join subregions s on s.id = t.subregion_id where ti.case_id = ${caseId} and (t.status <> 'closed' or t.id = ${table.id}) limit 1`;
	if (other?.id === table.id) throw new ConflictError('Deze zaak staat al op de agenda van deze tafel.');
	if (other)
		throw new ConflictError(
			`Deze zaak staat al op de agenda van de tafel ${other.subregionName} van ${formatTableDay(other.scheduledAt)}.`
		);
}

/** VT takes an undecided item off the agenda of a tafel that is not closed. */
export async function removeAgendaItem(deps: ServiceDeps, actor: Actor, tableId: string, itemId: string): Promise<void> {
	requireVtPerson(actor);
	const now = deps.clock.now();
	const { event, caseId, participants } = await deps.sql.begin(async (tx) => {
		const table = await lockTable(tx, actor, tableId);
		assertNotClosed(table);
		const item = isUuid(itemId)
			? (
					await tx<{ caseId: string; outcome: string | null }[]>`
			select case_id, outcome from table_items where id = ${itemId} and table_id = ${tableId} for update`
				)[0]
			: undefined;
		if (!item) throw new ConflictError('Dit agendapunt staat niet (meer) op de agenda.');
		const [{ locked }] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${DECISION_LOCK}, hashtext(${itemId})) as locked`;
		if (!locked) throw new ConflictError('Er wordt op dit moment een besluit over dit agendapunt vastgelegd.');
		const [offered] = await tx`select 1 from handovers where table_item_id = ${itemId}`;
		if (item.outcome || offered) throw new ConflictError('Over dit agendapunt is al besloten; het kan niet meer van de agenda.');
		if (table.currentItemId === itemId) {
			await tx`update handover_tables set current_item_id = (
				select id from table_items where table_id = ${tableId} and id <> ${itemId} and outcome is null order by position limit 1)
				where id = ${tableId}`;
		}
		await tx`delete from table_items where id = ${itemId}`;
		const [{ currentItemId }] = await tx<
			{ currentItemId: string | null }[]
		>`select current_item_id from handover_tables where id = ${tableId}`;
		await audit(tx, auditActorOf(actor), 'table.updated', { type: 'table', id: tableId }, { change: 'item_removed', case: item.caseId });
		const event = await tableEvent(tx, actor, 'table.item_removed', now, { tableId, caseId: item.caseId, itemId, currentItemId });
		return { event, caseId: item.caseId, participants: await participantIds(tx, tableId) };
	});
	await afterCommit(
		deps,
		[event],
		participants.map((organisationId) => ({ caseId, organisationId }))
	);
}

/** The chair opens a planned tafel: it runs, and the first undecided item becomes current. */
export async function openTable(deps: ServiceDeps, actor: Actor, tableId: string): Promise<void> {
	const now = deps.clock.now();
	const event = await deps.sql.begin(async (tx) => {
		const table = await lockTable(tx, actor, tableId);
		requireChair(actor, table);
		assertNotClosed(table);
		if (table.status === 'running') throw new ConflictError('De tafel is al geopend.');
		const [first] = await tx<{ id: string }[]>`
			select id from table_items where table_id = ${tableId} and outcome is null order by position limit 1`;
		await tx`update handover_tables set status = 'running', opened_at = ${now}, current_item_id = ${first?.id ?? null} where id = ${tableId}`;
		await audit(tx, auditActorOf(actor), 'table.opened', { type: 'table', id: tableId });
		return tableEvent(tx, actor, 'table.opened', now, { tableId, status: 'running', currentItemId: first?.id ?? null }, [
			actor.organisationId
		]);
	});
	await afterCommit(deps, [event]);
}

/** The chair moves the running tafel to an agenda item ("volgend agendapunt", or any item). */
export async function setCurrentItem(deps: ServiceDeps, actor: Actor, tableId: string, itemId: string): Promise<void> {
	const now = deps.clock.now();
	const event = await deps.sql.begin(async (tx) => {
		const table = await lockTable(tx, actor, tableId);
		requireChair(actor, table);
		assertRunning(table);
		const item = isUuid(itemId)
			? (await tx<{ caseId: string }[]>`select case_id from table_items where id = ${itemId} and table_id = ${tableId}`)[0]
			: undefined;
		if (!item) throw new ConflictError('Dit agendapunt staat niet (meer) op de agenda.');
		await tx`update handover_tables set current_item_id = ${itemId} where id = ${tableId}`;
		await audit(tx, auditActorOf(actor), 'table.updated', { type: 'table', id: tableId }, { change: 'current_item', case: item.caseId });
		return tableEvent(tx, actor, 'table.current_item', now, { tableId, caseId: item.caseId, itemId });
	});
	await afterCommit(deps, [event]);
}

/**
 * The chair closes the tafel; afterwards it is read-only. Undecided items stay with VT. Refused
 * while a decision on an item is being recorded. Partners lose sight of the cases they were not
 * handed.
 */
export async function closeTable(deps: ServiceDeps, actor: Actor, tableId: string): Promise<void> {
	const now = deps.clock.now();
	const { event, revocations } = await deps.sql.begin(async (tx) => {
		const table = await lockTable(tx, actor, tableId);
		requireChair(actor, table);
		if (table.status === 'closed') throw new ConflictError('De tafel is al gesloten.');
		const items = await tx<{ id: string; caseId: string; outcome: string | null }[]>`
			select id, case_id, outcome from table_items where table_id = ${tableId}`;
		for (const item of items.filter((i) => !i.outcome)) {
			const [{ locked }] = await tx<
				{ locked: boolean }[]
			>`select pg_try_advisory_xact_lock(${DECISION_LOCK}, hashtext(${item.id})) as locked`;
			if (!locked)
				throw new ConflictError('Er wordt nog een besluit over een agendapunt vastgelegd. Probeer het over een paar seconden opnieuw.');
		}
		await tx`update handover_tables set status = 'closed', closed_at = ${now}, current_item_id = null where id = ${tableId}`;
		const decided = items.filter((i) => i.outcome).length;
		await audit(tx, auditActorOf(actor), 'table.closed', { type: 'table', id: tableId }, { decided, undecided: items.length - decided });
		const participants = await participantIds(tx, tableId);
		const event = await tableEvent(tx, actor, 'table.closed', now, { tableId, status: 'closed' }, [actor.organisationId, ...participants]);
		return { event, revocations: items.flatMap((i) => participants.map((organisationId) => ({ caseId: i.caseId, organisationId }))) };
	});
	await afterCommit(deps, [event], revocations);
}

/** What the viewer may do at the tafel. */
export interface TableRights {
	access: 'vt' | 'participant';
	/** Open, move to an item, decide, close. */
	chair: boolean;
	/** Add and remove agenda items. */
	agenda: boolean;
	/** Propose a partner for the current item. */
	propose: boolean;
}

/**
 * A tafel as the actor may see it (ForbiddenError otherwise), audited as 'table.viewed' with the
 * cases whose details were shown. Partners see case details only while they may see the case. The
 * summary view also lists who attended, per organisation.
 */
export async function viewTable(
	deps: ServiceDeps,
	actor: Actor,
	tableId: string,
	view: 'live' | 'summary' = 'live'
): Promise<{ table: TableDetail; rights: TableRights; attendance: AttendingOrganisation[] }> {
	const access = await tableAccess(deps.sql, actor, tableId);
	if (!access) throw new ForbiddenError(NO_ACCESS);
	const table = await readTable(deps.sql, tableId, access === 'vt' ? null : actor.organisationId);
	if (!table) throw new ForbiddenError(NO_ACCESS);
	if (access === 'vt') {
		for (const item of table.items.filter((i) => !i.outcome)) {
			const c = await readCase(deps.sql, item.caseId);
			item.gaps = c ? assessmentGaps(c) : [];
		}
	}
	const shown = table.items.filter((i) => i.case).map((i) => i.caseId);
	await auditList(deps.sql, auditActorOf(actor), 'table.viewed', 'case', shown, {
		record: { type: 'table', id: tableId },
		details: { view }
	});
	const open = table.status !== 'closed';
	const person = !actor.tokenId && !!actor.userId;
	return {
		table,
		attendance: view === 'summary' ? await attendanceOf(deps.sql, tableId) : [],
		rights: {
			access,
			chair: open && canChair(actor, table),
			agenda: open && person && isVtWorker(actor),
			propose: table.status === 'running' && person && (isVtWorker(actor) || isPartnerPerson(actor))
		}
	};
}

/** The tafels the actor may see (audited): every tafel for VT workers, the ones its organisation takes part in for partners. */
export async function tablesFor(deps: ServiceDeps, actor: Actor): Promise<TableListRow[]> {
	if (!isVtWorker(actor) && !isPartnerWorker(actor))
		throw new ForbiddenError('Overdrachtstafels zijn er voor medewerkers van Veilig Thuis en de ketenpartners.');
	const tables = await listTables(deps.sql, isVtWorker(actor) ? null : actor.organisationId);
	await auditList(
		deps.sql,
		auditActorOf(actor),
		'tables.listed',
		'table',
		tables.map((t) => t.id)
	);
	return tables;
}
