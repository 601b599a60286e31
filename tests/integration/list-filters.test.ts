import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import type { RealtimeServer } from '../../src/lib/server/realtime/types.ts';
import { auditActorOf } from '../../src/lib/server/actor.ts';
import { audit } from '../../src/lib/server/audit/log.ts';
import { caseRecordIds, listAudit } from '../../src/lib/server/audit/queries.ts';
import { createCase, viewCaseAsVt } from '../../src/lib/server/cases/service.ts';
import { listWorkQueue, workQueueQuerySchema } from '../../src/lib/server/cases/list.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { listTrajectories, openTrajectory } from '../../src/lib/server/trajectories/service.ts';
import { trajectoryList } from '../../src/lib/server/trajectories/queries.ts';
import { trajectoryListQuerySchema } from '../../src/lib/server/trajectories/list.ts';
import { viewWaiting } from '../../src/lib/server/waiting/service.ts';
import { waitingListQuerySchema } from '../../src/lib/server/waiting/list.ts';
import { ensureCheckins } from '../../src/lib/server/checkins/schedule.ts';
import { listCheckins } from '../../src/lib/server/checkins/service.ts';
import { checkinList } from '../../src/lib/server/checkins/queries.ts';
import { checkinListQuerySchema } from '../../src/lib/server/checkins/list.ts';
import { closeCase, listMonitoring } from '../../src/lib/server/monitoring/service.ts';
import { closeSchema } from '../../src/lib/server/monitoring/schema.ts';
import { monitoringListQuerySchema } from '../../src/lib/server/monitoring/list.ts';
import { insertNotifications, readNotificationPage } from '../../src/lib/server/notifications/service.ts';
import { notificationListQuerySchema } from '../../src/lib/server/notifications/list.ts';
import { parseListQuery } from '../../src/lib/server/lists/query.ts';
import type { z } from 'zod';
import { completeCase, ensureRegion, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// The other lists: V&V-trajecten, wachttijden, veiligheidschecks, monitoring, meldingen and the
// auditlog, each paged, searchable by reference and filtered, never wider than the organisation's view.
const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // a Monday
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let vt: Org, cjg: Org, wijkteam: Org, consortium: Org, otherConsortium: Org;
let vtWorker: Person,
	vtColleague: Person,
	vtCoordinator: Person,
	cjgWorker: Person,
	wijkteamWorker: Person,
	consortiumWorker: Person,
	otherConsortiumWorker: Person;

const parse = <S extends z.ZodType<Record<string, unknown>>>(schema: S, q: string) => parseListQuery(schema, new URLSearchParams(q));
const referenceOf = async (caseId: string) =>
	(await db()<{ reference: string }[]>`select reference from cases where id = ${caseId}`)[0].reference;
const closing = (monitor: Person, plannedOn: string) =>
	closeSchema.parse({
		closingSummary: 'Het geweld is gestopt; de afspraken blijven staan.',
		melder: 'anonymous',
		monitorId: monitor.user.id,
		plannedOn,
		withProfessional: 'on',
		withFamily: 'on',
		withWhomNote: 'moeder en de mentor van school'
	});

useOwnDatabase('list_filters');
beforeAll(async () => {
	registerRealtime(new Server() as RealtimeServer);
	await ensureRegion();
	[vt, cjg, wijkteam, consortium, otherConsortium] = await Promise.all([
		organisation('vt'),
		organisation('cjg'),
		organisation('wijkteam'),
		organisation('consortium'),
		organisation('consortium')
	]);
	[vtWorker, vtColleague, vtCoordinator, cjgWorker, wijkteamWorker, consortiumWorker, otherConsortiumWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(cjg, 'medewerker', clock),
		person(wijkteam, 'medewerker', clock),
		person(consortium, 'medewerker', clock),
		person(otherConsortium, 'medewerker', clock)
	]);
});
afterAll(() => registerRealtime(undefined));

