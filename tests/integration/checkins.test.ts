import { beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { fireDueFollowups, fireFollowup } from '../../src/lib/server/followups/runner.ts';
import { FOLLOWUP_KINDS } from '../../src/lib/server/followups/kinds.ts';
import { checkinFollowup } from '../../src/lib/server/checkins/followups.ts';
import { ensureCheckins } from '../../src/lib/server/checkins/schedule.ts';
import { listCheckins, recordCheckin, viewCheckin } from '../../src/lib/server/checkins/service.ts';
import { recordCheckinSchema, type RecordCheckinInput } from '../../src/lib/server/checkins/schema.ts';
import { homeCounts } from '../../src/lib/server/home.ts';
import { seedCheckins } from '../../src/lib/server/seed/checkins.ts';
import { queue } from '../../src/lib/server/queues.ts';
import { followupsProcessor } from '../../workers/followups.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// Far from the real date; a database of its own, so scheduling here never touches other files' wait entries.
const deps = (clock: ManualClock) => ({ sql: db(), clock, enqueueTimers: false });
const kinds = [checkinFollowup];

useOwnDatabase('checkins');
let consortium: Org, cjg: Org, gemeente: Org, otherVt: Org;
let consortiumWorker: Person, cjgWorker: Person, gemeenteUser: Person, otherVtCoordinator: Person;

interface Team {
	vt: Org;
	worker: Person;
	colleague: Person;
	coordinators: Person[];
}

/** A VT organisation of its own per test: notifications to its coordinators come only from that test. */
async function team(clock: ManualClock): Promise<Team> {
	const vt = await organisation('vt');
	const [worker, colleague, c1, c2] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(vt, 'coordinator', clock)
	]);
	return { vt, worker, colleague, coordinators: [c1, c2] };
}

/** A complete VT case and a family waiting for the consortium since `since` (as the waiting code writes it). */
async function waiting(
	t: Team,
	clock: ManualClock,
	since: string,
	responsible = t.worker.user.id
): Promise<{ caseId: string; waitEntryId: string }> {
	const caseId = await createCase(deps(clock), t.worker.actor, completeCase());
	const [row] = await db()<{ id: string }[]>`
		insert into wait_entries (case_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at)
		select c.id, ${consortium.id}, 'ihub', m.subregion_id, ${responsible}, ${since}, ${clock.now()}
		from cases c join municipalities m on m.id = c.municipality_id where c.id = ${caseId}
		returning id`;
	return { caseId, waitEntryId: row.id };
}

interface CheckinRow {
	id: string;
	vtOrgId: string;
	assignedTo: string;
	dueOn: string;
	remindDue: Date;
	escalateDue: Date;
	remindedAt: Date | null;
	escalatedAt: Date | null;
	outcome: string | null;
	cancelledAt: Date | null;
}

async function checkins(waitEntryId: string): Promise<CheckinRow[]> {
	return db()<CheckinRow[]>`
		select id, vt_org_id, assigned_to, to_char(due_on, 'YYYY-MM-DD') as due_on, remind_due, escalate_due, reminded_at, escalated_at,
		       outcome::text as outcome, cancelled_at
		from safety_checkins where wait_entry_id = ${waitEntryId} order by created_at, due_on`;
}

async function openCheckin(waitEntryId: string): Promise<CheckinRow> {
	const open = (await checkins(waitEntryId)).filter((c) => !c.outcome && !c.cancelledAt);
	expect(open).toHaveLength(1);
	return open[0];
}

/** Notifications about one check-in: kind → user ids (sorted). */
async function notified(checkinId: string): Promise<Record<string, string[]>> {
	const rows = await db()<{ kind: string; userId: string }[]>`
		select kind, user_id from notifications where dedupe_key like ${'%:' + checkinId} order by kind, user_id`;
	const out: Record<string, string[]> = {};
	for (const r of rows) (out[r.kind] ??= []).push(r.userId);
	return out;
}
const ids = (...people: Person[]) => people.map((p) => p.user.id).sort();

