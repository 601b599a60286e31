import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { queue } from '../../src/lib/server/queues.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { readTrajectory } from '../../src/lib/server/trajectories/queries.ts';
import {
	addCondition,
	addStep,
	closeVtPart,
	confirmContinuation,
	openTrajectory,
	setConditionStatus,
	setPartnerResponsible
} from '../../src/lib/server/trajectories/service.ts';
import { conditionFollowup, stepFollowup, termFollowup } from '../../src/lib/server/trajectories/followups.ts';
import { fireDueFollowups, fireFollowup, followupJobId, reconcileFollowups } from '../../src/lib/server/followups/runner.ts';
import { followupSettingsSchema, readFollowupSettings, updateFollowupSettings } from '../../src/lib/server/followups/settings.ts';
import { completeCase, completeWarmHandover, ensureRegion, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// Monday 4 March 2030: far from the real date, so no workers process elsewhere finds these due.
const clock = new ManualClock('2030-03-04T10:00:00+01:00');
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const at = (iso: string) => clock.set(iso);
const VV = [conditionFollowup, stepFollowup, termFollowup];
const fire = () => fireDueFollowups(deps(), VV);

let vt: Org, cjg: Org;
let vtWorker: Person, vtCoordinator: Person, cjgWorker: Person, cjgCoordinator: Person, beheerder: Person;

// A database of its own: these tests fire every due follow-up and change the follow-up settings.
useOwnDatabase('followups');
beforeAll(async () => {
	await ensureRegion();
	vt = await organisation('vt');
	cjg = await organisation('cjg');
	vtWorker = await person(vt, 'medewerker', clock);
	vtCoordinator = await person(vt, 'coordinator', clock);
	cjgWorker = await person(cjg, 'medewerker', clock);
	cjgCoordinator = await person(cjg, 'coordinator', clock);
	beheerder = await person(vt, 'beheerder', clock);
});

/** An open trajectory between VT and CJG, CJG's responsible medewerker named; the warm handover completed when told (VT may close). */
async function trajectory(completeWarm = false): Promise<string> {
	const caseId = await createCase(deps(), vtWorker.actor, completeCase());
	const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, {
		toOrgId: cjg.id,
		message: 'Graag samen verder in een V&V-traject.'
	});
	await answerHandover(deps(), cjgWorker.actor, handoverId, { answer: 'accept' });
	if (completeWarm) await completeWarmHandover(deps(), vtWorker.actor, cjgWorker.actor, handoverId);
	const id = await openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id });
	await setPartnerResponsible(deps(), cjgWorker.actor, id, cjgWorker.user.id);
	return id;
}

/** Notifications of one kind per user, for items of one trajectory (by the href). */
async function received(kind: string, trajectoryId: string): Promise<string[]> {
	const rows = await db()<{ userId: string }[]>`
		select user_id from notifications where kind = ${kind} and href = ${`/trajecten/${trajectoryId}`} order by user_id`;
	return rows.map((r) => r.userId);
}
const sorted = (...ids: string[]) => [...ids].sort();

