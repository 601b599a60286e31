import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeQueues } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { readCase, workQueue } from '../../src/lib/server/cases/queries.ts';
import { reassignCases, reassignSchema, responsibleOptions } from '../../src/lib/server/cases/responsible.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { closeCase, closureView } from '../../src/lib/server/monitoring/service.ts';
import { closeSchema } from '../../src/lib/server/monitoring/schema.ts';
import { openItemsOf } from '../../src/lib/server/accounts/queries.ts';
import { homeCounts } from '../../src/lib/server/home.ts';
import { caseTimeline } from '../../src/lib/server/cases/timeline.ts';
import { describeEvent } from '../../src/lib/timeline-labels.ts';
import type { NotificationItem } from '../../src/lib/realtime/events.ts';
import {
	completeCase,
	connectLive,
	domainEvents,
	ensureRegion,
	eventArrives,
	expectError,
	organisation,
	person,
	settle,
	startInstance,
	stopAll,
	type Instance,
	type Org,
	type Person
} from '../support/it-cases.ts';
import { waitFor } from '../support/it-helpers.ts';

// Rule 6 (issue 14): every case has a responsible VT medewerker, reassigned by a coordinator.
const clock = new ManualClock('2030-09-02T10:00:00+02:00'); // a Monday, far from other files' dates
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let instance: Instance;
let vt: Org, otherVt: Org, cjg: Org;
let registrar: Person, colleague: Person, third: Person, leaver: Person, coordinator: Person, otherCoordinator: Person, cjgWorker: Person;