const veilig = (contactedOn: string): RecordCheckinInput => ({
	outcome: 'veilig',
	contactedOn,
	contactWith: 'Moeder, telefonisch',
	note: ''
});

beforeAll(async () => {
	await ensureRegion();
	const clock = new ManualClock('2030-05-01T10:00:00+02:00');
	[consortium, cjg, gemeente, otherVt] = await Promise.all([
		organisation('consortium'),
		organisation('cjg'),
		organisation('gemeente'),
		organisation('vt')
	]);
	[consortiumWorker, cjgWorker, gemeenteUser, otherVtCoordinator] = await Promise.all([
		person(consortium, 'coordinator', clock),
		person(cjg, 'medewerker', clock),
		person(gemeente, 'gemeente', clock),
		person(otherVt, 'coordinator', clock)
	]);
});

describe('scheduling and following up safety check-ins', () => {
	it('is registered as a follow-up kind', () => {
		expect(FOLLOWUP_KINDS.map((k) => k.name)).toContain('safety-checkin');
	});

	it('schedules the first check-in 14 days after the wait began, reminds at 09:00 on the next working day and escalates to the coordinators only, each once', async () => {
		const clock = new ManualClock('2030-05-16T12:00:00+02:00'); // Thursday
		const t = await team(clock);
		const { waitEntryId } = await waiting(t, clock, '2030-05-16');
		expect(await ensureCheckins(deps(clock))).toBeGreaterThanOrEqual(1);
		const c = await openCheckin(waitEntryId);
		// 16 May + 14 days = Thursday 30 May 2030, Hemelvaartsdag: the reminder moves to Friday 31 May, 09:00 CEST
		expect(c).toMatchObject({ dueOn: '2030-05-30', assignedTo: t.worker.user.id, vtOrgId: t.vt.id, remindedAt: null, escalatedAt: null });
		expect(c.remindDue.toISOString()).toBe('2030-05-31T07:00:00.000Z');
		// grace 2 working days after Friday 31 May: Monday 3 June, Tuesday 4 June
		expect(c.escalateDue.toISOString()).toBe('2030-06-04T07:00:00.000Z');
		const [scheduled] = await db()<{ payload: Record<string, unknown> }[]>`
			select payload from events where type = 'checkin.scheduled' and streams = ${[`org:${t.vt.id}`]}::text[]`;
		expect(scheduled.payload).toMatchObject({ count: 1 });

		// a second run (and two at once) change nothing
		await Promise.all([ensureCheckins(deps(clock)), ensureCheckins(deps(clock))]);
		expect(await checkins(waitEntryId)).toHaveLength(1);

		clock.set('2030-05-31T06:59:59Z');
		await fireDueFollowups(deps(clock), kinds);
		expect(await notified(c.id)).toEqual({});

		clock.set('2030-05-31T07:00:00Z');
		await Promise.all([
			fireDueFollowups(deps(clock), kinds),
			fireDueFollowups(deps(clock), kinds),
			fireFollowup(deps(clock), checkinFollowup, 'remind', c.id)
		]);
		expect(await notified(c.id)).toEqual({ 'checkin.due': [t.worker.user.id] });
		expect((await fireFollowup(deps(clock), checkinFollowup, 'remind', c.id)).outcome).toBe('done');
		expect((await openCheckin(waitEntryId)).remindedAt?.toISOString()).toBe('2030-05-31T07:00:00.000Z');

		clock.set('2030-06-04T06:59:00Z');
		await fireDueFollowups(deps(clock), kinds);
		expect(await fireFollowup(deps(clock), checkinFollowup, 'escalate', c.id)).toEqual({
			outcome: 'not_due',
			dueAt: new Date('2030-06-04T07:00:00Z')
		});
		expect(Object.keys(await notified(c.id))).toEqual(['checkin.due']);

		clock.set('2030-06-04T07:00:00Z');
		await Promise.all([
			fireDueFollowups(deps(clock), kinds),
			fireDueFollowups(deps(clock), kinds),
			fireFollowup(deps(clock), checkinFollowup, 'escalate', c.id),
			fireFollowup(deps(clock), checkinFollowup, 'escalate', c.id)
		]);
		expect(await notified(c.id)).toEqual({ 'checkin.due': [t.worker.user.id], 'checkin.escalated': ids(...t.coordinators) });
		expect((await openCheckin(waitEntryId)).escalatedAt?.toISOString()).toBe('2030-06-04T07:00:00.000Z');
		const audits = await db()<
			{ action: string }[]
		>`select action from audit_log where record_type = 'safety_checkin' and record_id = ${c.id}`;
		expect(audits.map((a) => a.action)).toEqual(['followup.escalated']);
		const events = await db()<
			{ type: string; streams: string[] }[]
		>`select type, streams from events where payload->>'checkinId' = ${c.id} order by id`;
		expect(events).toEqual([
			{ type: 'checkin.reminded', streams: [`org:${t.vt.id}`] },
			{ type: 'checkin.escalated', streams: [`org:${t.vt.id}`] }
		]);

		// the coordinator's team list puts the escalated check-in on top; the home page counts it for the medewerker
		const later = await waiting(t, clock, '2030-06-03');
		await ensureCheckins(deps(clock));
		const lists = await listCheckins(deps(clock), t.coordinators[0].actor);
		expect(lists.team?.map((r) => r.waitEntryId)).toEqual([waitEntryId, later.waitEntryId]);
		expect(lists.team?.[0]).toMatchObject({
			dueOn: '2030-05-30',
			waitingSince: '2030-05-16',
			careTypeName: 'Intensieve ambulante hulp (IHUB)',
			consortiumName: consortium.name,
			subregionName: 'Zuid-Kennemerland',
			assignedToName: t.worker.user.name
		});
		expect(lists.mine).toEqual([]);
		expect((await listCheckins(deps(clock), t.worker.actor)).mine.map((r) => r.dueOn)).toEqual(['2030-05-30', '2030-06-17']);
		const who = { ...t.worker.actor, userId: t.worker.user.id };
		expect(await homeCounts(db(), who, clock.now())).toMatchObject({ veiligheidschecks: 1, veiligheidschecksTeLaat: 1 });
	});

	it('assigns the check-in to a VT coordinator when the responsible account is disabled', async () => {
		const clock = new ManualClock('2030-05-20T10:00:00+02:00');
		const t = await team(clock);
		await db()`update users set disabled_at = ${clock.now()} where id = ${t.colleague.user.id}`;
		const { waitEntryId } = await waiting(t, clock, '2030-05-20', t.colleague.user.id);
		await ensureCheckins(deps(clock));
		const first = [...t.coordinators].sort((a, b) =>
			a.user.name < b.user.name ? -1 : a.user.name > b.user.name ? 1 : a.user.id < b.user.id ? -1 : 1
		)[0];
		expect(await openCheckin(waitEntryId)).toMatchObject({ assignedTo: first.user.id, dueOn: '2030-06-03' });
	});

	it('creates exactly one check-in per wait entry when scheduling runs concurrently', async () => {
		const clock = new ManualClock('2030-05-21T10:00:00+02:00');
		const t = await team(clock);
		const entries = await Promise.all(['2030-05-21', '2030-05-22', '2030-05-23'].map((d) => waiting(t, clock, d)));
		const created = await Promise.all([1, 2, 3, 4].map(() => ensureCheckins(deps(clock))));
		expect(created.reduce((a, b) => a + b, 0)).toBe(3);
		for (const [i, e] of entries.entries()) {
			const rows = await checkins(e.waitEntryId);
			expect(rows).toHaveLength(1);
			expect(rows[0].dueOn).toBe(['2030-06-04', '2030-06-05', '2030-06-06'][i]);
		}
	});
});

