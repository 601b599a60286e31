import type { Db } from '../db/client.ts';
import { auditActorOf, isPartnerWorker, isVtWorker, type Actor } from '../actor.ts';
import { audit, type AuditAction, type AuditDetails } from '../audit/log.ts';
import { auditList } from '../audit/lists.ts';
import { appendEvent, publish, type StoredEvent } from '../events/log.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { rooms } from '../../realtime/events.ts';
import { isUuid } from '../ids.ts';
import { amsterdamDay } from '../workdays.ts';
import { readTrajectory, trajectoryList, trajectoryListTotal, type TrajectoryRow, type TrajectorySummary } from './queries.ts';
import type { ListTotal, Page } from '../lists/keyset.ts';
import { auditedFilter, PAGE_SIZE, pageOrFirst, type ListFilterState } from '../lists/query.ts';
import { trajectoryListQuerySchema, type TrajectoryListQuery } from './list.ts';
import { readWorkdayPolicy } from '../sla/policy.ts';
import { readFollowupSettings } from '../followups/settings.ts';
import { overdueMoments, startOfWorkOn } from '../followups/moments.ts';
import { type ConditionInput, type ConditionStatus, type OpenInput, type Side, type StepInput } from './schema.ts';
import { closeRefusal, isRule5Violation, vtCloseBlockers, type CloseBlocker } from './rule5.ts';
import type { ServiceDeps } from '../deps.ts';

const NO_ACCESS = 'Dit V&V-traject bestaat niet of u heeft er geen toegang toe.';
const CLOSED = 'Dit V&V-traject is afgesloten; er kan niets meer worden gewijzigd.';

/** The day `days` calendar days after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The term of a trajectory opened on that Amsterdam day (`termDays`, a policy setting: 10 weeks by
 * default), with its warning (a week before, 09:00) and its escalation (09:00 the day after).
 */
export function statutoryTerm(openedOn: string, termDays: number): { due: string; remindAt: Date; escalateAt: Date } {
	const due = addDays(openedOn, termDays);
	return { due, remindAt: startOfWorkOn(addDays(due, -7)), escalateAt: startOfWorkOn(addDays(due, 1)) };
}

/** When an item due on `dueOn` becomes overdue and when it escalates, under the settings in force. */
async function itemMoments(tx: Db, dueOn: string): Promise<{ remindAt: Date; escalateAt: Date }> {
	const [policy, settings] = await Promise.all([readWorkdayPolicy(tx), readFollowupSettings(tx)]);
	return overdueMoments(dueOn, settings.graceWorkdays, policy);
}

/** Which side of the trajectory the actor works for, or null (gemeente, other partners, tokens never). */
export function trajectorySide(actor: Actor, t: { vtOrgId: string; partnerOrgId: string }): Side | null {
	if (actor.tokenId) return null;
	if (isVtWorker(actor) && actor.organisationId === t.vtOrgId) return 'vt';
	if (isPartnerWorker(actor) && actor.organisationId === t.partnerOrgId) return 'partner';
	return null;
}

async function isWorkerOf(tx: Db, userId: string, organisationId: string): Promise<boolean> {
	const [row] = await tx`
		select 1 from memberships m join users u on u.id = m.user_id
		where m.user_id = ${userId} and m.organisation_id = ${organisationId} and m.role in ('medewerker', 'coordinator') and u.disabled_at is null`;
	return !!row;
}

function trajectoryEvent(
	tx: Db,
	actor: Actor,
	type: 'trajectory.opened' | 'trajectory.updated' | 'trajectory.closed',
	t: Pick<TrajectoryRow, 'id' | 'caseId' | 'reference' | 'vtOrgId' | 'partnerOrgId' | 'partnerOrgName'>,
	at: Date,
	change: string
) {
	return appendEvent(
		tx,
		{
			streams: [rooms.case(t.caseId), rooms.organisation(t.vtOrgId), rooms.organisation(t.partnerOrgId)],
			type,
			// toOrgId lets the partner's case timeline show these entries; no descriptions (they may hold family data)
			payload: {
				caseId: t.caseId,
				trajectoryId: t.id,
				reference: t.reference,
				toOrgId: t.partnerOrgId,
				toOrgName: t.partnerOrgName,
				actor: actor.name,
				actorOrg: actor.organisationName,
				change
			},
			actorUserId: actor.userId
		},
		at
	);
}

/**
 * A VT medewerker or coordinator opens the V&V-traject of a case with the partner whose handover
 * is accepted or completed, naming VT's responsible medewerker. The partner names its own later.
 * At most one open trajectory per case (the database decides between concurrent openings).
 */