describe('overdue V&V conditions and steps', () => {
	it('reminds the owner the working day after the due date at 09:00, then escalates to both coordinators after the grace period, each once', async () => {
		at('2030-03-04T10:00:00+01:00');
		const id = await trajectory();
		// due Friday 8 March, owned by the partner: overdue on Monday 11 March 09:00, escalated Wednesday 13 March 09:00
		await addCondition(deps(), vtWorker.actor, id, {
			description: 'Vader komt niet in huis zonder afspraak.',
			ownerSide: 'partner',
			dueOn: '2030-03-08'
		});

		at('2030-03-11T08:59:00+01:00');
		expect(await fire()).toBe(0);
		at('2030-03-11T09:00:00+01:00');
		expect(await fire()).toBe(1);
		expect(await received('vv.overdue', id)).toEqual([cjgWorker.user.id]);
		expect(await fire()).toBe(0);

		at('2030-03-13T08:59:00+01:00');
		expect(await fire()).toBe(0);
		at('2030-03-13T09:00:00+01:00');
		expect(await fire()).toBe(1);
		expect(await received('vv.escalated', id)).toEqual(sorted(vtCoordinator.user.id, cjgCoordinator.user.id));
		expect(await received('vv.overdue', id)).toEqual([cjgWorker.user.id]);
		expect((await readTrajectory(db(), id))!.conditions[0].escalated).toBe(true);
		const [audited] = await db()<{ n: number }[]>`
			select count(*)::int as n from audit_log where action = 'followup.escalated' and record_type = 'trajectory' and record_id = ${id}`;
		expect(audited.n).toBe(1);
		const events = await db()<{ type: string }[]>`
			select type from events where payload->>'trajectoryId' = ${id} and actor_user_id is null order by id`;
		expect(events.map((e) => e.type)).toEqual(['trajectory.updated', 'trajectory.updated']);

		at('2030-04-01T09:00:00+02:00');
		expect(await fire()).toBe(0);
	});

	it('counts the Easter holidays: a step due on Goede Vrijdag is overdue on the Tuesday after Easter', async () => {
		at('2030-04-15T10:00:00+02:00');
		const id = await trajectory();
		// Friday 19 April 2030 is Goede Vrijdag (a working day by default), Monday 22 April Tweede Paasdag
		await addStep(deps(), cjgWorker.actor, id, { description: 'Gezinsgesprek met school plannen.', ownerSide: 'vt', dueOn: '2030-04-19' });
		const [step] = await db()<{ remindDue: Date; escalateDue: Date }[]>`
			select remind_due, escalate_due from trajectory_steps where trajectory_id = ${id}`;
		expect(step.remindDue.toISOString()).toBe('2030-04-23T07:00:00.000Z'); // Tuesday 09:00 CEST
		expect(step.escalateDue.toISOString()).toBe('2030-04-25T07:00:00.000Z'); // Thursday 09:00 CEST

		at('2030-04-23T09:00:00+02:00');
		expect(await fire()).toBe(1);
		expect(await received('vv.overdue', id)).toEqual([vtWorker.user.id]);
	});

	it('sends nothing for a condition that was met, nor for anything in a closed trajectory', async () => {
		at('2030-05-06T10:00:00+02:00');
		const met = await trajectory();
		await addCondition(deps(), vtWorker.actor, met, {
			description: 'Moeder belt wekelijks met het CJG.',
			ownerSide: 'partner',
			dueOn: '2030-05-08'
		});
		const [c] = (await readTrajectory(db(), met))!.conditions;
		await setConditionStatus(deps(), cjgWorker.actor, met, c.id, 'nagekomen');

		const closed = await trajectory(true);
		await addStep(deps(), vtWorker.actor, closed, { description: 'Afsluitend gesprek.', ownerSide: 'vt', dueOn: '2030-05-08' });
		await confirmContinuation(deps(), cjgWorker.actor, closed);
		await closeVtPart(deps(), vtWorker.actor, closed);

		at('2030-06-03T09:00:00+02:00');
		await fire();
		for (const id of [met, closed]) {
			expect(await received('vv.overdue', id)).toEqual([]);
			expect(await received('vv.escalated', id)).toEqual([]);
		}
	});

	it('fires each stage once when two workers fire the same stage at the same time', async () => {
		at('2030-06-10T10:00:00+02:00');
		const id = await trajectory();
		await addCondition(deps(), vtWorker.actor, id, { description: 'Geen alcohol in huis.', ownerSide: 'vt', dueOn: '2030-06-11' });
		const [c] = (await readTrajectory(db(), id))!.conditions;
		at('2030-06-12T09:00:00+02:00');
		const results = await Promise.all(Array.from({ length: 6 }, () => fireFollowup(deps(), conditionFollowup, 'remind', c.id)));
		expect(results.filter((r) => r.outcome === 'fired')).toHaveLength(1);
		expect(results.filter((r) => r.outcome === 'done')).toHaveLength(5);
		expect(await received('vv.overdue', id)).toEqual([vtWorker.user.id]);
	});
});

describe('the statutory term', () => {
	it('warns both responsibles a week before the end and escalates to both coordinators the day after', async () => {
		at('2030-07-01T10:00:00+02:00'); // Monday
		const id = await trajectory();
		const t = (await readTrajectory(db(), id))!;
		expect(t.statutoryDue).toBe('2030-09-09'); // 10 weeks

		at('2030-09-02T08:59:00+02:00');
		await fire();
		expect(await received('vv.term_near', id)).toEqual([]);
		at('2030-09-02T09:00:00+02:00');
		await fire();
		expect(await received('vv.term_near', id)).toEqual(sorted(vtWorker.user.id, cjgWorker.user.id));

		at('2030-09-10T09:00:00+02:00');
		await fire();
		expect(await received('vv.term_passed', id)).toEqual(sorted(vtCoordinator.user.id, cjgCoordinator.user.id));
		await fire();
		expect(await received('vv.term_passed', id)).toHaveLength(2);
	});
});