describe('the workers', () => {
	it('schedule missing check-ins in every reconciliation run and fire them when due', async () => {
		const clock = new ManualClock('2030-09-02T10:00:00+02:00'); // Monday
		const t = await team(clock);
		const { waitEntryId } = await waiting(t, clock, '2030-09-02');
		const reconcile = () => followupsProcessor({ sql: db(), clock, queue: queue('followups') })({ name: 'reconcile', data: {} } as Job);
		await reconcile();
		const c = await openCheckin(waitEntryId);
		expect(c.dueOn).toBe('2030-09-16');
		expect(await notified(c.id)).toEqual({});
		clock.set('2030-09-16T09:00:00+02:00');
		await reconcile();
		expect(await notified(c.id)).toEqual({ 'checkin.due': [t.worker.user.id] });
	});
});

describe('recording a check-in', () => {
	it('records early, schedules the next one from the contact day, and the recorded one never fires', async () => {
		const clock = new ManualClock('2030-06-03T10:00:00+02:00'); // Monday
		const t = await team(clock);
		const { caseId, waitEntryId } = await waiting(t, clock, '2030-06-03');
		await ensureCheckins(deps(clock));
		const first = await openCheckin(waitEntryId);
		expect(first.dueOn).toBe('2030-06-17');

		clock.set('2030-06-12T10:00:00+02:00'); // Wednesday, before the due day
		const { next } = await recordCheckin(deps(clock), t.worker.actor, first.id, veilig('2030-06-11'));
		expect(next).toMatchObject({ waitEntryId, dueOn: '2030-06-25' }); // 11 June + 14 days
		const rows = await checkins(waitEntryId);
		expect(rows.map((r) => [r.dueOn, r.outcome])).toEqual([
			['2030-06-17', 'veilig'],
			['2030-06-25', null]
		]);
		expect(rows[1].remindDue.toISOString()).toBe('2030-06-25T07:00:00.000Z');
		expect(rows[1].escalateDue.toISOString()).toBe('2030-06-27T07:00:00.000Z');
		const [saved] = await db()<{ contactedOn: string; contactWith: string; recordedBy: string; recordedAt: Date; note: string | null }[]>`
			select to_char(contacted_on, 'YYYY-MM-DD') as contacted_on, contact_with, recorded_by, recorded_at, note from safety_checkins where id = ${first.id}`;
		expect(saved).toEqual({
			contactedOn: '2030-06-11',
			contactWith: 'Moeder, telefonisch',
			recordedBy: t.worker.user.id,
			recordedAt: clock.now(),
			note: null
		});

		await expectError(
			recordCheckin(deps(clock), t.coordinators[0].actor, first.id, veilig('2030-06-12')),
			ConflictError,
			`${t.worker.user.name} heeft deze veiligheidscheck al vastgelegd.`
		);

		clock.set('2030-06-17T08:00:00Z');
		await fireDueFollowups(deps(clock), kinds);
		expect(await notified(first.id)).toEqual({});
		expect(await fireFollowup(deps(clock), checkinFollowup, 'remind', first.id)).toEqual({ outcome: 'done' });

		const [audit] = await db()<{ action: string; actorUserId: string; details: Record<string, unknown> }[]>`
			select action, actor_user_id, details from audit_log where record_type = 'safety_checkin' and record_id = ${first.id}`;
		expect(audit).toEqual({
			action: 'checkin.recorded',
			actorUserId: t.worker.user.id,
			details: { case: caseId, outcome: 'veilig', early: true }
		});
		const [event] = await db()<{ streams: string[]; payload: Record<string, unknown> }[]>`
			select streams, payload from events where type = 'checkin.recorded' and payload->>'checkinId' = ${first.id}`;
		expect(event.streams).toEqual([`case:${caseId}`, `org:${t.vt.id}`]);
		expect(Object.keys(event.payload).sort()).toEqual(['actor', 'actorOrg', 'caseId', 'change', 'checkinId', 'reference', 'waitEntryId']);
		expect(JSON.stringify(event.payload)).not.toMatch(/Moeder|telefonisch|"veilig"/);
	});

	it('escalatie notifies the VT coordinators at once; a coordinator may record for the medewerker; others may not', async () => {
		const clock = new ManualClock('2030-06-05T10:00:00+02:00');
		const t = await team(clock);
		const { waitEntryId } = await waiting(t, clock, '2030-06-05');
		await ensureCheckins(deps(clock));
		const first = await openCheckin(waitEntryId);

		clock.set('2030-06-19T11:00:00+02:00');
		await expectError(recordCheckin(deps(clock), t.colleague.actor, first.id, veilig('2030-06-19')), ForbiddenError, /toegewezen aan/);
		const note = 'Moeder vertelt dat vader ondanks de afspraak weer thuis slaapt; de kinderen zijn bang.';
		await recordCheckin(deps(clock), t.worker.actor, first.id, {
			outcome: 'escalatie',
			contactedOn: '2030-06-19',
			contactWith: 'Huisbezoek bij moeder en kinderen',
			note
		});
		expect(await notified(first.id)).toEqual({ 'checkin.concern': ids(...t.coordinators) });
		const [n] = await db()<
			{ title: string; body: string; href: string }[]
		>`select title, body, href from notifications where dedupe_key = ${'checkin.concern:' + first.id} limit 1`;
		expect(n.href).toBe(`/veiligheidschecks/${first.id}`);
		expect(`${n.title} ${n.body}`).not.toContain('vader');

		const second = await openCheckin(waitEntryId);
		expect(second.dueOn).toBe('2030-07-03');
		// a coordinator records zorgen on the medewerker's check-in: allowed, and zorgen notifies no one
		clock.advance(60_000);
		await recordCheckin(deps(clock), t.coordinators[1].actor, second.id, {
			outcome: 'zorgen',
			contactedOn: '2030-06-19',
			contactWith: 'Telefonisch met de mentor',
			note: 'Meer spanning thuis, wekelijks bellen.'
		});
		expect(await notified(second.id)).toEqual({});

		const view = await viewCheckin(deps(clock), t.worker.actor, second.id);
		expect(view.checkin).toMatchObject({ status: 'recorded', outcome: 'zorgen', recordedByName: t.coordinators[1].user.name });
		expect(view.history.map((h) => [h.contactedOn, h.outcome])).toEqual([
			['2030-06-19', 'zorgen'],
			['2030-06-19', 'escalatie']
		]);
		expect(view.nextOpen?.dueOn).toBe('2030-07-03');
		expect(view.canRecord).toBe(false);
	});

	it('refuses incomplete or wrong input with Dutch field messages', async () => {
		const empty = recordCheckinSchema.safeParse({});
		expect(empty.success).toBe(false);
		const byField = Object.fromEntries(empty.error!.issues.map((i) => [i.path.join('.'), i.message]));
		expect(byField).toEqual({
			outcome: 'Kies de uitkomst: veilig, zorgen of escalatie.',
			contactedOn: 'Vul de datum van het contact in.',
			contactWith: 'Vul in met wie en hoe u contact had.'
		});
		const noNote = recordCheckinSchema.safeParse({ outcome: 'zorgen', contactedOn: '', contactWith: 'Moeder', note: '  ' });
		expect(noNote.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
			['contactedOn', 'Vul de datum van het contact in.'],
			['note', 'Licht toe welke zorgen er zijn en wat er is afgesproken (verplicht bij zorgen en escalatie).']
		]);
		expect(
			recordCheckinSchema.safeParse({ outcome: 'escalatie', contactedOn: '2030-06-31', contactWith: 'Moeder', note: 'x' }).error!.issues[0]
				.message
		).toBe('De datum van het contact bestaat niet: kijk de dag en de maand na.');
		expect(
			recordCheckinSchema.safeParse({ outcome: 'veilig', contactedOn: '2030-06-10', contactWith: 'Moeder', note: 'BSN 1234.56.782' }).error!
				.issues[0]
		).toMatchObject({
			path: ['note'],
			message:
				"De toelichting lijkt een BSN of ander nummer van 9 cijfers te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN's, adressen of geboortedata in."
		});
		expect(recordCheckinSchema.parse({ outcome: 'veilig', contactedOn: '2030-06-10', contactWith: ' Vader, huisbezoek ' })).toEqual({
			outcome: 'veilig',
			contactedOn: '2030-06-10',
			contactWith: 'Vader, huisbezoek',
			note: ''
		});

		const clock = new ManualClock('2030-06-06T10:00:00+02:00');
		const t = await team(clock);
		const { waitEntryId } = await waiting(t, clock, '2030-06-06');
		await ensureCheckins(deps(clock));
		const c = await openCheckin(waitEntryId);
		const future = await expectError(recordCheckin(deps(clock), t.worker.actor, c.id, veilig('2030-06-07')), InputError);
		expect(future.fields).toEqual({ contactedOn: 'De datum van het contact kan niet in de toekomst liggen.' });
		const before = await expectError(recordCheckin(deps(clock), t.worker.actor, c.id, veilig('2030-06-05')), InputError);
		expect(before.fields).toEqual({ contactedOn: 'Het contact ligt vóór het begin van de wachttijd (6 jun 2030).' });
		expect((await openCheckin(waitEntryId)).id).toBe(c.id);
	});
});