export async function openTrajectory(deps: ServiceDeps, actor: Actor, caseId: string, input: OpenInput): Promise<string> {
	if (!isVtWorker(actor) || actor.tokenId) throw new ForbiddenError('Alleen medewerkers van Veilig Thuis starten een V&V-traject.');
	if (!isUuid(caseId)) throw new ForbiddenError('Deze zaak bestaat niet of u heeft er geen toegang toe.');
	const now = deps.clock.now();
	const { id, events } = await deps.sql
		.begin(async (tx) => {
			// Row locks first; appendEvent (the event-order lock) last.
			const [c] = await tx<
				{ reference: string; closedAt: Date | null }[]
			>`select reference, closed_at from cases where id = ${caseId} for update`;
			if (!c) throw new ForbiddenError('Deze zaak bestaat niet of u heeft er geen toegang toe.');
			if (c.closedAt) throw new ConflictError('Deze zaak is afgesloten. Heropen de zaak eerst om een V&V-traject te starten.');
			const [partner] = await tx<{ name: string }[]>`
				select o.name from handovers h join organisations o on o.id = h.to_org_id
				where h.case_id = ${caseId} and h.from_org_id = ${actor.organisationId} and h.to_org_id = ${input.partnerOrgId}
				  and h.status in ('accepted', 'completed') limit 1`;
			if (!partner) {
				throw new InputError('Een V&V-traject start u met de ketenpartner die de overdracht van deze zaak heeft geaccepteerd.', {
					partnerOrgId: 'Kies de ketenpartner die de overdracht heeft geaccepteerd.'
				});
			}
			if (!(await isWorkerOf(tx, input.vtResponsibleId, actor.organisationId))) {
				throw new InputError('Kies als verantwoordelijke een medewerker van Veilig Thuis.', {
					vtResponsibleId: 'Kies een medewerker van Veilig Thuis.'
				});
			}
			const [open] = await tx`select 1 from trajectories where case_id = ${caseId} and status = 'open'`;
			if (open) throw new ConflictError('Er loopt al een V&V-traject voor deze zaak.');
			const term = statutoryTerm(amsterdamDay(now), (await readFollowupSettings(tx)).statutoryTermDays);
			const [row] = await tx<{ id: string }[]>`
				insert into trajectories (case_id, vt_org_id, partner_org_id, vt_responsible_id, opened_by, opened_at, statutory_due,
				                          term_remind_due, term_escalate_due, updated_at)
				values (${caseId}, ${actor.organisationId}, ${input.partnerOrgId}, ${input.vtResponsibleId}, ${actor.userId}, ${now}, ${term.due},
				        ${term.remindAt}, ${term.escalateAt}, ${now})
				returning id`;
			await audit(
				tx,
				auditActorOf(actor),
				'trajectory.opened',
				{ type: 'trajectory', id: row.id },
				{ case: caseId, partner: input.partnerOrgId }
			);
			const t = {
				id: row.id,
				caseId,
				reference: c.reference,
				vtOrgId: actor.organisationId,
				partnerOrgId: input.partnerOrgId,
				partnerOrgName: partner.name
			};
			return { id: row.id, events: [await trajectoryEvent(tx, actor, 'trajectory.opened', t, now, 'geopend')] };
		})
		.catch((error: { code?: string }) => {
			if (error.code === '23505') throw new ConflictError('Er is zojuist al een V&V-traject voor deze zaak gestart.');
			throw error;
		});
	publish(events);
	return id;
}

/**
 * Runs one change on an open trajectory: locks its row, checks the actor's side, applies the
 * change, writes the audit row and the event in the same transaction, publishes after commit.
 */
async function change(
	deps: ServiceDeps,
	actor: Actor,
	trajectoryId: string,
	action: AuditAction,
	apply: (tx: Db, t: TrajectoryRow, side: Side, now: Date) => Promise<{ change: string; details?: AuditDetails }>
): Promise<void> {
	if (!isUuid(trajectoryId)) throw new ForbiddenError(NO_ACCESS);
	const now = deps.clock.now();
	const events: StoredEvent[] = await deps.sql.begin(async (tx) => {
		await tx`select id from trajectories where id = ${trajectoryId} for update`;
		const t = await readTrajectory(tx, trajectoryId);
		const side = t ? trajectorySide(actor, t) : null;
		if (!t || !side) throw new ForbiddenError(NO_ACCESS);
		if (t.status !== 'open') throw new ConflictError(CLOSED);
		const done = await apply(tx, t, side, now);
		await tx`update trajectories set updated_at = ${now} where id = ${trajectoryId}`;
		await audit(tx, auditActorOf(actor), action, { type: 'trajectory', id: trajectoryId }, { side, change: done.change, ...done.details });
		const type = action === 'trajectory.closed' ? 'trajectory.closed' : 'trajectory.updated';
		return [await trajectoryEvent(tx, actor, type, t, now, done.change)];
	});
	publish(events);
}

