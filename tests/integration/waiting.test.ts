import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { readHandover } from '../../src/lib/server/handovers/queries.ts';
import { offerSchema } from '../../src/lib/server/handovers/schema.ts';
import { createTable, addAgendaItem, openTable } from '../../src/lib/server/tables/service.ts';
import { decideItem } from '../../src/lib/server/tables/decide.ts';
import { createTableSchema } from '../../src/lib/server/tables/schema.ts';
import { fireDueFollowups } from '../../src/lib/server/followups/runner.ts';
import type { FollowupKind } from '../../src/lib/server/followups/types.ts';
import { FOLLOWUP_KINDS } from '../../src/lib/server/followups/kinds.ts';
import { markCareStarted } from '../../src/lib/server/waiting/entries.ts';
import { waitNormFollowup } from '../../src/lib/server/waiting/followups.ts';
import { currentReports } from '../../src/lib/server/waiting/queries.ts';
import { parseReportForm } from '../../src/lib/server/waiting/schema.ts';
import { reportWaitingTimes, updateCareTypeNorms, viewWaiting } from '../../src/lib/server/waiting/service.ts';
import { takeDueWaitingSnapshots, takeWaitingSnapshot } from '../../src/lib/server/waiting/snapshot.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';

// Far from today (2034), so the real workers never see these rows as due.
const clock = new ManualClock('2034-03-06T10:00:00+01:00'); // Monday 6 March 2034
// Dates from outside must lie within this year ± 5 years: for the forms, "this year" is 2034 too.
beforeAll(() => {
	vi.useFakeTimers({ toFake: ['Date'], now: clock.now() });
});
afterAll(() => {
	vi.useRealTimers();
});
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let vt: Org, consortium: Org, otherConsortium: Org, cjg: Org, gemeente: Org;
let vtWorker: Person,
	vtLeaving: Person,
	vtCoordinator: Person,
	consortiumWorker: Person,
	consortiumCoordinator: Person,
	otherConsortiumWorker: Person,
	cjgWorker: Person,
	gemeenteUser: Person;