describe('when care starts', () => {
	it('stops the check-ins: nothing fires, none is scheduled, recording is refused', async () => {
		const clock = new ManualClock('2030-07-01T10:00:00+02:00');
		const t = await team(clock);
		const { waitEntryId } = await waiting(t, clock, '2030-07-01');
		const other = await waiting(t, clock, '2030-07-01');
		await ensureCheckins(deps(clock));
		const c = await openCheckin(waitEntryId);
		const o = await openCheckin(other.waitEntryId);

		clock.set('2030-07-10T14:00:00+02:00');
		// as the waiting code does it: close the entry and cancel its open check-ins in one transaction
		await db().begin(async (tx) => {
			await tx`update wait_entries set care_started_on = '2030-07-10', care_started_by = ${consortiumWorker.user.id} where id = ${waitEntryId}`;
			await tx`update safety_checkins set cancelled_at = ${clock.now()} where wait_entry_id = ${waitEntryId} and outcome is null and cancelled_at is null`;
		});
		// the other entry's care start without cancelling its check-in: following up still stops, scheduling cancels it
		await db()`update wait_entries set care_started_on = '2030-07-10' where id = ${other.waitEntryId}`;

		clock.set('2030-07-25T10:00:00+02:00'); // past both reminders and escalations
		await fireDueFollowups(deps(clock), kinds);
		expect(await notified(c.id)).toEqual({});
		expect(await notified(o.id)).toEqual({});
		expect(await fireFollowup(deps(clock), checkinFollowup, 'escalate', o.id)).toEqual({ outcome: 'done' });

		await ensureCheckins(deps(clock));
		expect((await checkins(waitEntryId)).map((r) => [r.outcome, !!r.cancelledAt])).toEqual([[null, true]]);
		expect((await checkins(other.waitEntryId)).map((r) => [r.outcome, !!r.cancelledAt])).toEqual([[null, true]]);
		await expectError(
			recordCheckin(deps(clock), t.worker.actor, c.id, veilig('2030-07-24')),
			ConflictError,
			'De zorg voor dit gezin is gestart; deze veiligheidscheck is vervallen.'
		);
		expect((await listCheckins(deps(clock), t.worker.actor)).mine).toEqual([]);
		expect((await viewCheckin(deps(clock), t.worker.actor, c.id)).checkin.status).toBe('cancelled');
	});
});