const PAST_DUE = 'Kies vandaag of een latere datum.';

/**
 * Refuses a due date before today (Amsterdam): a new one, or a changed one. An item that keeps its
 * due date while its description or owner is corrected may stay overdue.
 */
function checkDueOn(dueOn: string, now: Date, unchanged = false): void {
	if (!unchanged && dueOn < amsterdamDay(now))
		throw new InputError(`De uiterste datum ligt in het verleden. ${PAST_DUE}`, { dueOn: PAST_DUE });
}

/** Either side adds a veiligheidsvoorwaarde (description, who owns it, due date today or later); it starts open. */
export function addCondition(deps: ServiceDeps, actor: Actor, trajectoryId: string, input: ConditionInput): Promise<void> {
	return change(deps, actor, trajectoryId, 'trajectory.updated', async (tx, t, _side, now) => {
		checkDueOn(input.dueOn, now);
		const m = await itemMoments(tx, input.dueOn);
		const [row] = await tx<{ id: string }[]>`
			insert into trajectory_conditions (trajectory_id, description, owner_side, due_on, remind_due, escalate_due, created_at, updated_by, updated_at)
			values (${t.id}, ${input.description}, ${input.ownerSide}, ${input.dueOn}, ${m.remindAt}, ${m.escalateAt}, ${now}, ${actor.userId}, ${now})
			returning id`;
		return { change: 'voorwaarde toegevoegd', details: { condition: row.id } };
	});
}

/** Either side sets a condition's status: open, nagekomen or niet nagekomen. */
export function setConditionStatus(
	deps: ServiceDeps,
	actor: Actor,
	trajectoryId: string,
	conditionId: string,
	status: ConditionStatus
): Promise<void> {
	return change(deps, actor, trajectoryId, 'trajectory.updated', async (tx, t, _side, now) => {
		const rows = await tx`
			update trajectory_conditions set status = ${status}, updated_by = ${actor.userId}, updated_at = ${now}
			where id = ${conditionId} and trajectory_id = ${t.id} returning id`;
		if (!rows.length)
			throw new InputError('Deze voorwaarde hoort niet bij dit V&V-traject.', { conditionId: 'Deze voorwaarde bestaat niet.' });
		return { change: `voorwaarde ${status === 'niet_nagekomen' ? 'niet nagekomen' : status}`, details: { condition: conditionId } };
	});
}

/** Either side adds a vervolgstap (description, who does it, due date today or later). */
export function addStep(deps: ServiceDeps, actor: Actor, trajectoryId: string, input: StepInput): Promise<void> {
	return change(deps, actor, trajectoryId, 'trajectory.updated', async (tx, t, _side, now) => {
		checkDueOn(input.dueOn, now);
		const m = await itemMoments(tx, input.dueOn);
		const [row] = await tx<{ id: string }[]>`
			insert into trajectory_steps (trajectory_id, description, owner_side, due_on, remind_due, escalate_due, created_at, updated_by, updated_at)
			values (${t.id}, ${input.description}, ${input.ownerSide}, ${input.dueOn}, ${m.remindAt}, ${m.escalateAt}, ${now}, ${actor.userId}, ${now})
			returning id`;
		return { change: 'vervolgstap toegevoegd', details: { step: row.id } };
	});
}

type ItemTable = 'trajectory_conditions' | 'trajectory_steps';

/**
 * Changes the description, owner and due date of a condition or step of the trajectory. A moved
 * due date gets new follow-up moments and is no longer flagged overdue or escalated. Returns what
 * changed for the audit row: the fields, and the owner and due date before and after (never the
 * description's text).
 */