beforeAll(async () => {
	await ensureRegion();
	[vt, otherVt, cjg] = await Promise.all([organisation('vt'), organisation('vt'), organisation('cjg')]);
	[registrar, colleague, third, leaver, coordinator, otherCoordinator, cjgWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(otherVt, 'coordinator', clock),
		person(cjg, 'medewerker', clock)
	]);
	instance = await startInstance(clock);
});
afterAll(async () => {
	await stopAll();
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

const newCase = (by: Person = registrar) => createCase(deps(), by.actor, completeCase());
const reassign = (by: Person, caseIds: string[], to: Person) =>
	reassignCases(deps(), by.actor, reassignSchema.parse({ caseIds, toUserId: to.user.id }));
const responsibleOf = async (caseId: string) => (await readCase(db(), caseId))!.responsibleUserId;
const notices = (userId: string, kind: string) =>
	db()<{ title: string; body: string; href: string | null }[]>`
		select title, body, href from notifications where user_id = ${userId} and kind = ${kind} order by id`;

describe('the responsible medewerker', () => {
	it('is the registering medewerker from the start, shown on the case and in her own werkvoorraad', async () => {
		const caseId = await newCase();
		const c = (await readCase(db(), caseId))!;
		expect(c.responsibleUserId).toBe(registrar.user.id);
		expect(c.responsibleUserName).toBe(registrar.user.name);
		const mine = await workQueue(db(), vt.id, clock.now(), { mineOf: registrar.user.id });
		expect(mine.rows.map((r) => r.id)).toContain(caseId);
		expect(mine.rows.find((r) => r.id === caseId)?.responsibleName).toBe(registrar.user.name);
		expect((await workQueue(db(), vt.id, clock.now(), { mineOf: colleague.user.id })).rows.map((r) => r.id)).not.toContain(caseId);
		expect(await openItemsOf(db(), registrar.user.id)).toEqual(
			expect.arrayContaining([expect.objectContaining({ kind: 'case', id: caseId, caseId, reference: c.reference })])
		);
	});

	it('is reassigned only by a coordinator of the case organisation, only to an active medewerker of it', async () => {
		const caseId = await newCase();
		await expectError(reassign(registrar, [caseId], colleague), ForbiddenError, /teamcoördinator/);
		await expectError(reassign(otherCoordinator, [caseId], colleague), ForbiddenError, /uw organisatie/);
		await expectError(reassign(cjgWorker, [caseId], colleague), ForbiddenError);
		const partnerCoordinator = await person(cjg, 'coordinator', clock);
		await expectError(reassign(partnerCoordinator, [caseId], colleague), ForbiddenError);
		// the target: of the organisation, and active
		await expectError(reassign(coordinator, [caseId], otherCoordinator), InputError, /actieve medewerker/);
		await expectError(reassign(coordinator, [caseId], cjgWorker), InputError);
		const gone = await person(vt, 'medewerker', clock);
		await db()`update users set disabled_at = ${clock.now()} where id = ${gone.user.id}`;
		await expectError(reassign(coordinator, [caseId], gone), InputError, /actieve medewerker/);
		expect(await responsibleOf(caseId)).toBe(registrar.user.id);
		const [{ n }] = await db()<
			{ n: number }[]
		>`select count(*)::int as n from events where type = 'case.reassigned' and payload->>'caseId' = ${caseId}`;
		expect(n).toBe(0);
		// the werkvoorraad filter still offers the deactivated person while they hold open cases; the target list does not
		const leaverCase = await newCase(gone);
		const options = await responsibleOptions(db(), vt.id);
		expect(options.find((o) => o.id === gone.user.id)).toEqual({ id: gone.user.id, name: gone.user.name, active: false });
		await reassign(coordinator, [leaverCase], colleague);
		expect(await responsibleOf(leaverCase)).toBe(colleague.user.id);
	});

	it('audits the change with before and after, puts it on the timeline, and sends it live to VT (not to a partner)', async () => {
		const caseId = await newCase();
		const { reference } = (await readCase(db(), caseId))!;
		const watcher = await connectLive(instance, registrar.token); // the werkvoorraad of the old medewerker, in another browser
		const newcomer = await connectLive(instance, colleague.token);
		const bell: NotificationItem[] = [];
		newcomer.socket.on('notification:new', (n: NotificationItem) => bell.push(n));
		const partner = await connectLive(instance, cjgWorker.token);

		expect(await reassign(coordinator, [caseId], colleague)).toBe(1);
		expect(await responsibleOf(caseId)).toBe(colleague.user.id);

		const [row] = await db()<{ actorUserId: string; actorOrgId: string; details: Record<string, string> }[]>`
			select actor_user_id, actor_org_id, details from audit_log where action = 'case.reassigned' and record_id = ${caseId}`;
		expect(row).toEqual({
			actorUserId: coordinator.user.id,
			actorOrgId: vt.id,
			details: { from: registrar.user.id, to: colleague.user.id }
		});

		const live = await eventArrives(watcher, (e) => e.type === 'case.reassigned' && e.payload.caseId === caseId, 'case.reassigned');
		expect(live.payload).toEqual({
			caseId,
			reference,
			actor: coordinator.user.name,
			actorOrg: vt.name,
			fromUserId: registrar.user.id,
			from: registrar.user.name,
			toUserId: colleague.user.id,
			to: colleague.user.name
		});
		await eventArrives(newcomer, (e) => e.type === 'case.reassigned' && e.payload.caseId === caseId, 'case.reassigned to the newcomer');
		await settle(partner, cjgWorker.user.id);
		expect(domainEvents(partner).filter((e) => e.payload.caseId === caseId)).toEqual([]);

		const timeline = await caseTimeline(db(), registrar.actor, caseId);
		const line = timeline.find((e) => e.type === 'case.reassigned');
		expect(line && describeEvent(line)).toBe(
			`${coordinator.user.name} (${vt.name}) heeft ${colleague.user.name} verantwoordelijk gemaakt voor de zaak (was ${registrar.user.name}).`
		);

		// the new medewerker is told: the reference, no names, a link to the case
		const told = await waitFor(() => bell.find((n) => n.kind === 'case.assigned' && n.title.includes(reference)), 'the notification');
		expect(told.href).toBe(`/zaken/${caseId}`);
		const stored = (await notices(colleague.user.id, 'case.assigned')).filter((n) => n.href === `/zaken/${caseId}`);
		expect(stored).toEqual([
			{
				title: `U bent verantwoordelijk voor ${reference}`,
				body: expect.not.stringContaining(registrar.user.name),
				href: `/zaken/${caseId}`
			}
		]);
		expect(JSON.stringify(stored)).not.toContain(coordinator.user.name);

		// again to the same person: nothing changes, nothing is written
		expect(await reassign(coordinator, [caseId], colleague)).toBe(0);
		const [{ n }] = await db()<
			{ n: number }[]
		>`select count(*)::int as n from audit_log where action = 'case.reassigned' and record_id = ${caseId}`;
		expect(n).toBe(1);
	});

	it('reassigns a selection all or nothing', async () => {
		const [a, b, c] = [await newCase(), await newCase(), await newCase()];
		const elsewhere = await createCase(deps(), (await person(otherVt, 'medewerker', clock)).actor, completeCase());
		await expectError(reassign(coordinator, [a, b, elsewhere], third), ForbiddenError, /uw organisatie/);
		await expectError(reassign(coordinator, [a, '00000000-0000-4000-8000-000000000000'], third), ForbiddenError);
		// one of them closed: refused, and the others are left as they were
		const closedCase = await newCase();
		await closeCase(
			deps(),
			registrar.actor,
			closedCase,
			closeSchema.parse({
				closingSummary: 'Het geweld is gestopt; de afspraken blijven staan en het wijkteam ziet erop toe.',
				melder: 'anonymous',
				monitorId: registrar.user.id,
				plannedOn: '2030-09-16',
				withProfessional: 'on',
				withWhomNote: 'moeder'
			})
		);
		await expectError(reassign(coordinator, [a, b, closedCase], third), ConflictError, /afgesloten/);
		for (const id of [a, b, c]) expect(await responsibleOf(id)).toBe(registrar.user.id);

		expect(await reassign(coordinator, [a, b, c], third)).toBe(3);
		for (const id of [a, b, c]) expect(await responsibleOf(id)).toBe(third.user.id);
		expect(await notices(third.user.id, 'case.assigned')).toHaveLength(3);
		expect(reassignSchema.safeParse({ caseIds: [], toUserId: third.user.id }).success).toBe(false);
	});

	it('is told about the handover of the case, with the offerer; the coordinators when neither account is active', async () => {
		const caseId = await newCase();
		const handoverId = await offerHandover(deps(), registrar.actor, caseId, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
		await reassign(coordinator, [caseId], third);
		await answerHandover(deps(), cjgWorker.actor, handoverId, { answer: 'decline', reason: 'geen_capaciteit', note: 'Wachtlijst.' });
		const declined = await db()<{ userId: string }[]>`
			select user_id from notifications where kind = 'handover.declined' and dedupe_key = ${`handover.declined:${handoverId}`} order by user_id`;
		expect(declined.map((r) => r.userId).sort()).toEqual([registrar.user.id, third.user.id].sort());

		// both accounts gone: VT's coordinators hear of it
		const caseOfLeaver = await newCase(leaver);
		const second = await offerHandover(deps(), leaver.actor, caseOfLeaver, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
		await db()`update users set disabled_at = ${clock.now()} where id = ${leaver.user.id}`;
		await answerHandover(deps(), cjgWorker.actor, second, { answer: 'accept' });
		const accepted = await db()<{ userId: string }[]>`
			select user_id from notifications where kind = 'handover.accepted' and dedupe_key = ${`handover.accepted:${second}`}`;
		expect(accepted.map((r) => r.userId)).toEqual([coordinator.user.id]);
	});

	it('monitors after closure by default (rule 6) and counts as "Mijn zaken" on the home page', async () => {
		const caseId = await newCase();
		await reassign(coordinator, [caseId], colleague);
		const view = await closureView(deps(), registrar.actor, (await readCase(db(), caseId))!);
		expect(view.defaultMonitorId).toBe(colleague.user.id);
		expect(view.workers.map((w) => w.id)).toContain(colleague.user.id);

		const before = await homeCounts(db(), { ...colleague.actor, userId: colleague.user.id }, clock.now());
		const other = await newCase(third);
		await offerHandover(deps(), third.actor, other, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
		await offerHandover(deps(), registrar.actor, caseId, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
		const after = await homeCounts(db(), { ...colleague.actor, userId: colleague.user.id }, clock.now());
		expect(after.mijnzaken).toBe(before.mijnzaken);
		// a running handover of her own case counts for her, one of a colleague's case does not
		expect(after.overdrachten).toBe(before.overdrachten + 1);
		const team = await homeCounts(db(), { ...coordinator.actor, userId: coordinator.user.id }, clock.now());
		expect(team.overdrachten).toBeGreaterThanOrEqual(after.overdrachten + 1);
	});
});
