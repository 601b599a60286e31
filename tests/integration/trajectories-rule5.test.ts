import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { markCareStarted } from '../../src/lib/server/waiting/entries.ts';
import { readTrajectory } from '../../src/lib/server/trajectories/queries.ts';
import {
	addCondition,
	addStep,
	closeVtPart,
	confirmContinuation,
	editCondition,
	editStep,
	openTrajectory,
	setConditionStatus,
	setPartnerResponsible,
	viewTrajectory
} from '../../src/lib/server/trajectories/service.ts';
import {
	completeCase,
	completeWarmHandover,
	ensureRegion,
	expectError,
	namedPool,
	organisation,
	person,
	rejection,
	type Org,
	type Person
} from '../support/it-cases.ts';
import { waitFor } from '../support/it-helpers.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // Monday 23 November 2026
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const at = (iso: string) => clock.set(iso);

let vt: Org, cjg: Org, consortium: Org, wijkteam: Org;
let vtWorker: Person, cjgWorker: Person, consortiumWorker: Person, wijkteamWorker: Person;

interface Setup {
	caseId: string;
	handoverId: string;
	trajectoryId: string;
}

/** A trajectory with a partner whose handover is accepted; its warm handover completed when told. */
async function trajectoryWith(
	partner: Org,
	worker: Person,
	{ complete = true, careTypeId }: { complete?: boolean; careTypeId?: string } = {}
): Promise<Setup> {
	const caseId = await createCase(deps(), vtWorker.actor, completeCase());
	const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, {
		toOrgId: partner.id,
		message: 'Graag samen verder in een V&V-traject.',
		careTypeId
	});
	await answerHandover(deps(), worker.actor, handoverId, { answer: 'accept' });
	if (complete) await completeWarmHandover(deps(), vtWorker.actor, worker.actor, handoverId);
	const trajectoryId = await openTrajectory(deps(), vtWorker.actor, caseId, {
		partnerOrgId: partner.id,
		vtResponsibleId: vtWorker.user.id
	});
	return { caseId, handoverId, trajectoryId };
}

async function waitEntryOf(caseId: string): Promise<{ id: string }> {
	const [row] = await db()<{ id: string }[]>`select id from wait_entries where case_id = ${caseId}`;
	return row;
}

async function confirmBy(worker: Person, trajectoryId: string): Promise<void> {
	await setPartnerResponsible(deps(), worker.actor, trajectoryId, worker.user.id);
	await confirmContinuation(deps(), worker.actor, trajectoryId);
}

/** Closing through SQL as the application's connection would, bypassing the service. */
function closeBySql(trajectoryId: string) {
	return db()`
		update trajectories set status = 'closed', vt_closed_by = ${vtWorker.user.id}, vt_closed_at = now(),
		       partner_continues_confirmed_at = coalesce(partner_continues_confirmed_at, now())
		where id = ${trajectoryId}`;
}

beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, consortium, wijkteam] = await Promise.all([
		organisation('vt'),
		organisation('cjg'),
		organisation('consortium'),
		organisation('wijkteam')
	]);
	[vtWorker, cjgWorker, consortiumWorker, wijkteamWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(cjg, 'medewerker', clock),
		person(consortium, 'medewerker', clock),
		person(wijkteam, 'medewerker', clock)
	]);
});

afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('rule 5: VT closes its part only when nothing keeps the family from care', () => {
	it('names every rule that blocks; the partner confirming continuation does not bypass them', async () => {
		at('2026-11-23T10:00:00+01:00');
		// the family waits for the consortium it was handed to; the V&V-traject runs with that consortium
		const { caseId, trajectoryId } = await trajectoryWith(consortium, consortiumWorker, { careTypeId: 'ihub' });
		await addCondition(deps(), vtWorker.actor, trajectoryId, {
			description: 'Vader komt niet in huis zonder afspraak.',
			ownerSide: 'partner',
			dueOn: '2026-11-25'
		});
		await addCondition(deps(), consortiumWorker.actor, trajectoryId, {
			description: 'Moeder belt bij spanningen.',
			ownerSide: 'partner',
			dueOn: '2026-12-10'
		});

		at('2026-11-30T10:00:00+01:00'); // the first condition is overdue now
		let refusal = await expectError(closeVtPart(deps(), vtWorker.actor, trajectoryId), ConflictError);
		expect(refusal.message).toBe(
			`Veilig Thuis kan zijn deel nog niet afsluiten. Het gezin wacht nog op zorg van ${consortium.name} (sinds 23 nov 2026). ` +
				'Na het afsluiten door Veilig Thuis mag geen gezin op een wachtlijst staan: sluit af als de zorg is gestart. ' +
				'2 veiligheidsvoorwaarden staan nog open, waarvan 1 over de uiterste datum. Zet elke voorwaarde op nagekomen of niet nagekomen. ' +
				`${consortium.name} heeft nog niet bevestigd dat het de ondersteuning voortzet.`
		);
		// both sides see the same blockers on the page
		const seen = await viewTrajectory(deps(), consortiumWorker.actor, trajectoryId);
		expect(seen.blockers.map((b) => b.kind)).toEqual(['waiting', 'conditions', 'continuation']);

		await confirmBy(consortiumWorker, trajectoryId);
		refusal = await expectError(closeVtPart(deps(), vtWorker.actor, trajectoryId), ConflictError);
		expect(refusal.message).toContain('Het gezin wacht nog op zorg van');
		expect(refusal.message).toContain('2 veiligheidsvoorwaarden staan nog open');
		expect(refusal.message).not.toContain('nog niet bevestigd');

		const conditions = (await readTrajectory(db(), trajectoryId))!.conditions;
		const overdue = conditions.find((c) => c.dueOn === '2026-11-25')!;
		const later = conditions.find((c) => c.dueOn === '2026-12-10')!;
		await setConditionStatus(deps(), consortiumWorker.actor, trajectoryId, overdue.id, 'nagekomen');
		refusal = await expectError(closeVtPart(deps(), vtWorker.actor, trajectoryId), ConflictError);
		expect(refusal.message).toContain('1 veiligheidsvoorwaarde staat nog open. Zet');
		await setConditionStatus(deps(), vtWorker.actor, trajectoryId, later.id, 'niet_nagekomen');

		await expectError(closeVtPart(deps(), vtWorker.actor, trajectoryId), ConflictError);
		expect((await viewTrajectory(deps(), vtWorker.actor, trajectoryId)).blockers.map((b) => b.kind)).toEqual(['waiting']);
		// the database refuses a direct update just the same
		const direct = await rejection(closeBySql(trajectoryId));
		expect(direct).toMatchObject({ code: '23514', constraint_name: 'trajectory_rule5' });
		expect(direct.message).toContain('(waiting)');

		await markCareStarted(deps(), consortiumWorker.actor, { waitEntryId: (await waitEntryOf(caseId)).id, careStartedOn: '2026-11-30' });
		expect((await viewTrajectory(deps(), vtWorker.actor, trajectoryId)).blockers).toEqual([]);
		await closeVtPart(deps(), vtWorker.actor, trajectoryId);
		expect((await readTrajectory(db(), trajectoryId))!.status).toBe('closed');
		expect((await viewTrajectory(deps(), vtWorker.actor, trajectoryId)).blockers).toEqual([]);
	});

	it('refuses before the warm handover is completed, with the partner confirmed and no condition open', async () => {
		at('2026-11-23T10:00:00+01:00');
		const { handoverId, trajectoryId } = await trajectoryWith(cjg, cjgWorker, { complete: false });
		await confirmBy(cjgWorker, trajectoryId);
		const refusal = await expectError(closeVtPart(deps(), vtWorker.actor, trajectoryId), ConflictError);
		expect(refusal.message).toBe(
			`Veilig Thuis kan zijn deel nog niet afsluiten. De warme overdracht met ${cjg.name} is nog niet afgerond: ` +
				'beide kanten bevestigen eerst dat het gezamenlijke contactmoment heeft plaatsgevonden.'
		);
		expect(await rejection(closeBySql(trajectoryId))).toMatchObject({ code: '23514', constraint_name: 'trajectory_rule5' });

		at('2026-11-23T14:00:00+01:00');
		await completeWarmHandover(deps(), vtWorker.actor, cjgWorker.actor, handoverId);
		await closeVtPart(deps(), vtWorker.actor, trajectoryId);
		const events = await db()<{ type: string }[]>`select type from events where payload->>'trajectoryId' = ${trajectoryId} order by id`;
		expect(events.at(-1)?.type).toBe('trajectory.closed');
	});

	it('the database holds rule 5 for every writer: a direct close, an open condition in a closed trajectory', async () => {
		at('2026-11-24T10:00:00+01:00');
		const { trajectoryId } = await trajectoryWith(wijkteam, wijkteamWorker);
		await addCondition(deps(), vtWorker.actor, trajectoryId, {
			description: 'Wekelijks contact met school.',
			ownerSide: 'vt',
			dueOn: '2026-12-01'
		});
		await confirmBy(wijkteamWorker, trajectoryId);
		const direct = await rejection(closeBySql(trajectoryId));
		expect(direct).toMatchObject({ code: '23514', constraint_name: 'trajectory_rule5' });
		expect(direct.message).toContain('(condition)');
		expect((await readTrajectory(db(), trajectoryId))!.status).toBe('open');

		await db()`update trajectory_conditions set status = 'nagekomen' where trajectory_id = ${trajectoryId}`;
		await closeBySql(trajectoryId); // nothing blocks: the database lets it through
		const reopened = await rejection(db()`update trajectory_conditions set status = 'open' where trajectory_id = ${trajectoryId}`);
		expect(reopened).toMatchObject({ code: '23514', constraint_name: 'trajectory_rule5' });
		const added = await rejection(db()`
			insert into trajectory_conditions (trajectory_id, description, owner_side, due_on, created_at, updated_at, remind_due, escalate_due)
			values (${trajectoryId}, 'x', 'vt', '2026-12-01', now(), now(), now(), now())`);
		expect(added).toMatchObject({ code: '23514', constraint_name: 'trajectory_rule5' });
	});

	it('a family that starts waiting while VT closes is seen: the close waits for it and is refused', async () => {
		at('2026-11-25T10:00:00+01:00');
		const { caseId, trajectoryId } = await trajectoryWith(cjg, cjgWorker);
		await confirmBy(cjgWorker, trajectoryId);
		const [c] = await db()<
			{ subregionId: string }[]
		>`select m.subregion_id from cases c join municipalities m on m.id = c.municipality_id where c.id = ${caseId}`;
		const waiter = await namedPool('rule5-waiter');
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		let inserted = false;
		try {
			// another writer puts the family on a waiting list and has not committed yet
			const inserting = waiter.begin(async (tx) => {
				await tx`
					insert into wait_entries (case_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at)
					values (${caseId}, ${consortium.id}, 'ihub', ${c.subregionId}, ${vtWorker.user.id}, '2026-11-25', now())`;
				inserted = true;
				await gate;
			});
			await waitFor(() => inserted, 'the uncommitted wait entry');
			const closing = closeVtPart(deps(), vtWorker.actor, trajectoryId).then(
				() => null,
				(e: Error) => e
			);
			await waitFor(async () => (await blockedBy('rule5-waiter')) > 0, 'the close to wait for the family that starts waiting');
			release();
			await inserting;
			const refusal = await closing;
			expect(refusal).toBeInstanceOf(ConflictError);
			expect(refusal!.message).toContain(`Het gezin wacht nog op zorg van ${consortium.name}`);
			expect((await readTrajectory(db(), trajectoryId))!.status).toBe('open');
		} finally {
			release();
			await waiter.end({ timeout: 1 });
		}
	});
});

