import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeQueues, queue } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover, withdrawHandover } from '../../src/lib/server/handovers/service.ts';
import { SLA_FOLLOWUP, slaFollowup, type SlaStage } from '../../src/lib/server/sla/followups.ts';
import { fireDueFollowups, fireFollowup, followupJobId } from '../../src/lib/server/followups/runner.ts';
import { readSlaPolicies, updateSlaSettings } from '../../src/lib/server/sla/policy.ts';
import { listNotifications, markRead } from '../../src/lib/server/notifications/service.ts';
import { completeCase, ensureRegion, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { setEnv } from '../support/it-helpers.ts';

// Far from the real date: a workers process elsewhere (real clock) never finds these due.
const MONDAY = '2030-03-04T09:00:00+01:00';
const clock = new ManualClock(MONDAY);
const deps = () => ({ sql: db(), clock });
const fireDue = () => fireDueFollowups(deps(), [slaFollowup]);
const fire = (stage: SlaStage, id: string) => fireFollowup(deps(), slaFollowup, stage, id);
const jobId = (stage: SlaStage, id: string) => followupJobId(SLA_FOLLOWUP, stage, id);
const at = (iso: string) => clock.set(iso);

let vt: Org, partner: Org;
let vtWorker: Person, vtCoordinator: Person, partnerWorker: Person, partnerCoordinator: Person, beheerder: Person;

// A database of its own: these tests change the SLA policy, which other files' offers must not see.
let own: TestResources;
let restoreEnv: () => void;
beforeAll(async () => {
	own = await createTestResources('sla');
	restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix });
	await ensureRegion();
	vt = await organisation('vt');
	partner = await organisation('cjg');
	vtWorker = await person(vt, 'medewerker', clock);
	vtCoordinator = await person(vt, 'coordinator', clock);
	partnerWorker = await person(partner, 'medewerker', clock);
	partnerCoordinator = await person(partner, 'coordinator', clock);
	beheerder = await person(vt, 'beheerder', clock);
});
afterAll(async () => {
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	restoreEnv?.();
	if (own) await dropTestResources(own);
});

async function offer(urgent = false): Promise<string> {
	const caseId = await createCase(deps(), vtWorker.actor, completeCase({ urgent }));
	return offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: partner.id, message: 'Graag een warme overdracht.' });
}

const sla = async (id: string) =>
	(
		await db()<
			{
				respondBefore: Date;
				remind50Due: Date;
				remind90Due: Date;
				reminded50At: Date | null;
				reminded90At: Date | null;
				breachedAt: Date | null;
				status: string;
				slaResponseMinutes: number;
			}[]
		>`
		select respond_before, remind_50_due, remind_90_due, reminded_50_at, reminded_90_at, breached_at, status::text as status, sla_response_minutes
		from handovers where id = ${id}`
	)[0];

/** The SLA notifications about one handover: kind → user ids. */
async function notified(id: string): Promise<Record<string, string[]>> {
	const rows = await db()<{ kind: string; userId: string }[]>`
		select kind, user_id from notifications where dedupe_key like ${'%:' + id} and kind like 'sla.%' order by kind, user_id`;
	const out: Record<string, string[]> = {};
	for (const r of rows) (out[r.kind] ??= []).push(r.userId);
	return out;
}
const ids = (...people: Person[]) => people.map((p) => p.user.id).sort();

