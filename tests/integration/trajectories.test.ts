import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { readTrajectory } from '../../src/lib/server/trajectories/queries.ts';
import {
	addCondition,
	addStep,
	closeVtPart,
	confirmContinuation,
	listTrajectories,
	openTrajectory,
	setConditionStatus,
	setPartnerResponsible,
	setStepDone,
	viewTrajectory
} from '../../src/lib/server/trajectories/service.ts';
import { conditionSchema, stepSchema } from '../../src/lib/server/trajectories/schema.ts';
import {
	completeCase,
	completeWarmHandover,
	ensureRegion,
	expectError,
	organisation,
	person,
	type Org,
	type Person
} from '../support/it-cases.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // Monday 23 November 2026
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let vt: Org, cjg: Org, wijkteam: Org, gemeente: Org;
let vtWorker: Person, vtColleague: Person, cjgWorker: Person, cjgCoordinator: Person, wijkteamWorker: Person, gemeenteUser: Person;

const condition = {
	description: 'Vader komt niet in huis zonder afspraak met het wijkteam.',
	ownerSide: 'partner' as const,
	dueOn: '2026-12-07'
};
const step = { description: 'Gezinsgesprek met school en moeder plannen.', ownerSide: 'vt' as const, dueOn: '2026-12-01' };

/** A complete case offered to the partner; accepted unless told otherwise, its warm handover completed when told. */
async function caseWithHandover(to: Org, answerer: Person, accept = true, complete = false): Promise<string> {
	const caseId = await createCase(deps(), vtWorker.actor, completeCase());
	const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, {
		toOrgId: to.id,
		message: 'Graag samen verder in een V&V-traject.'
	});
	if (accept) await answerHandover(deps(), answerer.actor, handoverId, { answer: 'accept' });
	if (complete) await completeWarmHandover(deps(), vtWorker.actor, answerer.actor, handoverId);
	return caseId;
}

async function eventTypes(caseId: string): Promise<{ type: string; streams: string[] }[]> {
	return db()<
		{ type: string; streams: string[] }[]
	>`select type, streams from events where streams @> ${[`case:${caseId}`]}::text[] and type like 'trajectory.%' order by id`;
}

async function auditActions(trajectoryId: string): Promise<string[]> {
	const rows = await db()<
		{ action: string }[]
	>`select action from audit_log where record_type = 'trajectory' and record_id = ${trajectoryId} order by id`;
	return rows.map((r) => r.action);
}

beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, wijkteam, gemeente] = await Promise.all([
		organisation('vt'),
		organisation('cjg'),
		organisation('wijkteam'),
		organisation('gemeente')
	]);
	[vtWorker, vtColleague, cjgWorker, cjgCoordinator, wijkteamWorker, gemeenteUser] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(cjg, 'medewerker', clock),
		person(cjg, 'coordinator', clock),
		person(wijkteam, 'medewerker', clock),
		person(gemeente, 'gemeente', clock)
	]);
});

afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('opening a V&V-traject', () => {
	it('needs an accepted handover to that partner, a VT worker and VT responsible medewerker; one open per case', async () => {
		const pending = await caseWithHandover(cjg, cjgWorker, false);
		await expectError(
			openTrajectory(deps(), vtWorker.actor, pending, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id }),
			InputError,
			/overdracht van deze zaak heeft geaccepteerd/
		);

		const caseId = await caseWithHandover(cjg, cjgWorker);
		await expectError(
			openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: wijkteam.id, vtResponsibleId: vtWorker.user.id }),
			InputError
		);
		await expectError(
			openTrajectory(deps(), cjgWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id }),
			ForbiddenError
		);
		await expectError(
			openTrajectory(deps(), gemeenteUser.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id }),
			ForbiddenError
		);
		const wrongResponsible = await expectError(
			openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: cjgWorker.user.id }),
			InputError
		);
		expect(wrongResponsible.fields).toHaveProperty('vtResponsibleId');

		const id = await openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtColleague.user.id });
		const t = (await readTrajectory(db(), id))!;
		expect(t).toMatchObject({
			caseId,
			partnerOrgId: cjg.id,
			vtResponsibleName: vtColleague.user.name,
			partnerResponsibleId: null,
			status: 'open'
		});
		expect(t.statutoryDue).toBe('2027-02-01'); // 10 weeks after Monday 23 November 2026
		await expectError(
			openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id }),
			ConflictError,
			'Er loopt al een V&V-traject voor deze zaak.'
		);

		const races = await Promise.allSettled(
			[1, 2, 3].map(async () =>
				openTrajectory(deps(), vtWorker.actor, await caseWithHandover(wijkteam, wijkteamWorker), {
					partnerOrgId: wijkteam.id,
					vtResponsibleId: vtWorker.user.id
				})
			)
		);
		expect(races.every((r) => r.status === 'fulfilled')).toBe(true);
	});

	it('lets concurrent openings of one case end in exactly one trajectory', async () => {
		const caseId = await caseWithHandover(cjg, cjgWorker);
		const results = await Promise.allSettled(
			[1, 2, 3, 4].map(() => openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
	});
});