async function editItem(
	tx: Db,
	table: ItemTable,
	t: TrajectoryRow,
	itemId: string,
	input: ConditionInput | StepInput,
	actor: Actor,
	now: Date
): Promise<AuditDetails> {
	const noun = table === 'trajectory_conditions' ? 'voorwaarde' : 'vervolgstap';
	const field = table === 'trajectory_conditions' ? 'conditionId' : 'stepId';
	const missing = () => new InputError(`Deze ${noun} hoort niet bij dit V&V-traject.`, { [field]: `Deze ${noun} bestaat niet.` });
	if (!isUuid(itemId)) throw missing();
	const [before] = await tx<{ description: string; ownerSide: Side; dueOn: string }[]>`
		select description, owner_side::text as owner_side, to_char(due_on, 'YYYY-MM-DD') as due_on
		from ${tx(table)} where id = ${itemId} and trajectory_id = ${t.id} for update`;
	if (!before) throw missing();
	const fields = (['description', 'ownerSide', 'dueOn'] as const).filter((f) => before[f] !== input[f]);
	if (!fields.length) throw new InputError(`U heeft niets gewijzigd aan deze ${noun}.`);
	checkDueOn(input.dueOn, now, input.dueOn === before.dueOn);
	if (input.dueOn !== before.dueOn) {
		const m = await itemMoments(tx, input.dueOn);
		await tx`
			update ${tx(table)} set due_on = ${input.dueOn}, remind_due = ${m.remindAt}, escalate_due = ${m.escalateAt}, reminded_at = null, escalated_at = null
			where id = ${itemId}`;
	}
	await tx`
		update ${tx(table)} set description = ${input.description}, owner_side = ${input.ownerSide}, updated_by = ${actor.userId}, updated_at = ${now}
		where id = ${itemId}`;
	return {
		[table === 'trajectory_conditions' ? 'condition' : 'step']: itemId,
		fields,
		...(input.ownerSide !== before.ownerSide ? { ownerSideBefore: before.ownerSide, ownerSideAfter: input.ownerSide } : {}),
		...(input.dueOn !== before.dueOn ? { dueOnBefore: before.dueOn, dueOnAfter: input.dueOn } : {})
	};
}

/** Either side edits a condition: description, owner, due date (a changed due date not in the past). */
export function editCondition(
	deps: ServiceDeps,
	actor: Actor,
	trajectoryId: string,
	conditionId: string,
	input: ConditionInput
): Promise<void> {
	return change(deps, actor, trajectoryId, 'trajectory.updated', async (tx, t, _side, now) => ({
		change: 'voorwaarde gewijzigd',
		details: await editItem(tx, 'trajectory_conditions', t, conditionId, input, actor, now)
	}));
}

/** Either side edits a step: description, who does it, due date (a changed due date not in the past). */
export function editStep(deps: ServiceDeps, actor: Actor, trajectoryId: string, stepId: string, input: StepInput): Promise<void> {
	return change(deps, actor, trajectoryId, 'trajectory.updated', async (tx, t, _side, now) => ({
		change: 'vervolgstap gewijzigd',
		details: await editItem(tx, 'trajectory_steps', t, stepId, input, actor, now)
	}));
}

/** Either side marks a step done or not done. */
export function setStepDone(deps: ServiceDeps, actor: Actor, trajectoryId: string, stepId: string, done: boolean): Promise<void> {
	return change(deps, actor, trajectoryId, 'trajectory.updated', async (tx, t, _side, now) => {
		const rows = await tx`
			update trajectory_steps set done = ${done}, updated_by = ${actor.userId}, updated_at = ${now}
			where id = ${stepId} and trajectory_id = ${t.id} returning id`;
		if (!rows.length)
			throw new InputError('Deze vervolgstap hoort niet bij dit V&V-traject.', { stepId: 'Deze vervolgstap bestaat niet.' });
		return { change: done ? 'vervolgstap gedaan' : 'vervolgstap weer open', details: { step: stepId } };
	});
}

/** The partner names its responsible medewerker (one of its own medewerkers or coordinators). */
export function setPartnerResponsible(deps: ServiceDeps, actor: Actor, trajectoryId: string, userId: string): Promise<void> {
	return change(deps, actor, trajectoryId, 'trajectory.updated', async (tx, t, side) => {
		if (side !== 'partner') throw new ForbiddenError('Alleen de ketenpartner wijst zijn eigen verantwoordelijke medewerker aan.');
		if (!(await isWorkerOf(tx, userId, t.partnerOrgId))) {
			throw new InputError(`Kies een medewerker van ${t.partnerOrgName}.`, {
				partnerResponsibleId: `Kies een medewerker van ${t.partnerOrgName}.`
			});
		}
		await tx`update trajectories set partner_responsible_id = ${userId} where id = ${t.id}`;
		return { change: 'verantwoordelijke ketenpartner aangewezen' };
	});
}