describe('V&V-trajecten', () => {
	const ids: string[] = [];
	const cases: string[] = [];

	beforeAll(async () => {
		for (let i = 0; i < 4; i++) {
			const caseId = await createCase(deps(), vtWorker.actor, completeCase({ municipalityId: i === 3 ? 'GM0453' : 'GM0392' }));
			await answerHandover(
				deps(),
				cjgWorker.actor,
				await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: cjg.id, message: 'Graag samen verder.' }),
				{ answer: 'accept' }
			);
			ids.push(
				await openTrajectory(deps(), vtWorker.actor, caseId, {
					partnerOrgId: cjg.id,
					vtResponsibleId: i === 0 ? vtColleague.user.id : vtWorker.user.id
				})
			);
			cases.push(caseId);
			clock.advance(86_400_000); // each a day later: its own term
		}
	});

	it('pages by term on either side, and filters by reference, gemeente, own and passed term', async () => {
		const pages = [await trajectoryList(db(), vt.id, 'vt', {}, { limit: 3 })];
		pages.push(await trajectoryList(db(), vt.id, 'vt', {}, { cursor: pages[0].next, limit: 3 }));
		expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(ids);
		expect(pages[1].next).toBeNull();
		expect((await trajectoryList(db(), cjg.id, 'partner', {}, { limit: 10 })).rows.map((r) => r.id)).toEqual(ids);

		const list = async (who: Person, q: string) => {
			const { query, filter } = parse(trajectoryListQuerySchema, q);
			return (await listTrajectories(deps(), who.actor, query, filter)).rows.map((r) => r.id);
		};
		expect(await list(vtWorker, `zoek=${(await referenceOf(cases[2])).slice(-6)}`)).toEqual([ids[2]]);
		expect(await list(cjgWorker, 'gemeente=GM0453')).toEqual([ids[3]]);
		expect(await list(vtColleague, 'mijn=ja')).toEqual([ids[0]]);
		expect(await list(vtWorker, 'status=afgesloten')).toEqual([]);
		const later = new ManualClock(new Date(clock.now().getTime() + 71 * 86_400_000)); // past the first terms (10 weeks)
		const passed = (
			await listTrajectories({ sql: db(), clock: later }, vtWorker.actor, parse(trajectoryListQuerySchema, 'verstreken=ja').query)
		).rows.map((r) => r.id);
		expect(passed.length).toBeGreaterThan(0);
		expect(ids.slice(0, passed.length)).toEqual(passed);
		// another partner finds nothing of these, whatever it searches for
		expect(await list(wijkteamWorker, `zoek=${await referenceOf(cases[2])}`)).toEqual([]);
	});
});