describe('access', () => {
	it('only VT workers of the check-in’s own VT organisation view it; partners, gemeente and other VT organisations get 403', async () => {
		const clock = new ManualClock('2030-08-05T10:00:00+02:00');
		const t = await team(clock);
		const { waitEntryId } = await waiting(t, clock, '2030-08-05');
		await ensureCheckins(deps(clock));
		const c = await openCheckin(waitEntryId);

		for (const outsider of [consortiumWorker, cjgWorker, gemeenteUser, otherVtCoordinator]) {
			await expectError(viewCheckin(deps(clock), outsider.actor, c.id), ForbiddenError);
			await expectError(recordCheckin(deps(clock), outsider.actor, c.id, veilig('2030-08-05')), ForbiddenError);
		}
		for (const outsider of [consortiumWorker, cjgWorker, gemeenteUser])
			await expectError(listCheckins(deps(clock), outsider.actor), ForbiddenError);
		expect((await listCheckins(deps(clock), otherVtCoordinator.actor)).team?.map((r) => r.id)).not.toContain(c.id);
		const token = { ...t.worker.actor, tokenId: '00000000-0000-4000-8000-000000000000' };
		await expectError(viewCheckin(deps(clock), token, c.id), ForbiddenError);
		await expectError(viewCheckin(deps(clock), t.worker.actor, 'not-a-uuid'), ForbiddenError);

		// a colleague sees it but cannot record; the assigned medewerker and the coordinators can
		expect((await viewCheckin(deps(clock), t.colleague.actor, c.id)).canRecord).toBe(false);
		expect((await viewCheckin(deps(clock), t.worker.actor, c.id)).canRecord).toBe(true);
		expect((await viewCheckin(deps(clock), t.coordinators[0].actor, c.id)).canRecord).toBe(true);
		expect((await listCheckins(deps(clock), t.colleague.actor)).team).toBeNull();
		const audits = await db()<{ action: string; actorUserId: string }[]>`
			select action, actor_user_id from audit_log where record_type = 'safety_checkin' and record_id = ${c.id} order by id`;
		expect(audits.map((a) => [a.action, a.actorUserId])).toEqual([
			['checkin.viewed', t.colleague.user.id],
			['checkin.viewed', t.worker.user.id],
			['checkin.viewed', t.coordinators[0].user.id]
		]);
		const [listed] = await db()<{ details: Record<string, unknown> }[]>`
			select details from audit_log where action = 'checkins.listed' and actor_user_id = ${t.colleague.user.id}`;
		expect(listed.details).toEqual({ team: false, shown: 'safety_checkin', rows: 0, ids: [] });
	});
});

describe('demo seed', () => {
	it('plays the history of waiting families through the services: recorded checks, one zorgen, one overdue; a second run changes nothing', async () => {
		const now = new Date('2030-10-15T12:00:00+02:00');
		const clock = new ManualClock('2030-09-01T10:00:00+02:00');
		const t = await team(clock);
		const a = await waiting(t, clock, '2030-09-01');
		const b = await waiting(t, clock, '2030-09-10');
		const c = await waiting(t, clock, '2030-10-10');
		expect(await seedCheckins(db(), now)).toBe(4);
		const summary = async (id: string) => (await checkins(id)).map((r) => [r.dueOn, r.outcome]);
		expect(await summary(a.waitEntryId)).toEqual([
			['2030-09-15', 'veilig'],
			['2030-09-29', 'veilig'],
			['2030-10-13', null] // overdue
		]);
		expect(await summary(b.waitEntryId)).toEqual([
			['2030-09-24', 'zorgen'],
			['2030-10-08', 'veilig'],
			['2030-10-22', null]
		]);
		expect(await summary(c.waitEntryId)).toEqual([['2030-10-24', null]]);
		expect(await seedCheckins(db(), now)).toBe(0);
		expect(await checkins(a.waitEntryId)).toHaveLength(3);
	});
});