/** A complete case in that gemeente, offered by `by` to the partner (with a zorgvorm for consortia); returns both ids. */
async function offered(
	to: Org,
	careTypeId: string | undefined,
	municipalityId = 'GM0453',
	by: Person = vtWorker
): Promise<{ caseId: string; handoverId: string }> {
	const caseId = await createCase(
		deps(),
		by.actor,
		completeCase({
			municipalityId,
			reportDate: '2034-02-20',
			persons: [{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2034-02-21' }]
		})
	);
	const handoverId = await offerHandover(deps(), by.actor, caseId, { toOrgId: to.id, message: 'Graag specialistische hulp.', careTypeId });
	return { caseId, handoverId };
}

/** A family waiting for the consortium since the clock's day; returns the wait entry id. */
async function waiting(
	careTypeId = 'ihub',
	municipalityId = 'GM0392',
	to: Org = consortium,
	answerer: Person = consortiumWorker
): Promise<{ id: string; caseId: string }> {
	const { caseId, handoverId } = await offered(to, careTypeId, municipalityId);
	await answerHandover(deps(), answerer.actor, handoverId, { answer: 'accept' });
	const [row] = await db()<{ id: string }[]>`select id from wait_entries where handover_id = ${handoverId}`;
	return { id: row.id, caseId };
}

beforeAll(async () => {
	await ensureRegion();
	[vt, consortium, otherConsortium, cjg, gemeente] = await Promise.all([
		organisation('vt'),
		organisation('consortium'),
		organisation('consortium'),
		organisation('cjg'),
		organisation('gemeente')
	]);
	[vtWorker, vtLeaving, vtCoordinator, consortiumWorker, consortiumCoordinator, otherConsortiumWorker, cjgWorker, gemeenteUser] =
		await Promise.all([
			person(vt, 'medewerker', clock),
			person(vt, 'medewerker', clock),
			person(vt, 'coordinator', clock),
			person(consortium, 'medewerker', clock),
			person(consortium, 'coordinator', clock),
			person(otherConsortium, 'medewerker', clock),
			person(cjg, 'medewerker', clock),
			person(gemeente, 'gemeente', clock)
		]);
});

afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('offers to a consortium', () => {
	it('name the zorgvorm: required for a consortium, refused for other partners, known ones only', async () => {
		expect(offerSchema.parse({ toOrgId: consortium.id, message: 'x', careTypeId: '' }).careTypeId).toBeUndefined();

		const missing = await expectError(offered(consortium, undefined), InputError, /zorgvorm/);
		expect(missing.fields.careTypeId).toBe(
			'Kies de zorgvorm die het gezin nodig heeft: een aanbod aan een consortium noemt altijd de zorgvorm.'
		);
		const unknown = await expectError(offered(consortium, 'acupunctuur'), InputError);
		expect(unknown.fields).toEqual({ careTypeId: 'Kies een zorgvorm uit de lijst.' });
		const notConsortium = await expectError(offered(cjg, 'ihub'), InputError);
		expect(notConsortium.fields.careTypeId).toMatch(/alleen bij een aanbod aan een consortium/);

		const { handoverId } = await offered(consortium, 'trauma');
		const h = await readHandover(db(), handoverId);
		expect(h).toMatchObject({ careTypeId: 'trauma', careTypeName: 'Traumabehandeling', status: 'open' });
		expect((await readHandover(db(), (await offered(cjg, undefined)).handoverId))?.careTypeId).toBeNull();
	});

	it('are refused at a tafel with a message that says where the zorgvorm is chosen', async () => {
		const tableId = await createTable(
			deps(),
			vtCoordinator.actor,
			createTableSchema.parse({
				subregionId: 'zuid-kennemerland',
				date: '2034-03-07',
				time: '10:00',
				participantIds: [consortium.id, cjg.id]
			})
		);
		const caseId = await createCase(
			deps(),
			vtWorker.actor,
			completeCase({ reportDate: '2034-02-20', persons: [{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2034-02-21' }] })
		);
		const itemId = await addAgendaItem(deps(), vtWorker.actor, tableId, caseId);
		await openTable(deps(), vtCoordinator.actor, tableId);
		const refused = await expectError(
			decideItem(deps(), vtCoordinator.actor, tableId, { outcome: 'offer', itemId, partnerId: consortium.id, message: '' }),
			InputError,
			/zaakpagina/
		);
		expect(Object.keys(refused.fields)).toEqual(['partnerId']);
		const [item] = await db()<{ outcome: string | null }[]>`select outcome from table_items where id = ${itemId}`;
		expect(item.outcome).toBeNull();
		expect(await db()`select 1 from handovers where table_item_id = ${itemId}`).toHaveLength(0);
	});
});

describe('accepting an offer to a consortium', () => {
	it('creates exactly one wait entry: since the Amsterdam day of acceptance, the gemeente’s subregion, the offering medewerker responsible', async () => {
		const { caseId, handoverId } = await offered(consortium, 'jeugd-ggz', 'GM0453'); // Velsen: IJmond
		clock.set('2034-03-08T00:30:00+01:00'); // 7 March 23:30 UTC, 8 March in Amsterdam
		await answerHandover(deps(), consortiumWorker.actor, handoverId, { answer: 'accept' });
		const rows = await db()<
			{
				id: string;
				caseId: string;
				consortiumId: string;
				careTypeId: string;
				subregionId: string;
				responsibleUserId: string;
				waitingSince: string;
				careStartedOn: string | null;
			}[]
		>`
			select id, case_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since::text as waiting_since, care_started_on
			from wait_entries where case_id = ${caseId}`;
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			caseId,
			consortiumId: consortium.id,
			careTypeId: 'jeugd-ggz',
			subregionId: 'ijmond',
			responsibleUserId: vtWorker.user.id,
			waitingSince: '2034-03-08',
			careStartedOn: null
		});
		const [event] = await db()<{ streams: string[]; payload: Record<string, string> }[]>`
			select streams, payload from events where type = 'waiting.started' and payload->>'waitEntryId' = ${rows[0].id}`;
		expect(event.streams.sort()).toEqual([`case:${caseId}`, `org:${consortium.id}`, `org:${vt.id}`].sort());
		expect(event.payload).toMatchObject({ toOrgId: consortium.id, waitingSince: '2034-03-08' });
		expect(await db()`select 1 from audit_log where action = 'waiting.started' and record_id = ${rows[0].id}`).toHaveLength(1);
		clock.set('2034-03-06T10:00:00+01:00');
	});

	it('names a VT coordinator as responsible when the offering account is disabled; other partners get no wait entry', async () => {
		const { caseId, handoverId } = await offered(consortium, 'ihub', 'GM0394', vtLeaving);
		await db()`update users set disabled_at = ${clock.now()} where id = ${vtLeaving.user.id}`;
		await answerHandover(deps(), consortiumCoordinator.actor, handoverId, { answer: 'accept' });
		const [entry] = await db()<
			{ responsibleUserId: string; subregionId: string }[]
		>`select responsible_user_id, subregion_id from wait_entries where case_id = ${caseId}`;
		expect(entry).toEqual({ responsibleUserId: vtCoordinator.user.id, subregionId: 'haarlemmermeer' });

		const toCjg = await offered(cjg, undefined);
		await answerHandover(deps(), cjgWorker.actor, toCjg.handoverId, { answer: 'accept' });
		expect(await db()`select 1 from wait_entries where case_id = ${toCjg.caseId}`).toHaveLength(0);
		const declined = await offered(consortium, 'ihub');
		await answerHandover(deps(), consortiumWorker.actor, declined.handoverId, { answer: 'decline', reason: 'geen_capaciteit', note: '' });
		expect(await db()`select 1 from wait_entries where case_id = ${declined.caseId}`).toHaveLength(0);
	});
});

describe('reporting waiting times through the form', () => {
	const cells = [
		{ careTypeId: 'ihub', subregionId: 'ijmond' },
		{ careTypeId: 'trauma', subregionId: 'haarlemmermeer' }
	];

	it('reads weeks or days, field by field, and refuses what is not a whole number', () => {
		expect(parseReportForm({ unit: 'weken', wt__ihub__ijmond: ' 14 ', wt__trauma__haarlemmermeer: '' }, cells)).toEqual({
			ok: true,
			reports: [{ careType: 'ihub', subregion: 'ijmond', waitingDays: 98 }]
		});
		expect(parseReportForm({ unit: 'dagen', wt__ihub__ijmond: '10', wt__trauma__haarlemmermeer: '0' }, cells)).toEqual({
			ok: true,
			reports: [
				{ careType: 'ihub', subregion: 'ijmond', waitingDays: 10 },
				{ careType: 'trauma', subregion: 'haarlemmermeer', waitingDays: 0 }
			]
		});
		expect(parseReportForm({ unit: 'weken', wt__ihub__ijmond: '2,5', wt__trauma__haarlemmermeer: 'veel' }, cells)).toEqual({
			ok: false,
			errors: {
				wt__ihub__ijmond: 'Vul hele weken in.',
				wt__trauma__haarlemmermeer: 'Vul een getal in (weken).'
			}
		});
		expect(parseReportForm({ unit: 'dagen', wt__ihub__ijmond: '-3' }, cells)).toEqual({
			ok: false,
			errors: { wt__ihub__ijmond: 'De wachttijd kan niet negatief zijn.' }
		});
		expect(parseReportForm({ unit: 'weken', wt__ihub__ijmond: '143' }, cells)).toEqual({
			ok: false,
			errors: { wt__ihub__ijmond: 'Hoogstens 142 weken.' }
		});
		expect(parseReportForm({ unit: 'weken' }, cells)).toEqual({ ok: false, errors: { form: 'Vul minstens één wachttijd in.' } });
		expect(parseReportForm({ unit: 'maanden', wt__ihub__ijmond: '1' }, cells)).toMatchObject({
			ok: false,
			errors: { unit: expect.stringContaining('weken of in dagen') }
		});
	});

	it('stores the consortium’s reports (the newest is current) and refuses anyone who is not a consortium worker', async () => {
		clock.set('2034-03-06T11:00:00+01:00');
		await reportWaitingTimes(deps(), otherConsortiumWorker.actor, [{ careType: 'ihub', subregion: 'ijmond', waitingDays: 70 }]);
		clock.set('2034-03-06T12:00:00+01:00');
		const first = await reportWaitingTimes(deps(), otherConsortiumWorker.actor, [
			{ careType: 'ihub', subregion: 'ijmond', waitingDays: 98 },
			{ careType: 'trauma', subregion: 'haarlemmermeer', waitingDays: 21 }
		]);
		expect(first.map((r) => [r.careTypeId, r.subregionId, r.waitingDays, r.reportedByName])).toEqual([
			['ihub', 'ijmond', 98, otherConsortiumWorker.user.name],
			['trauma', 'haarlemmermeer', 21, otherConsortiumWorker.user.name]
		]);
		const [{ count }] = await db()<
			{ count: number }[]
		>`select count(*)::int as count from waiting_time_reports where consortium_id = ${otherConsortium.id}`;
		expect(count).toBe(3);
		const [row] = await db()<{ details: Record<string, unknown>; actorUserId: string }[]>`
			select details, actor_user_id from audit_log where action = 'waiting.reported' and record_id = ${otherConsortium.id} order by id desc limit 1`;
		expect(row).toEqual({ details: { count: 2, via: 'formulier' }, actorUserId: otherConsortiumWorker.user.id });

		for (const outsider of [cjgWorker, vtWorker, gemeenteUser]) {
			await expectError(
				reportWaitingTimes(deps(), outsider.actor, [{ careType: 'ihub', subregion: 'ijmond', waitingDays: 7 }]),
				ForbiddenError
			);
		}
		const bad = await expectError(
			reportWaitingTimes(deps(), otherConsortiumWorker.actor, [
				{ careType: 'ihub', subregion: 'ijmond', waitingDays: 7 },
				{ careType: 'yoga', subregion: 'texel', waitingDays: 7 }
			]),
			InputError
		);
		expect(Object.keys(bad.fields).sort()).toEqual(['reports.1.careType', 'reports.1.subregion']);
		expect((await currentReports(db(), otherConsortium.id)).find((r) => r.careTypeId === 'ihub')?.waitingDays).toBe(98);
		clock.set('2034-03-06T10:00:00+01:00');
	});
});

describe('zorg gestart', () => {
	it('checks the date, closes the wait entry and cancels the open check-ins in the same transaction', async () => {
		clock.set('2034-04-03T10:00:00+02:00');
		const entry = await waiting('gezinsbehandeling');
		const other = await waiting('gezinsbehandeling');
		// accepting planned the first safety check-in of each family at once: 14 days after the start of the wait
		const planned = await db()<{ waitEntryId: string; dueOn: string }[]>`
			select wait_entry_id, due_on::text as due_on from safety_checkins where wait_entry_id in (${entry.id}, ${other.id}) and cancelled_at is null`;
		expect(planned.map((c) => c.dueOn)).toEqual(['2034-04-17', '2034-04-17']);
		clock.set('2034-04-10T15:00:00+02:00');

		const early = await expectError(
			markCareStarted(deps(), consortiumWorker.actor, { waitEntryId: entry.id, careStartedOn: '2034-04-02' }),
			InputError
		);
		expect(early.fields.careStartedOn).toBe('De zorg kan niet eerder starten dan het gezin begon te wachten (3 apr 2034).');
		const future = await expectError(
			markCareStarted(deps(), consortiumWorker.actor, { waitEntryId: entry.id, careStartedOn: '2034-04-11' }),
			InputError
		);
		expect(future.fields.careStartedOn).toMatch(/toekomst/);
		for (const outsider of [otherConsortiumWorker, vtWorker, cjgWorker]) {
			await expectError(markCareStarted(deps(), outsider.actor, { waitEntryId: entry.id, careStartedOn: '2034-04-10' }), ForbiddenError);
		}
		expect(await db()`select 1 from wait_entries where id = ${entry.id} and care_started_on is null`).toHaveLength(1);

		expect(await markCareStarted(deps(), consortiumWorker.actor, { waitEntryId: entry.id, careStartedOn: '2034-04-10' })).toEqual({
			cancelledCheckins: 1
		});
		const [closed] = await db()<{ careStartedOn: string; careStartedBy: string }[]>`
			select care_started_on::text as care_started_on, care_started_by from wait_entries where id = ${entry.id}`;
		expect(closed).toEqual({ careStartedOn: '2034-04-10', careStartedBy: consortiumWorker.user.id });
		const checkins = await db()<{ waitEntryId: string; cancelledAt: Date | null }[]>`
			select wait_entry_id, cancelled_at from safety_checkins where wait_entry_id in (${entry.id}, ${other.id})`;
		expect(checkins.find((c) => c.waitEntryId === entry.id)?.cancelledAt?.toISOString()).toBe('2034-04-10T13:00:00.000Z');
		expect(checkins.find((c) => c.waitEntryId === other.id)?.cancelledAt).toBeNull();
		const [audit] = await db()<
			{ details: Record<string, unknown> }[]
		>`select details from audit_log where action = 'waiting.care_started' and record_id = ${entry.id}`;
		expect(audit.details).toEqual({ case: entry.caseId, startedOn: '2034-04-10', cancelledCheckins: 1 });
		expect(await db()`select 1 from events where type = 'waiting.care_started' and payload->>'waitEntryId' = ${entry.id}`).toHaveLength(1);

		await expectError(
			markCareStarted(deps(), consortiumCoordinator.actor, { waitEntryId: entry.id, careStartedOn: '2034-04-10' }),
			ConflictError,
			/al gestart op 10 apr 2034/
		);
		clock.set('2034-03-06T10:00:00+01:00');
	});
});

describe('the daily snapshot', () => {
	let own: Org;
	const day = '2034-05-10';

	async function entry(careTypeId: string, subregionId: string, since: string, startedOn: string | null = null): Promise<string> {
		const caseId = await createCase(
			deps(),
			vtWorker.actor,
			completeCase({ reportDate: '2034-02-20', persons: [{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2034-02-21' }] })
		);
		const [row] = await db()<{ id: string }[]>`
			insert into wait_entries (case_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at, care_started_on)
			values (${caseId}, ${own.id}, ${careTypeId}, ${subregionId}, ${vtWorker.user.id}, ${since}, ${clock.now()}, ${startedOn}) returning id`;
		return row.id;
	}
	async function report(careTypeId: string, subregionId: string, days: number, at: string): Promise<void> {
		await db()`
			insert into waiting_time_reports (consortium_id, care_type_id, subregion_id, waiting_days, reported_at, reported_by)
			values (${own.id}, ${careTypeId}, ${subregionId}, ${days}, ${at}, ${consortiumWorker.user.id})`;
	}
	const rows = () =>
		db()<Record<string, unknown>[]>`
			select care_type_id, subregion_id, reported_days, observed_median_days, observed_max_days, waiting_count, over_norm_count, taken_at
			from waiting_snapshots where consortium_id = ${own.id} and snapshot_date = ${day} order by care_type_id, subregion_id`;
	const figures = (r: Record<string, unknown>[]) => r.map(({ takenAt: _, ...rest }) => rest);

	it('equals the hand-computed reported, median, maximum and counts, and a second run changes nothing', async () => {
		own = await organisation('consortium');
		// IHUB (norm 28) in Zuid-Kennemerland: the report current at the end of the day is 49
		await report('ihub', 'zuid-kennemerland', 35, '2034-05-01T10:00:00+02:00');
		await report('ihub', 'zuid-kennemerland', 49, '2034-05-10T23:30:00+02:00');
		await report('ihub', 'zuid-kennemerland', 63, '2034-05-11T00:30:00+02:00'); // the next day
		await entry('ihub', 'zuid-kennemerland', '2034-04-30'); // 10 days
		await entry('ihub', 'zuid-kennemerland', '2034-04-10'); // 30: over the norm
		await entry('ihub', 'zuid-kennemerland', '2034-04-12'); // 28: the norm reached
		const tenDays = await entry('ihub', 'zuid-kennemerland', '2034-05-03'); // 7
		await entry('ihub', 'zuid-kennemerland', '2034-03-01', '2034-05-10'); // care started that day: not waiting
		await entry('ihub', 'zuid-kennemerland', '2034-04-01', '2034-05-11'); // still waiting that day: 39, over
		await entry('ihub', 'zuid-kennemerland', '2034-05-11'); // not yet waiting
		// Traumabehandeling (norm 56) in IJmond: two families, no report; median of 5 and 8 = 6.5 → 7
		const trauma = [await entry('trauma', 'ijmond', '2034-05-05'), await entry('trauma', 'ijmond', '2034-05-02')];
		// a report only; and one made only the next day (no row)
		await report('gezinsbehandeling', 'haarlemmermeer', 42, '2034-05-09T16:00:00+02:00');
		await report('jeugd-ggz', 'zuid-kennemerland', 91, '2034-05-11T09:00:00+02:00');

		const first = new Date('2034-05-11T06:00:00+02:00');
		await db().begin((tx) => takeWaitingSnapshot(tx, day, first));
		const expected = [
			{
				careTypeId: 'gezinsbehandeling',
				subregionId: 'haarlemmermeer',
				reportedDays: 42,
				observedMedianDays: null,
				observedMaxDays: null,
				waitingCount: 0,
				overNormCount: 0
			},
			{
				careTypeId: 'ihub',
				subregionId: 'zuid-kennemerland',
				reportedDays: 49,
				observedMedianDays: 28,
				observedMaxDays: 39,
				waitingCount: 5,
				overNormCount: 3
			},
			{
				careTypeId: 'trauma',
				subregionId: 'ijmond',
				reportedDays: null,
				observedMedianDays: 7,
				observedMaxDays: 8,
				waitingCount: 2,
				overNormCount: 0
			}
		];
		const once = await rows();
		expect(figures(once)).toEqual(expected);
		expect(once.every((r) => (r.takenAt as Date).getTime() === first.getTime())).toBe(true);

		await db().begin((tx) => takeWaitingSnapshot(tx, day, new Date('2034-05-12T06:00:00+02:00')));
		expect(await rows()).toEqual(once);

		// a care start recorded late: the figures of that day follow, a combination without families or report goes
		await db()`update wait_entries set care_started_on = '2034-05-09' where id = ${tenDays}`;
		await db()`update wait_entries set care_started_on = '2034-05-08' where id = any(${trauma}::uuid[])`;
		const third = new Date('2034-05-13T06:00:00+02:00');
		await db().begin((tx) => takeWaitingSnapshot(tx, day, third));
		const after = await rows();
		expect(figures(after)).toEqual([
			expected[0],
			{
				careTypeId: 'ihub',
				subregionId: 'zuid-kennemerland',
				reportedDays: 49,
				observedMedianDays: 29,
				observedMaxDays: 39,
				waitingCount: 4,
				overNormCount: 3
			}
		]);
		expect((after[0].takenAt as Date).getTime()).toBe(first.getTime());
		expect((after[1].takenAt as Date).getTime()).toBe(third.getTime());
	});

	it('runs daily for yesterday and fills in the missing days of the week before', async () => {
		const at = new ManualClock('2034-05-11T06:00:00+02:00');
		const run = await takeDueWaitingSnapshots({ sql: db(), clock: at });
		expect(run.days).toEqual(['2034-05-04', '2034-05-05', '2034-05-06', '2034-05-07', '2034-05-08', '2034-05-09', '2034-05-10']);
		const [{ n }] = await db()<
			{ n: number }[]
		>`select count(*)::int as n from waiting_snapshots where consortium_id = ${own.id} and snapshot_date = '2034-05-04'`;
		expect(n).toBe(2); // IHUB (35 reported, 6 families) and Traumabehandeling (1 family)
		expect((await takeDueWaitingSnapshots({ sql: db(), clock: at })).days).toEqual(['2034-05-10']);
	});
});

describe('the over-norm flag', () => {
	it('fires once, at 09:00 on waiting_since + the norm, to the responsible medewerker and the consortium’s coordinators', async () => {
		clock.set('2034-06-01T11:00:00+02:00');
		const flagged = await waiting('ihub'); // norm 28 days: due 29 June 2034, 09:00 Amsterdam
		const started = await waiting('ihub');
		clock.set('2034-06-20T12:00:00+02:00');
		await markCareStarted(deps(), consortiumWorker.actor, { waitEntryId: started.id, careStartedOn: '2034-06-20' });
		const ids = new Set([flagged.id, started.id]);
		const mine: FollowupKind = {
			...waitNormFollowup,
			pending: async (sql, until, limit) => (await waitNormFollowup.pending(sql, until, limit)).filter((p) => ids.has(p.id))
		};
		const fire = () => fireDueFollowups({ sql: db(), clock }, [mine]);
		const notified = () =>
			db()<{ userId: string; href: string; title: string }[]>`
				select user_id, href, title from notifications where dedupe_key = ${`wait-norm.remind:${flagged.id}`} order by href`;

		expect(FOLLOWUP_KINDS).toContain(waitNormFollowup);
		clock.set('2034-06-29T08:59:00+02:00');
		expect(await fire()).toBe(0);
		expect(await db()`select 1 from wait_entries where id = ${flagged.id} and over_norm_at is null`).toHaveLength(1);

		clock.set('2034-06-29T09:00:00+02:00');
		expect(await fire()).toBe(1);
		const [row] = await db()<{ overNormAt: Date }[]>`select over_norm_at from wait_entries where id = ${flagged.id}`;
		expect(row.overNormAt.toISOString()).toBe('2034-06-29T07:00:00.000Z');
		const sent = await notified();
		const reference = (await db()<{ reference: string }[]>`select reference from cases where id = ${flagged.caseId}`)[0].reference;
		expect(sent).toEqual([
			{ userId: consortiumCoordinator.user.id, href: '/wachttijden', title: `Wacht langer dan de norm: ${reference}` },
			{ userId: vtWorker.user.id, href: `/zaken/${flagged.caseId}`, title: `Wacht langer dan de norm: ${reference}` }
		]);

		clock.set('2034-07-15T09:00:00+02:00');
		expect(await fire()).toBe(0);
		expect(await notified()).toHaveLength(2);
		expect(await db()`select 1 from events where type = 'waiting.over_norm' and payload->>'waitEntryId' = ${flagged.id}`).toHaveLength(1);
		expect(await db()`select 1 from audit_log where action = 'waiting.over_norm' and record_id = ${flagged.id}`).toHaveLength(1);
		expect(await db()`select 1 from wait_entries where id = ${started.id} and over_norm_at is null`).toHaveLength(1);
		clock.set('2034-03-06T10:00:00+01:00');
	});
});

describe('/wachttijden and the norms', () => {
	it('shows a consortium its own families and VT the families of its cases; others are refused (reads audited)', async () => {
		clock.set('2034-08-01T10:00:00+02:00');
		const entry = await waiting('trauma', 'GM0473', otherConsortium, otherConsortiumWorker);
		const mine = await viewWaiting(deps(), otherConsortiumWorker.actor);
		expect(mine.side).toBe('consortium');
		expect(mine.waiting.map((w) => w.id)).toEqual([entry.id]);
		expect(mine.waiting[0]).toMatchObject({
			subregionId: 'zuid-kennemerland',
			careTypeName: 'Traumabehandeling',
			daysWaiting: 0,
			overNorm: false,
			waitingSince: '2034-08-01'
		});
		expect(mine.reports.every((r) => r.consortiumId === otherConsortium.id)).toBe(true);
		expect((await viewWaiting(deps(), consortiumWorker.actor)).waiting.some((w) => w.id === entry.id)).toBe(false);

		clock.set('2034-09-26T10:00:00+02:00'); // 56 days: the norm of Traumabehandeling
		const theirs = await viewWaiting(deps(), vtCoordinator.actor);
		expect(theirs.side).toBe('vt');
		expect(theirs.waiting.find((w) => w.id === entry.id)).toMatchObject({
			daysWaiting: 56,
			overNorm: true,
			responsibleUserId: vtWorker.user.id
		});
		for (const outsider of [cjgWorker, gemeenteUser]) await expectError(viewWaiting(deps(), outsider.actor), ForbiddenError);
		expect(await db()`select 1 from audit_log where action = 'waiting.viewed' and actor_user_id = ${vtCoordinator.user.id}`).toHaveLength(
			1
		);
		clock.set('2034-03-06T10:00:00+01:00');
	});

	it('lets a VT beheerder change a norm, audited with the old and new value', async () => {
		const actor = { ...vtCoordinator.actor, roles: ['beheerder' as const] };
		expect(await updateCareTypeNorms(deps(), actor, { verblijf: 84, ihub: 28 })).toEqual({ changed: 1 });
		const [row] = await db()<{ details: Record<string, unknown> }[]>`
			select details from audit_log where action = 'waiting.norm_changed' and record_id = 'verblijf' order by id desc limit 1`;
		expect(row.details).toEqual({ from: 70, to: 84 });
		expect(await updateCareTypeNorms(deps(), actor, { verblijf: 84 })).toEqual({ changed: 0 });
		await updateCareTypeNorms(deps(), actor, { verblijf: 70 });
		const [{ normDays }] = await db()<{ normDays: number }[]>`select norm_days from care_types where id = 'verblijf'`;
		expect(normDays).toBe(70);
	});
});
