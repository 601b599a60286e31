import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ForbiddenError } from '../../src/lib/server/errors.ts';
import { readSlaPolicies, readWorkdayPolicy, updateSlaSettings } from '../../src/lib/server/sla/policy.ts';
import { DEFAULT_FOLLOWUP_SETTINGS, readFollowupSettings, updateFollowupSettings } from '../../src/lib/server/followups/settings.ts';
import { updateCareTypeNorms } from '../../src/lib/server/waiting/service.ts';
import { maySetDeadlines } from '../../src/lib/server/settings.ts';
import { ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';
import { setEnv } from '../support/it-helpers.ts';

// A moment no other clock uses: rows written "now" by the database would not have it.
const clock = new ManualClock('2031-05-12T10:17:00+02:00');
const deps = () => ({ sql: db(), clock });

let vt: Org, cjg: Org, consortium: Org, gemeente: Org;
let vtBeheerder: Person, vtCoordinator: Person, cjgBeheerder: Person, gemeenteBeheerder: Person;

// A database of its own: these tests change the region's settings, which other files must not see.
let own: TestResources;
let restoreEnv: () => void;
beforeAll(async () => {
	own = await createTestResources('settings');
	restoreEnv = setEnv({ DATABASE_URL: own.databaseUrl, REDIS_PREFIX: own.redisPrefix });
	await ensureRegion();
	vt = await organisation('vt');
	cjg = await organisation('cjg');
	consortium = await organisation('consortium');
	gemeente = await organisation('gemeente');
	vtBeheerder = await person(vt, 'beheerder', clock);
	vtCoordinator = await person(vt, 'coordinator', clock);
	cjgBeheerder = await person(cjg, 'beheerder', clock);
	gemeenteBeheerder = await person(gemeente, 'beheerder', clock);
});
afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
	restoreEnv?.();
	if (own) await dropTestResources(own);
});

const SLA = { spoedHours: 3.5, regulierDays: 2.5, goodFriday: true, liberationDay: false };
const FOLLOWUP = { graceWorkdays: 3, checkinIntervalDays: 7, statutoryTermWeeks: 12 };

interface EventRow {
	type: string;
	payload: Record<string, unknown>;
	streams: string[];
	occurredAt: Date;
	actorUserId: string | null;
}
const eventsOf = (type: string) =>
	db()<EventRow[]>`select type, payload, streams, occurred_at, actor_user_id from events where type = ${type} order by id`;
const auditOf = (action: string) =>
	db()<{ recordId: string; actorUserId: string; actorOrgId: string; details: Record<string, unknown> }[]>`
		select record_id, actor_user_id, actor_org_id, details from audit_log where action = ${action} order by id`;