describe('follow-up settings', () => {
	it('are validated in Dutch, audited, and apply to what is written from then on', async () => {
		const bad = followupSettingsSchema.safeParse({ graceWorkdays: '-1', checkinIntervalDays: 'twee', statutoryTermWeeks: '2,5' });
		expect(bad.success).toBe(false);
		const messages = bad.error!.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
		expect(messages).toEqual([
			'graceWorkdays: Respijt voor escalatie: minimaal 0 werkdagen.',
			'checkinIntervalDays: Vul bij Veiligheidscheck tijdens wachten een getal in.',
			'statutoryTermWeeks: Vul bij Termijn V&V-traject een getal in.'
		]);

		at('2030-10-07T10:00:00+02:00');
		const before = await trajectory();
		const input = followupSettingsSchema.parse({ graceWorkdays: '0', checkinIntervalDays: '7', statutoryTermWeeks: '12' });
		expect(await updateFollowupSettings(deps(), beheerder.actor, input)).toEqual({ changed: true });
		expect(await updateFollowupSettings(deps(), beheerder.actor, input)).toEqual({ changed: false });
		expect(await readFollowupSettings(db())).toEqual({ graceWorkdays: 0, checkinIntervalDays: 7, statutoryTermDays: 84 });
		const [row] = await db()<{ details: Record<string, number> }[]>`
			select details from audit_log where action = 'followup.settings_changed' order by id desc limit 1`;
		expect(row.details).toMatchObject({ graceFrom: 2, graceTo: 0, termFrom: 70, termTo: 84 });

		const after = await trajectory();
		expect((await readTrajectory(db(), before))!.statutoryDue).toBe('2030-12-16');
		expect((await readTrajectory(db(), after))!.statutoryDue).toBe('2030-12-30');
		// grace 0: the escalation comes with the reminder
		await addCondition(deps(), vtWorker.actor, after, {
			description: 'Geen contact zonder begeleiding.',
			ownerSide: 'partner',
			dueOn: '2030-10-08'
		});
		at('2030-10-09T09:00:00+02:00');
		await fire();
		expect(await received('vv.escalated', after)).toEqual(sorted(vtCoordinator.user.id, cjgCoordinator.user.id));
		await updateFollowupSettings(
			deps(),
			beheerder.actor,
			followupSettingsSchema.parse({ graceWorkdays: '2', checkinIntervalDays: '14', statutoryTermWeeks: '10' })
		);
	});
});

describe('reconciliation', () => {
	it('enqueues upcoming stages once under deterministic ids and fires the due ones from PostgreSQL', async () => {
		at('2030-11-04T10:00:00+01:00');
		const id = await trajectory();
		await addCondition(deps(), vtWorker.actor, id, { description: 'Kinderen slapen thuis.', ownerSide: 'partner', dueOn: '2030-11-05' });
		const [c] = (await readTrajectory(db(), id))!.conditions;
		const q = queue('followups');

		at('2030-11-06T08:50:00+01:00'); // ten minutes before the reminder
		await reconcileFollowups(deps(), q);
		expect(await received('vv.overdue', id)).toEqual([]);
		const job = await q.getJob(followupJobId('vv-condition', 'remind', c.id));
		expect(job?.data).toEqual({ kind: 'vv-condition', stage: 'remind', id: c.id });
		await reconcileFollowups(deps(), q);
		expect((await q.getDelayed()).filter((j) => j.id === job!.id)).toHaveLength(1);

		// Redis lost its jobs: the next run re-derives them from PostgreSQL and fires what is due
		await q.obliterate({ force: true });
		at('2030-11-06T09:01:00+01:00');
		expect((await reconcileFollowups(deps(), q)).fired).toBeGreaterThanOrEqual(1);
		expect(await received('vv.overdue', id)).toEqual([cjgWorker.user.id]);
	});
});