/** The partner confirms it continues the support after VT closes its part (needs its responsible medewerker named). */
export function confirmContinuation(deps: ServiceDeps, actor: Actor, trajectoryId: string): Promise<void> {
	return change(deps, actor, trajectoryId, 'trajectory.continuation_confirmed', async (tx, t, side, now) => {
		if (side !== 'partner') throw new ForbiddenError('Alleen de ketenpartner bevestigt dat hij de ondersteuning voortzet.');
		if (t.partnerContinuesConfirmedAt)
			throw new ConflictError(`${t.partnerContinuesConfirmedByName ?? 'Een collega'} heeft dit al bevestigd.`);
		if (!t.partnerResponsibleId) throw new ConflictError('Wijs eerst de verantwoordelijke medewerker van uw organisatie aan.');
		await tx`update trajectories set partner_continues_confirmed_by = ${actor.userId}, partner_continues_confirmed_at = ${now} where id = ${t.id}`;
		return { change: 'ketenpartner zet de ondersteuning voort' };
	});
}

/**
 * VT closes its part of the trajectory, only when rule 5 allows it: the family no longer waits for
 * care, no condition is open, the warm handover is completed and the partner confirmed that it
 * continues the support. The refusal names every rule that blocks. The database enforces the same
 * (migration 020); should something change between the check and the update, its refusal is
 * answered with the blockers as they are then.
 */
export async function closeVtPart(deps: ServiceDeps, actor: Actor, trajectoryId: string): Promise<void> {
	try {
		await change(deps, actor, trajectoryId, 'trajectory.closed', async (tx, t, side, now) => {
			if (side !== 'vt') throw new ForbiddenError('Alleen Veilig Thuis sluit zijn deel van het V&V-traject af.');
			const blockers = await vtCloseBlockers(tx, t.id, amsterdamDay(now));
			if (blockers.length) throw new ConflictError(closeRefusal(blockers));
			await tx`update trajectories set vt_closed_by = ${actor.userId}, vt_closed_at = ${now}, status = 'closed' where id = ${t.id}`;
			return { change: 'Veilig Thuis heeft zijn deel afgesloten' };
		});
	} catch (error) {
		if (!isRule5Violation(error)) throw error;
		const blockers = await vtCloseBlockers(deps.sql, trajectoryId, amsterdamDay(deps.clock.now()));
		throw new ConflictError(blockers.length ? closeRefusal(blockers) : 'Het V&V-traject is zojuist gewijzigd. Probeer het opnieuw.');
	}
}

/**
 * A trajectory as one of its two sides sees it (audited), with what keeps VT from closing its part
 * now (rule 5; empty once closed); ForbiddenError for anyone else.
 */
export async function viewTrajectory(
	deps: ServiceDeps,
	actor: Actor,
	trajectoryId: string
): Promise<{ trajectory: TrajectoryRow; side: Side; blockers: CloseBlocker[] }> {
	const t = await readTrajectory(deps.sql, trajectoryId);
	const side = t ? trajectorySide(actor, t) : null;
	if (!t || !side) throw new ForbiddenError(NO_ACCESS);
	await audit(deps.sql, auditActorOf(actor), 'trajectory.viewed', { type: 'trajectory', id: t.id }, { case: t.caseId, side });
	const blockers = t.status === 'open' ? await vtCloseBlockers(deps.sql, t.id, amsterdamDay(deps.clock.now())) : [];
	return { trajectory: t, side, blockers };
}

/**
 * One page of the trajectories of the actor's organisation (running ones unless the query asks for
 * closed ones), filtered and audited with the trajectories shown; ForbiddenError for non-workers.
 */
export async function listTrajectories(
	deps: ServiceDeps,
	actor: Actor,
	query: TrajectoryListQuery = trajectoryListQuerySchema.parse({}),
	filter: ListFilterState = { values: {}, errors: {} }
): Promise<Page<TrajectorySummary> & { total: ListTotal }> {
	if (actor.tokenId || !(isVtWorker(actor) || isPartnerWorker(actor)))
		throw new ForbiddenError('V&V-trajecten zijn er voor medewerkers van Veilig Thuis en ketenpartners.');
	const side: Side = isVtWorker(actor) ? 'vt' : 'partner';
	const f = {
		...query,
		mineOf: query.mine ? actor.userId : null,
		termPassedBefore: query.termPassed ? amsterdamDay(deps.clock.now()) : undefined
	};
	const [page, total] = await Promise.all([
		pageOrFirst(query.cursor, filter, (cursor) => trajectoryList(deps.sql, actor.organisationId, side, f, { cursor, limit: PAGE_SIZE })),
		trajectoryListTotal(deps.sql, actor.organisationId, side, f)
	]);
	await auditList(
		deps.sql,
		auditActorOf(actor),
		'trajectories.listed',
		'trajectory',
		page.rows.map((t) => t.id),
		{ details: auditedFilter(filter) }
	);
	return { ...page, total };
}