describe('settings writes go through services: authorised, on the clock, audited, with an event', () => {
	it('refuses everyone but a beheerder of Veilig Thuis, and writes nothing for them', async () => {
		for (const outsider of [vtCoordinator, cjgBeheerder, gemeenteBeheerder]) {
			expect(maySetDeadlines(outsider.actor)).toBe(false);
			await expectError(updateSlaSettings(deps(), outsider.actor, SLA), ForbiddenError, /beheerders van Veilig Thuis/);
			await expectError(updateFollowupSettings(deps(), outsider.actor, FOLLOWUP), ForbiddenError, /beheerders van Veilig Thuis/);
			await expectError(updateCareTypeNorms(deps(), outsider.actor, { ihub: 40 }), ForbiddenError, /beheerders van Veilig Thuis/);
		}
		expect(maySetDeadlines(vtBeheerder.actor)).toBe(true);
		expect(await readSlaPolicies(db())).toEqual({ spoed: 240, regulier: 960 });
		expect(await readFollowupSettings(db())).toEqual(DEFAULT_FOLLOWUP_SETTINGS);
		const [{ n }] = await db()<{ n: number }[]>`
			select (select count(*) from events where type in ('settings.sla_changed', 'settings.followup_changed', 'waiting.norms_changed'))
			     + (select count(*) from audit_log where action in ('sla.policy_changed', 'sla.workdays_changed', 'followup.settings_changed', 'waiting.norm_changed'))
			  as n`;
		expect(Number(n)).toBe(0);
	});

	it('the response terms: audit rows with before and after, one event for VT, the clock as the moment', async () => {
		expect(await updateSlaSettings(deps(), vtBeheerder.actor, SLA)).toEqual({ changed: 3 });
		expect(await readSlaPolicies(db())).toEqual({ spoed: 210, regulier: 1200 });
		expect(await readWorkdayPolicy(db())).toEqual({ goodFriday: true, liberationDay: false });
		const policies = await db()<{ updatedAt: Date; updatedBy: string }[]>`select updated_at, updated_by from sla_policies`;
		for (const p of policies) expect(p).toEqual({ updatedAt: clock.now(), updatedBy: vtBeheerder.user.id });
		const [days] = await db()<{ updatedAt: Date }[]>`select updated_at from workday_settings`;
		expect(days.updatedAt).toEqual(clock.now());

		const policyAudits = await auditOf('sla.policy_changed');
		expect(policyAudits.map((a) => [a.recordId, a.details])).toEqual([
			['spoed', { from: 240, to: 210 }],
			['regulier', { from: 960, to: 1200 }]
		]);
		expect(policyAudits[0]).toMatchObject({ actorUserId: vtBeheerder.user.id, actorOrgId: vt.id });
		expect((await auditOf('sla.workdays_changed')).map((a) => a.details)).toEqual([
			{ goodFriday: true, liberationDay: false, goodFridayFrom: false, liberationDayFrom: false }
		]);

		const [event, ...more] = await eventsOf('settings.sla_changed');
		expect(more).toEqual([]);
		expect(event).toEqual({
			type: 'settings.sla_changed',
			payload: {
				actor: vtBeheerder.actor.name,
				actorOrg: vt.name,
				spoedHours: 3.5,
				regulierDays: 2.5,
				goodFridayOff: 'ja',
				liberationDayOff: 'nee'
			},
			streams: expect.arrayContaining([`org:${vt.id}`]),
			occurredAt: clock.now(),
			actorUserId: vtBeheerder.user.id
		});
		expect(event.streams).not.toContain(`org:${cjg.id}`);

		// the same settings again: nothing changed, nothing written
		clock.advance(60_000);
		expect(await updateSlaSettings(deps(), vtBeheerder.actor, SLA)).toEqual({ changed: 0 });
		expect(await eventsOf('settings.sla_changed')).toHaveLength(1);
		expect(await auditOf('sla.policy_changed')).toHaveLength(2);
	});

	it('the follow-up settings: audit row with before and after, one event for VT, the clock as the moment', async () => {
		clock.advance(3_600_000);
		expect(await updateFollowupSettings(deps(), vtBeheerder.actor, FOLLOWUP)).toEqual({ changed: true });
		expect(await readFollowupSettings(db())).toEqual({ graceWorkdays: 3, checkinIntervalDays: 7, statutoryTermDays: 84 });
		const [row] = await db()<{ updatedAt: Date; updatedBy: string }[]>`select updated_at, updated_by from followup_settings`;
		expect(row).toEqual({ updatedAt: clock.now(), updatedBy: vtBeheerder.user.id });
		expect((await auditOf('followup.settings_changed')).map((a) => a.details)).toEqual([
			{ graceFrom: 2, graceTo: 3, checkinFrom: 14, checkinTo: 7, termFrom: 70, termTo: 84 }
		]);
		const events = await eventsOf('settings.followup_changed');
		expect(events).toEqual([
			{
				type: 'settings.followup_changed',
				payload: { actor: vtBeheerder.actor.name, actorOrg: vt.name, graceWorkdays: 3, checkinIntervalDays: 7, statutoryTermDays: 84 },
				streams: expect.arrayContaining([`org:${vt.id}`]),
				occurredAt: clock.now(),
				actorUserId: vtBeheerder.user.id
			}
		]);
		expect(await updateFollowupSettings(deps(), vtBeheerder.actor, FOLLOWUP)).toEqual({ changed: false });
		expect(await eventsOf('settings.followup_changed')).toHaveLength(1);
	});

	it('the zorgvorm norms: an audit row per changed norm, one event for VT and the consortia, the clock as the moment', async () => {
		clock.advance(3_600_000);
		const [before] = await db()<{ normDays: number }[]>`select norm_days from care_types where id = 'ihub'`;
		expect(await updateCareTypeNorms(deps(), vtBeheerder.actor, { ihub: before.normDays + 5, verblijf: 99 })).toEqual({ changed: 2 });
		const rows = await db()<{ id: string; normDays: number; updatedAt: Date; updatedBy: string }[]>`
			select id, norm_days, updated_at, updated_by from care_types where id in ('ihub', 'verblijf') order by id`;
		expect(rows).toEqual([
			{ id: 'ihub', normDays: before.normDays + 5, updatedAt: clock.now(), updatedBy: vtBeheerder.user.id },
			{ id: 'verblijf', normDays: 99, updatedAt: clock.now(), updatedBy: vtBeheerder.user.id }
		]);
		expect((await auditOf('waiting.norm_changed')).map((a) => [a.recordId, a.details.from, a.details.to])).toEqual([
			['ihub', before.normDays, before.normDays + 5],
			['verblijf', expect.any(Number), 99]
		]);
		const [event, ...more] = await eventsOf('waiting.norms_changed');
		expect(more).toEqual([]);
		expect(event).toMatchObject({
			payload: { actor: vtBeheerder.actor.name, actorOrg: vt.name, changed: 2 },
			occurredAt: clock.now(),
			actorUserId: vtBeheerder.user.id
		});
		expect(event.streams).toEqual(expect.arrayContaining([`org:${vt.id}`, `org:${consortium.id}`]));
		expect(event.streams).not.toContain(`org:${cjg.id}`);
		expect(event.streams).not.toContain(`org:${gemeente.id}`);
		expect(await updateCareTypeNorms(deps(), vtBeheerder.actor, { verblijf: 99 })).toEqual({ changed: 0 });
		expect(await eventsOf('waiting.norms_changed')).toHaveLength(1);
	});
});