describe('working in the trajectory', () => {
	let caseId: string, id: string;
	beforeAll(async () => {
		caseId = await caseWithHandover(cjg, cjgCoordinator, true, true);
		id = await openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id });
	});

	it('both sides add and edit conditions and steps; everyone else is refused', async () => {
		await addCondition(deps(), vtWorker.actor, id, condition);
		await addStep(deps(), cjgWorker.actor, id, step);
		let t = (await readTrajectory(db(), id))!;
		expect(t.conditions).toMatchObject([{ ...condition, status: 'open', updatedByName: vtWorker.user.name }]);
		expect(t.steps).toMatchObject([{ ...step, done: false, updatedByName: cjgWorker.user.name }]);

		await setConditionStatus(deps(), cjgWorker.actor, id, t.conditions[0].id, 'nagekomen');
		await setStepDone(deps(), vtWorker.actor, id, t.steps[0].id, true);
		t = (await readTrajectory(db(), id))!;
		expect(t.conditions[0]).toMatchObject({ status: 'nagekomen', updatedByName: cjgWorker.user.name });
		expect(t.steps[0]).toMatchObject({ done: true, updatedByName: vtWorker.user.name });

		for (const outsider of [wijkteamWorker, gemeenteUser]) {
			await expectError(viewTrajectory(deps(), outsider.actor, id), ForbiddenError);
			await expectError(addCondition(deps(), outsider.actor, id, condition), ForbiddenError);
			await expectError(setConditionStatus(deps(), outsider.actor, id, t.conditions[0].id, 'niet_nagekomen'), ForbiddenError);
			await expectError(setStepDone(deps(), outsider.actor, id, t.steps[0].id, false), ForbiddenError);
		}
		await expectError(viewTrajectory(deps(), { ...cjgWorker.actor, tokenId: '00000000-0000-4000-8000-000000000000' }, id), ForbiddenError);
		expect((await listTrajectories(deps(), wijkteamWorker.actor)).rows.map((r) => r.id)).not.toContain(id);
		expect((await listTrajectories(deps(), cjgWorker.actor)).rows.map((r) => r.id)).toContain(id);
		await expectError(listTrajectories(deps(), gemeenteUser.actor), ForbiddenError);

		// a condition of another trajectory cannot be edited through this one
		const other = await openTrajectory(deps(), vtWorker.actor, await caseWithHandover(cjg, cjgWorker), {
			partnerOrgId: cjg.id,
			vtResponsibleId: vtWorker.user.id
		});
		await expectError(setConditionStatus(deps(), vtWorker.actor, other, t.conditions[0].id, 'open'), InputError);
		expect((await viewTrajectory(deps(), cjgWorker.actor, id)).side).toBe('partner');
	});

	it('refuses input without a description or date, in Dutch', () => {
		const parsed = conditionSchema.safeParse({ description: ' ', ownerSide: 'x', dueOn: '' });
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues.map((i) => i.message)).toEqual(
			expect.arrayContaining([
				'Omschrijf de veiligheidsvoorwaarde.',
				'Kies wie dit oppakt: Veilig Thuis of de ketenpartner.',
				'Vul de uiterste datum in.'
			])
		);
		expect(stepSchema.safeParse({ ...step, description: 'BSN 123456782' }).success).toBe(false);
	});

	it('VT cannot close its part until the partner confirmed it continues the support', async () => {
		await expectError(closeVtPart(deps(), vtWorker.actor, id), ConflictError, /nog niet bevestigd dat het de ondersteuning voortzet/);
		await expectError(confirmContinuation(deps(), vtWorker.actor, id), ForbiddenError);
		await expectError(
			confirmContinuation(deps(), cjgWorker.actor, id),
			ConflictError,
			'Wijs eerst de verantwoordelijke medewerker van uw organisatie aan.'
		);
		await expectError(setPartnerResponsible(deps(), cjgWorker.actor, id, vtWorker.user.id), InputError);
		await expectError(setPartnerResponsible(deps(), vtWorker.actor, id, cjgWorker.user.id), ForbiddenError);
		await setPartnerResponsible(deps(), cjgCoordinator.actor, id, cjgWorker.user.id);
		await confirmContinuation(deps(), cjgWorker.actor, id);
		await expectError(confirmContinuation(deps(), cjgCoordinator.actor, id), ConflictError, /al bevestigd/);
		await expectError(closeVtPart(deps(), cjgWorker.actor, id), ForbiddenError);

		await closeVtPart(deps(), vtColleague.actor, id);
		const t = (await readTrajectory(db(), id))!;
		expect(t).toMatchObject({
			status: 'closed',
			vtClosedByName: vtColleague.user.name,
			partnerContinuesConfirmedByName: cjgWorker.user.name,
			partnerResponsibleName: cjgWorker.user.name
		});
		await expectError(addStep(deps(), cjgWorker.actor, id, step), ConflictError, /afgesloten/);
		// closed: a new trajectory may be opened for the case
		await openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id });
	});

	it('wrote an event to the case and both organisations, and an audit row, for every change', async () => {
		const events = await eventTypes(caseId);
		expect(events.map((e) => e.type)).toEqual([
			'trajectory.opened',
			'trajectory.updated',
			'trajectory.updated',
			'trajectory.updated',
			'trajectory.updated',
			'trajectory.updated',
			'trajectory.updated',
			'trajectory.closed',
			'trajectory.opened'
		]);
		for (const e of events) expect(e.streams).toEqual([`case:${caseId}`, `org:${vt.id}`, `org:${cjg.id}`]);
		const [payload] = await db()<
			{ payload: Record<string, unknown> }[]
		>`select payload from events where streams @> ${[`case:${caseId}`]}::text[] and type = 'trajectory.updated' order by id limit 1`;
		expect(JSON.stringify(payload.payload)).not.toContain(condition.description);
		expect(await auditActions(id)).toEqual([
			'trajectory.opened',
			'trajectory.updated',
			'trajectory.updated',
			'trajectory.updated',
			'trajectory.updated',
			'trajectory.viewed',
			'trajectory.updated',
			'trajectory.continuation_confirmed',
			'trajectory.closed'
		]);
	});
});