describe('wachttijden and veiligheidschecks', () => {
	const waiting: { caseId: string; reference: string }[] = [];

	beforeAll(async () => {
		for (const [i, careTypeId] of ['ihub', 'trauma', 'ihub'].entries()) {
			const caseId = await createCase(
				deps(),
				i === 2 ? vtColleague.actor : vtWorker.actor,
				completeCase({ municipalityId: i === 1 ? 'GM0453' : 'GM0392' })
			);
			const handoverId = await offerHandover(deps(), i === 2 ? vtColleague.actor : vtWorker.actor, caseId, {
				toOrgId: consortium.id,
				message: 'Graag.',
				careTypeId
			});
			await answerHandover(deps(), consortiumWorker.actor, handoverId, { answer: 'accept' });
			waiting.push({ caseId, reference: await referenceOf(caseId) });
			clock.advance(86_400_000);
		}
		const other = await createCase(deps(), vtWorker.actor, completeCase());
		await answerHandover(
			deps(),
			otherConsortiumWorker.actor,
			await offerHandover(deps(), vtWorker.actor, other, { toOrgId: otherConsortium.id, message: 'Graag.', careTypeId: 'ihub' }),
			{ answer: 'accept' }
		);
		clock.advance(20 * 86_400_000); // the first check-ins are due
		await ensureCheckins(deps());
	});

	it('lists a consortium’s waiting families longest first, filtered; a consortium filter never shows another consortium’s', async () => {
		const view = async (who: Person, q: string) => {
			const { query, filter } = parse(waitingListQuerySchema, q);
			return (await viewWaiting(deps(), who.actor, query, filter)).waiting.map((w) => w.caseId);
		};
		expect(await view(consortiumWorker, '')).toEqual(waiting.map((w) => w.caseId));
		expect(await view(consortiumWorker, 'zorgvorm=ihub')).toEqual([waiting[0].caseId, waiting[2].caseId]);
		expect(await view(consortiumWorker, 'subregio=ijmond')).toEqual([waiting[1].caseId]);
		expect(await view(consortiumWorker, `zoek=${waiting[2].reference}`)).toEqual([waiting[2].caseId]);
		expect(await view(consortiumWorker, `consortium=${otherConsortium.id}`)).toEqual(waiting.map((w) => w.caseId));
		expect(await view(otherConsortiumWorker, `zoek=${waiting[2].reference}`)).toEqual([]);
		// VT: all its families, or only those it keeps sight of
		expect(await view(vtColleague, 'mijn=ja')).toEqual([waiting[2].caseId]);
		expect((await view(vtWorker, `consortium=${consortium.id}`)).length).toBe(3);
		const page = await viewWaiting(deps(), vtWorker.actor, parse(waitingListQuerySchema, `consortium=${consortium.id}`).query);
		expect(page.total).toEqual({ count: 3, more: false });
	});

	it('pages the check-ins, the team’s escalated and overdue ones first, filtered by stand and consortium', async () => {
		const mine = await checkinList(db(), { vtOrgId: vt.id, assignedTo: vtWorker.user.id }, '2026-12-16', {}, { limit: 1 });
		expect(mine.rows).toHaveLength(1);
		const rest = await checkinList(
			db(),
			{ vtOrgId: vt.id, assignedTo: vtWorker.user.id },
			'2026-12-16',
			{},
			{ cursor: mine.next, limit: 10 }
		);
		expect([...mine.rows, ...rest.rows].map((c) => c.reference)).toEqual([waiting[0].reference, waiting[1].reference, expect.any(String)]);

		const lists = async (who: Person, q: string) => {
			const { query, filter } = parse(checkinListQuerySchema, q);
			return listCheckins(deps(), who.actor, query, filter);
		};
		const all = await lists(vtCoordinator, '');
		expect(all.team?.length).toBe(4);
		expect(all.counts.team).toEqual({ open: 4, escalated: 0, overdue: expect.any(Number) });
		expect((await lists(vtCoordinator, `consortium=${otherConsortium.id}`)).team?.map((c) => c.consortiumName)).toEqual([
			otherConsortium.name
		]);
		expect((await lists(vtCoordinator, `zoek=${waiting[1].reference}&wie=team`)).team?.map((c) => c.reference)).toEqual([
			waiting[1].reference
		]);
		expect((await lists(vtCoordinator, 'wie=team')).pages.mine).toBeNull();
		expect((await lists(vtCoordinator, 'stand=gepland')).team).toEqual([]);
		await db()`update safety_checkins set escalated_at = ${clock.now()} where case_id = ${waiting[2].caseId}`;
		expect((await lists(vtCoordinator, '')).team?.[0].reference).toBe(waiting[2].reference);
		expect((await lists(vtCoordinator, 'stand=geescaleerd')).team?.map((c) => c.reference)).toEqual([waiting[2].reference]);
		// a medewerker sees only her own, whatever she asks
		const worker = await lists(vtColleague, 'wie=team');
		expect(worker.team).toBeNull();
		expect(worker.mine.map((c) => c.reference)).toEqual([waiting[2].reference]);
	});
});

describe('monitoring', () => {
	const closed: string[] = [];

	beforeAll(async () => {
		for (const [i, plannedOn] of ['2027-01-11', '2027-01-04', '2027-01-18'].entries()) {
			const caseId = await createCase(deps(), vtWorker.actor, completeCase({ municipalityId: i === 2 ? 'GM0453' : 'GM0392' }));
			await closeCase(deps(), vtCoordinator.actor, caseId, closing(i === 1 ? vtColleague : vtWorker, plannedOn));
			closed.push(caseId);
		}
	});

	it('lists open moments by day per monitor and for the team, the recorded ones apart, filtered', async () => {
		const lists = async (who: Person, q: string) => {
			const { query, filter } = parse(monitoringListQuerySchema, q);
			return listMonitoring(deps(), who.actor, query, filter);
		};
		const coordinator = await lists(vtCoordinator, '');
		expect(coordinator.team?.map((m) => m.caseId)).toEqual([closed[1], closed[0], closed[2]]);
		expect(coordinator.mine).toEqual([]);
		const worker = await lists(vtWorker, '');
		expect(worker.mine.map((m) => m.caseId)).toEqual([closed[0], closed[2]]);
		expect(worker.team).toBeNull();
		expect((await lists(vtWorker, 'wie=team')).team).toBeNull();
		expect((await lists(vtCoordinator, 'gemeente=GM0453')).team?.map((m) => m.caseId)).toEqual([closed[2]]);
		expect((await lists(vtCoordinator, 'van=2027-01-05&tot=2027-01-12')).team?.map((m) => m.caseId)).toEqual([closed[0]]);
		expect((await lists(vtCoordinator, `zoek=${await referenceOf(closed[1])}`)).team?.map((m) => m.caseId)).toEqual([closed[1]]);
		const onlyRecorded = await lists(vtCoordinator, 'stand=vastgelegd');
		expect(onlyRecorded).toMatchObject({ team: null, recorded: [] });
		await db()`update monitoring_moments set escalated_at = ${clock.now()} where case_id = ${closed[2]}`;
		expect((await lists(vtCoordinator, '')).team?.map((m) => m.caseId)).toEqual([closed[2], closed[1], closed[0]]);
	});
});