/** How many sessions wait for a lock held by the session with this application_name. */
async function blockedBy(name: string): Promise<number> {
	const [row] = await db()<{ n: number }[]>`
		select count(*)::int as n from pg_stat_activity a
		where a.datname = current_database()
		  and (select b.pid from pg_stat_activity b where b.datname = current_database() and b.application_name = ${name}) = any(pg_blocking_pids(a.pid))`;
	return row.n;
}

describe('editing V&V conditions and steps', () => {
	let trajectoryId: string, caseId: string;
	beforeAll(async () => {
		at('2026-11-23T10:00:00+01:00');
		({ trajectoryId, caseId } = await trajectoryWith(cjg, cjgWorker));
	});

	it('refuses a due date in the past when adding, in Dutch, and writes nothing', async () => {
		at('2026-11-26T10:00:00+01:00');
		const condition = await expectError(
			addCondition(deps(), vtWorker.actor, trajectoryId, { description: 'Moeder belt wekelijks.', ownerSide: 'vt', dueOn: '2026-11-25' }),
			InputError,
			'De uiterste datum ligt in het verleden. Kies vandaag of een latere datum.'
		);
		expect(condition.fields).toEqual({ dueOn: 'Kies vandaag of een latere datum.' });
		await expectError(
			addStep(deps(), cjgWorker.actor, trajectoryId, { description: 'Gesprek met school.', ownerSide: 'partner', dueOn: '2026-11-20' }),
			InputError
		);
		const t = (await readTrajectory(db(), trajectoryId))!;
		expect([t.conditions.length, t.steps.length]).toEqual([0, 0]);
		// today is allowed
		await addCondition(deps(), vtWorker.actor, trajectoryId, {
			description: 'Moeder belt wekelijks.',
			ownerSide: 'vt',
			dueOn: '2026-11-26'
		});
		await addStep(deps(), cjgWorker.actor, trajectoryId, { description: 'Gesprek met school.', ownerSide: 'partner', dueOn: '2026-12-03' });
	});

	it('either side edits description, owner and due date; audited with before and after, no free text; an event for both sides', async () => {
		at('2026-11-30T10:00:00+01:00'); // the condition (due 26 November) is overdue and was flagged
		const [c] = (await readTrajectory(db(), trajectoryId))!.conditions;
		await db()`update trajectory_conditions set reminded_at = now(), escalated_at = now() where id = ${c.id}`;
		const firstEvent = Number((await db()<{ id: string }[]>`select coalesce(max(id), 0)::text as id from events`)[0].id);

		// a changed due date in the past is refused; an unchanged one may stay while the text is corrected
		await expectError(
			editCondition(deps(), cjgWorker.actor, trajectoryId, c.id, { description: c.description, ownerSide: 'vt', dueOn: '2026-11-27' }),
			InputError,
			/in het verleden/
		);
		await editCondition(deps(), cjgWorker.actor, trajectoryId, c.id, {
			description: 'Moeder belt elke maandag met het CJG.',
			ownerSide: 'vt',
			dueOn: '2026-11-26'
		});
		await editCondition(deps(), vtWorker.actor, trajectoryId, c.id, {
			description: 'Moeder belt elke maandag met het CJG.',
			ownerSide: 'partner',
			dueOn: '2026-12-14'
		});
		await expectError(
			editCondition(deps(), vtWorker.actor, trajectoryId, c.id, {
				description: 'Moeder belt elke maandag met het CJG.',
				ownerSide: 'partner',
				dueOn: '2026-12-14'
			}),
			InputError,
			'U heeft niets gewijzigd aan deze voorwaarde.'
		);

		const after = (await readTrajectory(db(), trajectoryId))!.conditions[0];
		expect(after).toMatchObject({
			description: 'Moeder belt elke maandag met het CJG.',
			ownerSide: 'partner',
			dueOn: '2026-12-14',
			status: 'open',
			escalated: false,
			updatedByName: vtWorker.user.name
		});
		const [flags] = await db()<
			{ remindedAt: Date | null; remindDue: Date }[]
		>`select reminded_at, remind_due from trajectory_conditions where id = ${c.id}`;
		expect(flags.remindedAt).toBeNull(); // moved: no longer flagged overdue
		expect(flags.remindDue.getTime()).toBeGreaterThan(new Date('2026-12-14T00:00:00+01:00').getTime());

		const audits = await db()<{ actorUserId: string; details: Record<string, unknown> }[]>`
			select actor_user_id, details from audit_log where record_type = 'trajectory' and record_id = ${trajectoryId} and details->>'change' = 'voorwaarde gewijzigd' order by id`;
		expect(audits.map((a) => [a.actorUserId, a.details])).toEqual([
			[cjgWorker.user.id, { side: 'partner', change: 'voorwaarde gewijzigd', condition: c.id, fields: ['description'] }],
			[
				vtWorker.user.id,
				{
					side: 'vt',
					change: 'voorwaarde gewijzigd',
					condition: c.id,
					fields: ['ownerSide', 'dueOn'],
					ownerSideBefore: 'vt',
					ownerSideAfter: 'partner',
					dueOnBefore: '2026-11-26',
					dueOnAfter: '2026-12-14'
				}
			]
		]);
		expect(JSON.stringify(audits)).not.toContain('maandag');

		const events = await db()<{ type: string; streams: string[]; payload: Record<string, unknown> }[]>`
			select type, streams, payload from events where id > ${firstEvent} and payload->>'trajectoryId' = ${trajectoryId} order by id`;
		expect(events.map((e) => [e.type, e.payload.change])).toEqual([
			['trajectory.updated', 'voorwaarde gewijzigd'],
			['trajectory.updated', 'voorwaarde gewijzigd']
		]);
		for (const e of events) expect(e.streams).toEqual([`case:${caseId}`, `org:${vt.id}`, `org:${cjg.id}`]);
		expect(JSON.stringify(events)).not.toContain('maandag');
	});

	it('edits steps the same way; refuses items of another trajectory and outsiders', async () => {
		const [s] = (await readTrajectory(db(), trajectoryId))!.steps;
		await editStep(deps(), vtWorker.actor, trajectoryId, s.id, {
			description: 'Gesprek met school en moeder.',
			ownerSide: 'vt',
			dueOn: '2026-12-07'
		});
		expect((await readTrajectory(db(), trajectoryId))!.steps[0]).toMatchObject({
			description: 'Gesprek met school en moeder.',
			ownerSide: 'vt',
			dueOn: '2026-12-07'
		});
		await expectError(
			editStep(deps(), vtWorker.actor, trajectoryId, s.id, {
				description: 'Gesprek met school en moeder.',
				ownerSide: 'vt',
				dueOn: '2026-11-29'
			}),
			InputError,
			/in het verleden/
		);

		const other = await trajectoryWith(cjg, cjgWorker);
		const wrong = await expectError(
			editStep(deps(), vtWorker.actor, other.trajectoryId, s.id, { description: 'x y z', ownerSide: 'vt', dueOn: '2026-12-07' }),
			InputError
		);
		expect(wrong.fields).toEqual({ stepId: 'Deze vervolgstap bestaat niet.' });
		const [c] = (await readTrajectory(db(), trajectoryId))!.conditions;
		await expectError(
			editCondition(deps(), wijkteamWorker.actor, trajectoryId, c.id, { description: 'x y z', ownerSide: 'vt', dueOn: '2026-12-07' }),
			ForbiddenError
		);
	});
});