describe('the acceptance SLA as a follow-up kind, driven by a manual clock', () => {
	it('reminds the partner at 50% and 90% of the working time and records the breach at the deadline, each exactly once', async () => {
		at(MONDAY);
		const id = await offer(false); // regulier: 2 werkdagen = 960 working minutes
		const h = await sla(id);
		expect(h.slaResponseMinutes).toBe(960);
		expect(h.remind50Due.toISOString()).toBe(new Date('2030-03-04T17:00:00+01:00').toISOString());
		expect(h.remind90Due.toISOString()).toBe(new Date('2030-03-05T15:24:00+01:00').toISOString());
		expect(h.respondBefore.toISOString()).toBe(new Date('2030-03-05T17:00:00+01:00').toISOString());

		// its three stages were enqueued on the followups queue after commit, with delays from the (manual) clock
		const job = await queue('followups').getJob(jobId('remind-50', id));
		expect(job?.opts.delay).toBe(8 * 3600_000);
		expect(job?.data).toEqual({ kind: 'sla', stage: 'remind-50', id });
		expect((await queue('followups').getJob(jobId('remind-90', id)))?.opts.delay).toBe((24 + 6) * 3600_000 + 24 * 60_000);
		expect((await queue('followups').getJob(jobId('breach', id)))?.opts.delay).toBe(32 * 3600_000);

		at('2030-03-04T16:59:00+01:00');
		await fireDue();
		expect(await notified(id)).toEqual({});
		expect((await fire('remind-50', id)).outcome).toBe('not_due');

		at('2030-03-04T17:00:00+01:00');
		await fireDue();
		expect(await notified(id)).toEqual({ 'sla.reminder_50': ids(partnerWorker, partnerCoordinator) });
		await fireDue();
		expect((await fire('remind-50', id)).outcome).toBe('done');
		expect((await sla(id)).reminded50At).not.toBeNull();

		at('2030-03-05T15:24:00+01:00');
		await fireDue();
		expect((await notified(id))['sla.reminder_90']).toEqual(ids(partnerWorker, partnerCoordinator));

		at('2030-03-05T17:00:00+01:00');
		await Promise.all([fireDue(), fireDue(), fire('breach', id)]);
		// the breach: the partner's medewerkers and coordinators, the medewerker who offered it and VT's coordinators
		expect((await notified(id))['sla.breached']).toEqual(ids(vtWorker, vtCoordinator, partnerWorker, partnerCoordinator));
		const after = await sla(id);
		expect(after.status).toBe('open'); // 'termijn verstreken', still open
		expect(after.breachedAt?.toISOString()).toBe(clock.now().toISOString());
		const breaches = await db()`select * from sla_breaches where handover_id = ${id}`;
		expect(breaches).toHaveLength(1);
		const audits = await db()<
			{ actorUserId: string | null }[]
		>`select actor_user_id from audit_log where action = 'sla.breached' and record_id = ${id}`;
		expect(audits).toEqual([{ actorUserId: null }]);
		const events = await db()`select id from events where type = 'handover.breached' and payload->>'handoverId' = ${id}`;
		expect(events).toHaveLength(1);

		// the bell: stored, unread, and marked read
		const list = await listNotifications(db(), partnerCoordinator.user.id);
		expect(list.items.filter((n) => n.href === `/overdrachten/${id}`).map((n) => n.kind)).toEqual([
			'sla.breached',
			'sla.reminder_90',
			'sla.reminder_50',
			'handover.offered'
		]);
		expect(list.unread).toBeGreaterThanOrEqual(4);
		expect(await markRead(db(), partnerCoordinator.user.id, list.items[0].id, clock.now())).toBe(list.unread - 1);
		expect(await markRead(db(), partnerCoordinator.user.id, null, clock.now())).toBe(0);
		expect(await markRead(db(), partnerWorker.user.id, list.items[0].id, clock.now())).toBeGreaterThan(0); // not someone else's
	});

	it('fires nothing for an offer that was answered or withdrawn, and removes its jobs', async () => {
		at(MONDAY);
		const accepted = await offer(true);
		const withdrawn = await offer(true);
		await answerHandover(deps(), partnerWorker.actor, accepted, { answer: 'accept' });
		await withdrawHandover(deps(), vtWorker.actor, withdrawn, '');
		for (const id of [accepted, withdrawn])
			for (const stage of slaFollowup.stages) expect(await queue('followups').getJob(jobId(stage, id))).toBeUndefined();
		at('2030-03-08T12:00:00+01:00');
		await fireDue();
		for (const id of [accepted, withdrawn]) {
			expect((await fire('breach', id)).outcome).toBe('done');
			expect(await notified(id)).toEqual({});
			expect((await sla(id)).breachedAt).toBeNull();
		}
	});

	it('after an outage sends only the breach, not three notices at once', async () => {
		at(MONDAY);
		const id = await offer(true); // spoed: 4 working hours
		expect((await sla(id)).respondBefore.toISOString()).toBe(new Date('2030-03-04T13:00:00+01:00').toISOString());
		at('2030-03-04T15:00:00+01:00');
		// what reconciliation does, stage by stage in order of due time: the reminders are overtaken
		expect((await slaFollowup.pending(db(), clock.now(), 100)).filter((p) => p.id === id).map((p) => p.stage)).toEqual([
			'remind-50',
			'remind-90',
			'breach'
		]);
		expect((await fire('remind-50', id)).outcome).toBe('superseded');
		expect((await fire('remind-90', id)).outcome).toBe('superseded');
		expect((await fire('breach', id)).outcome).toBe('fired');
		expect(await fireDue()).toBe(0);
		expect(Object.keys(await notified(id))).toEqual(['sla.breached']);
		const h = await sla(id);
		expect([h.reminded50At, h.reminded90At, h.breachedAt].every((x) => x !== null)).toBe(true);
	});

	it('a policy change is audited and applies to new offers only', async () => {
		at(MONDAY);
		const before = await offer(true);
		const actor = beheerder.actor;
		expect(await updateSlaSettings(deps(), actor, { spoedHours: 2, regulierDays: 2, goodFriday: false, liberationDay: false })).toEqual({
			changed: 1
		});
		expect(await readSlaPolicies(db())).toEqual({ spoed: 120, regulier: 960 });
		const afterChange = await offer(true);
		expect((await sla(before)).respondBefore.toISOString()).toBe(new Date('2030-03-04T13:00:00+01:00').toISOString());
		expect((await sla(afterChange)).respondBefore.toISOString()).toBe(new Date('2030-03-04T11:00:00+01:00').toISOString());
		expect((await sla(afterChange)).slaResponseMinutes).toBe(120);
		const audits = await db()<{ recordId: string; details: Record<string, unknown> }[]>`
			select record_id, details from audit_log where action = 'sla.policy_changed' and actor_user_id = ${beheerder.user.id}`;
		expect(audits).toEqual([{ recordId: 'spoed', details: { from: 240, to: 120 } }]);
		// the same settings again change nothing and write nothing
		expect(await updateSlaSettings(deps(), actor, { spoedHours: 2, regulierDays: 2, goodFriday: false, liberationDay: false })).toEqual({
			changed: 0
		});
		await updateSlaSettings(deps(), actor, { spoedHours: 4, regulierDays: 2, goodFriday: false, liberationDay: false });
	});

	it('Goede Vrijdag as a day off moves the deadline of new offers', async () => {
		at('2030-04-18T09:00:00+02:00'); // Thursday before Easter; Goede Vrijdag 19 April, Tweede Paasdag 22 April
		const actor = beheerder.actor;
		const working = await offer(false);
		expect((await sla(working)).respondBefore.toISOString()).toBe(new Date('2030-04-19T17:00:00+02:00').toISOString());
		await updateSlaSettings(deps(), actor, { spoedHours: 4, regulierDays: 2, goodFriday: true, liberationDay: false });
		const off = await offer(false);
		expect((await sla(off)).respondBefore.toISOString()).toBe(new Date('2030-04-23T17:00:00+02:00').toISOString());
		const audits = await db()`select 1 from audit_log where action = 'sla.workdays_changed' and actor_user_id = ${beheerder.user.id}`;
		expect(audits).toHaveLength(1);
		await updateSlaSettings(deps(), actor, { spoedHours: 4, regulierDays: 2, goodFriday: false, liberationDay: false });
	});
});