describe('meldingen', () => {
	it('pages a person’s notifications newest first, by reference, unread and period; never another person’s', async () => {
		const reader = await person(vt, 'medewerker', clock);
		const references = ['VT-2026-100001', 'VT-2026-100002', 'VT-2026-100003'];
		for (const [i, reference] of references.entries()) {
			clock.advance(3_600_000);
			await insertNotifications(
				db(),
				[reader.user.id],
				{
					kind: 'monitoring.due',
					title: `Monitoring vandaag: ${reference}`,
					body: 'Leg de uitkomst vast.',
					href: null,
					dedupeKey: `t${i}`
				},
				clock.now()
			);
		}
		await insertNotifications(
			db(),
			[vtColleague.user.id],
			{ kind: 'monitoring.due', title: `Monitoring vandaag: ${references[0]}`, body: 'x', href: null, dedupeKey: 'c' },
			clock.now()
		);
		await db()`update notifications set read_at = now() where user_id = ${reader.user.id} and title like '%100002'`;
		const me = { ...auditActorOf(reader.actor), userId: reader.user.id };
		const page = async (q: string, cursor: string | null = null, limit = 10) =>
			readNotificationPage(db(), me, parse(notificationListQuerySchema, q).query, { cursor, limit });
		const first = await page('', null, 2);
		expect(first.rows.map((n) => n.title)).toEqual([`Monitoring vandaag: ${references[2]}`, `Monitoring vandaag: ${references[1]}`]);
		expect((await page('', first.next, 2)).rows.map((n) => n.title)).toEqual([`Monitoring vandaag: ${references[0]}`]);
		expect((await page('zoek=100001')).rows).toHaveLength(1);
		expect((await page('ongelezen=ja')).rows.map((n) => n.title)).not.toContain(`Monitoring vandaag: ${references[1]}`);
		expect((await page('van=2030-01-01')).rows).toEqual([]);
		expect(first.unread).toBe(2);
	});
});

describe('auditlog by case', () => {
	it('finds every row about a case (its views, its records, the lists that showed it) within the beheerder’s scope', async () => {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		const reference = await referenceOf(caseId);
		await viewCaseAsVt(deps(), vtWorker.actor, caseId);
		const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: cjg.id, message: 'Graag warme overdracht.' });
		const { query, filter } = parse(workQueueQuerySchema, `zoek=${reference}`);
		await listWorkQueue(deps(), vtWorker.actor, query, filter);
		await audit(db(), auditActorOf(cjgWorker.actor), 'handover.viewed', { type: 'handover', id: handoverId }, { case: caseId });

		const { ids, tooMany } = await caseRecordIds(db(), reference);
		expect(tooMany).toBe(false);
		expect(ids).toEqual(expect.arrayContaining([caseId, handoverId]));
		const rows = (await listAudit(db(), { scopeOrganisationId: null, recordIds: ids, limit: 50 })).rows;
		expect(rows.map((r) => r.action).sort()).toEqual([
			'case.created',
			'case.viewed',
			'cases.listed',
			'handover.offered',
			'handover.viewed'
		]);
		// a CJG beheerder sees only what CJG did with it
		const scoped = (await listAudit(db(), { scopeOrganisationId: cjg.id, recordIds: ids, limit: 50 })).rows;
		expect(scoped.map((r) => r.action)).toEqual(['handover.viewed']);
		// a search that names many cases is refused rather than scanned
		expect(await caseRecordIds(db(), 'VT-', 2)).toEqual({ ids: [], tooMany: true });
	});
});
