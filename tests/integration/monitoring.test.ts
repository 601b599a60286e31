import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { workQueue } from '../../src/lib/server/cases/queries.ts';
import { answerHandover, confirmWarmHandover, offerHandover, planWarmHandover } from '../../src/lib/server/handovers/service.ts';
import { closeVtPart, confirmContinuation, openTrajectory, setPartnerResponsible } from '../../src/lib/server/trajectories/service.ts';
import { fireDueFollowups, fireFollowup } from '../../src/lib/server/followups/runner.ts';
import { FOLLOWUP_KINDS } from '../../src/lib/server/followups/kinds.ts';
import { formFields } from '../../src/lib/server/validation/form-data.ts';
import { monitoringFollowup } from '../../src/lib/server/monitoring/followups.ts';
import { readMoment } from '../../src/lib/server/monitoring/queries.ts';
import { closeSchema, outcomeSchema, type CloseInput } from '../../src/lib/server/monitoring/schema.ts';
import {
	closeCase,
	closureView,
	listMonitoring,
	recordMonitoring,
	reopenCase,
	replanMonitoring,
	viewMonitoring
} from '../../src/lib/server/monitoring/service.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// Monday 4 March 2030: far from the real date, so no workers process elsewhere finds these due.
const clock = new ManualClock('2030-03-04T10:00:00+01:00');
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const at = (iso: string) => clock.set(iso);
const fire = () => fireDueFollowups(deps(), [monitoringFollowup]);

let vt: Org, otherVt: Org, cjg: Org, gemeente: Org;
let vtWorker: Person, vtColleague: Person, vtCoordinator: Person, otherVtWorker: Person, cjgWorker: Person, gemeenteUser: Person;

// A database of its own: these tests fire every due monitoring follow-up.
useOwnDatabase('monitoring');
beforeAll(async () => {
	await ensureRegion();
	[vt, otherVt, cjg, gemeente] = await Promise.all([organisation('vt'), organisation('vt'), organisation('cjg'), organisation('gemeente')]);
	[vtWorker, vtColleague, vtCoordinator, otherVtWorker, cjgWorker, gemeenteUser] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(otherVt, 'medewerker', clock),
		person(cjg, 'medewerker', clock),
		person(gemeente, 'gemeente', clock)
	]);
});

/** A valid closing form; monitored by the given person on the given day. */
function closing(monitor: Person, plannedOn: string, overrides: Partial<CloseInput> = {}): CloseInput {
	return closeSchema.parse({
		closingSummary: 'Het geweld is gestopt; vader volgt agressieregulatie. Veiligheidsafspraken blijven staan; het wijkteam ziet erop toe.',
		melder: 'informed',
		melderInformedOn: amsterdamToday(),
		monitorId: monitor.user.id,
		plannedOn,
		withProfessional: 'on',
		withFamily: 'on',
		withWhomNote: 'moeder en de mentor van school',
		...overrides
	});
}
const amsterdamToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' }).format(clock.now());

/** A complete case VT keeps (no handover). */
const vtCase = () => createCase(deps(), vtWorker.actor, completeCase());

/** The outcome form: per person of the case, safe unless listed as unsafe. */
async function outcome(caseId: string, heldOn: string, unsafe: string[] = []) {
	const c = (await readCase(db(), caseId))!;
	return outcomeSchema.parse({
		heldOn,
		effect: 'De spanningen zijn afgenomen; de afspraken worden nagekomen.',
		persons: c.persons.map((p) => ({ personId: p.id, safe: unsafe.includes(p.label) ? 'nee' : 'ja' }))
	});
}

/** Who got notifications of a kind about a moment (by its href). */
async function received(kind: string, momentId: string): Promise<string[]> {
	const rows = await db()<{ userId: string }[]>`
		select user_id from notifications where kind = ${kind} and href = ${`/monitoring/${momentId}`} order by user_id`;
	return rows.map((r) => r.userId);
}

describe('closing a case', () => {
	it('is refused while a handover is open or not yet completed, or a V&V-traject is open; allowed once VT closed its part', async () => {
		at('2030-03-04T10:00:00+01:00');
		const caseId = await vtCase();
		const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
		const open = await expectError(closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-04-01')), ConflictError);
		expect(open.message).toBe(
			`U kunt deze zaak nog niet afsluiten. De zaak is aangeboden aan ${cjg.name} en dat aanbod staat nog open. Wacht het antwoord af of trek het aanbod in.`
		);

		await answerHandover(deps(), cjgWorker.actor, handoverId, { answer: 'accept' });
		await expectError(
			closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-04-01')),
			ConflictError,
			/heeft de overdracht geaccepteerd, maar de warme overdracht is nog niet afgerond/
		);

		await planWarmHandover(deps(), vtWorker.actor, handoverId, {
			plannedAt: '2030-03-04T11:00',
			form: 'gesprek',
			vtAttendees: 'VT-medewerker',
			partnerAttendees: 'CJG-medewerker'
		});
		at('2030-03-04T12:00:00+01:00');
		await confirmWarmHandover(deps(), vtWorker.actor, handoverId);
		expect(await confirmWarmHandover(deps(), cjgWorker.actor, handoverId)).toEqual({ completed: true });
		const trajectoryId = await openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id });
		const traject = await expectError(closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-04-01')), ConflictError);
		expect(traject.message).toMatch(
			new RegExp(`Er loopt nog een V&V-traject met ${cjg.name}\\. Veilig Thuis sluit eerst zijn deel van dat traject af`)
		);
		expect((await closureView(deps(), vtWorker.actor, (await readCase(db(), caseId))!)).blockers).toHaveLength(1);

		await setPartnerResponsible(deps(), cjgWorker.actor, trajectoryId, cjgWorker.user.id);
		await confirmContinuation(deps(), cjgWorker.actor, trajectoryId);
		await closeVtPart(deps(), vtWorker.actor, trajectoryId);
		// the handover is completed: CJG is responsible, the case still belongs to VT's organisation for closing
		const momentId = await closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-04-01'));
		expect((await readMoment(db(), momentId))!).toMatchObject({
			caseId,
			vtOrgId: vt.id,
			monitorId: vtWorker.user.id,
			plannedOn: '2030-04-01'
		});
	});

	it('is refused while the assessment is incomplete, and gives field errors for missing or wrong closing fields', async () => {
		at('2030-03-04T13:00:00+01:00');
		const incomplete = await createCase(deps(), vtWorker.actor, completeCase({ safetyAgreements: '' }));
		await expectError(
			closeCase(deps(), vtWorker.actor, incomplete, closing(vtWorker, '2030-04-01')),
			ConflictError,
			'U kunt deze zaak nog niet afsluiten. De veiligheidsbeoordeling is nog niet compleet: Leg de veiligheidsafspraken vast.'
		);

		const empty = closeSchema.safeParse({ melder: 'informed' });
		expect(empty.success).toBe(false);
		expect(formFields(empty.error!.issues)).toEqual({
			monitorId: 'Kies wie monitort.',
			plannedOn: 'Vul de datum van het monitoringsmoment in.',
			withWhomNote: 'Vul in met welke hulpverlener en/of welke gezinsleden, bijvoorbeeld "moeder en de mentor van school".',
			closingSummary: 'Vat de afsluiting samen: de uitkomsten, de veiligheidsafspraken en wie erop toeziet.',
			withWhom: 'Kies met wie: de hulpverlener, gezinsleden of beide.',
			melderInformedOn: 'Vul in wanneer de melder is geïnformeerd.'
		});
		expect(formFields(closeSchema.safeParse({}).error!.issues).melder).toBe('Geef aan of de melder over de uitkomst is geïnformeerd.');
		expect(
			closeSchema
				.safeParse({ ...closing(vtWorker, '2030-04-01'), withProfessional: '', withFamily: '', closingSummary: 'BSN 123456782' })
				.error!.issues.map((i) => i.path.join('.'))
				.sort()
		).toEqual(['closingSummary', 'withWhom']);

		const caseId = await vtCase();
		const fieldOf = async (input: CloseInput) => (await expectError(closeCase(deps(), vtWorker.actor, caseId, input), InputError)).fields;
		expect(await fieldOf(closing(vtWorker, '2030-03-04'))).toEqual({ plannedOn: 'Kies een datum na vandaag.' });
		expect(await fieldOf(closing(vtWorker, '2030-09-05'))).toEqual({
			plannedOn: 'Plan de monitoring binnen zes maanden, uiterlijk 4 sep 2030.'
		});
		expect(await fieldOf(closing(cjgWorker, '2030-04-01'))).toEqual({ monitorId: 'Kies een medewerker van Veilig Thuis.' });
		expect(await fieldOf(closing(otherVtWorker, '2030-04-01'))).toEqual({ monitorId: 'Kies een medewerker van Veilig Thuis.' });
		expect(await fieldOf(closing(vtWorker, '2030-04-01', { melderInformedOn: '2030-03-05' }))).toEqual({
			melderInformedOn: 'De datum kan niet in de toekomst liggen.'
		});
		// nothing was half-written
		expect((await db()`select 1 from monitoring_moments where case_id = ${caseId}`).length).toBe(0);
		expect((await readCase(db(), caseId))!.version).toBe(1);
		// six months ahead is the last day allowed; an anonymous melder needs no date
		await closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-09-04', { melder: 'anonymous', melderInformedOn: undefined }));
		const [row] = await db()<
			{ melderInformedOn: string | null; melderAnonymous: boolean }[]
		>`select melder_informed_on::text, melder_anonymous from cases where id = ${caseId}`;
		expect(row).toEqual({ melderInformedOn: null, melderAnonymous: true });
	});

	it('is refused while the family waits for a consortium (rule 5), allowed once care started', async () => {
		at('2030-03-04T13:30:00+01:00');
		const consortium = await organisation('consortium');
		const caseId = await vtCase();
		const [entry] = await db()<{ id: string }[]>`
			insert into wait_entries (case_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at)
			values (${caseId}, ${consortium.id}, 'ihub', 'zuid-kennemerland', ${vtWorker.user.id}, '2030-02-18', ${clock.now()}) returning id`;
		await expectError(
			closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-04-01')),
			ConflictError,
			`U kunt deze zaak nog niet afsluiten. Het gezin wacht sinds 18 feb 2030 op zorg van ${consortium.name}. Na het afsluiten door Veilig Thuis mag geen gezin op een wachtlijst staan: sluit af als de zorg is gestart.`
		);
		await db()`update wait_entries set care_started_on = '2030-03-04' where id = ${entry.id}`;
		await closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-04-01'));
	});

	it('is refused for partners, gemeenten and VT workers of another organisation', async () => {
		at('2030-03-04T14:00:00+01:00');
		const caseId = await vtCase();
		for (const outsider of [cjgWorker, gemeenteUser, otherVtWorker]) {
			await expectError(closeCase(deps(), outsider.actor, caseId, closing(vtWorker, '2030-04-01')), ForbiddenError);
		}
		expect((await closureView(deps(), otherVtWorker.actor, (await readCase(db(), caseId))!)).mayClose).toBe(false);
	});

	it('closes once when two colleagues close at the same moment', async () => {
		at('2030-03-04T14:30:00+01:00');
		const caseId = await vtCase();
		const results = await Promise.allSettled(
			[vtWorker, vtColleague, vtCoordinator].map((p) => closeCase(deps(), p.actor, caseId, closing(p, '2030-04-02')))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
		expect((await db()`select 1 from monitoring_moments where case_id = ${caseId}`).length).toBe(1);
	});
});

describe('a closed case and its monitoring moment', () => {
	let caseId: string, momentId: string;

	it('stores the closure and the moment, reminds at 09:00 on the planned day (a Saturday: the Monday after)', async () => {
		at('2030-03-04T15:00:00+01:00');
		caseId = await vtCase();
		expect((await workQueue(db(), vt.id, clock.now())).rows.map((r) => r.id)).toContain(caseId);
		momentId = await closeCase(deps(), vtWorker.actor, caseId, closing(vtColleague, '2030-03-09'));

		const [c] = await db()<{ closedAt: Date; closedBy: string; closingSummary: string; melderInformedOn: string; version: number }[]>`
			select closed_at, closed_by, closing_summary, melder_informed_on::text, version from cases where id = ${caseId}`;
		expect(c).toMatchObject({ closedBy: vtWorker.user.id, melderInformedOn: '2030-03-04', version: 2 });
		expect(c.closedAt.toISOString()).toBe('2030-03-04T14:00:00.000Z');
		expect(c.closingSummary).toMatch(/^Het geweld is gestopt/);
		const m = (await readMoment(db(), momentId))!;
		expect(m).toMatchObject({
			monitorId: vtColleague.user.id,
			plannedOn: '2030-03-09',
			withProfessional: true,
			withFamily: true,
			withWhomNote: 'moeder en de mentor van school'
		});
		expect(m.remindDue.toISOString()).toBe('2030-03-11T08:00:00.000Z'); // Monday 11 March 09:00 CET
		expect(m.escalateDue.toISOString()).toBe('2030-03-13T08:00:00.000Z'); // two working days later
		expect(await received('monitoring.assigned', momentId)).toEqual([vtColleague.user.id]);

		const [audited] = await db()<
			{ action: string; actorUserId: string }[]
		>`select action, actor_user_id from audit_log where record_type = 'case' and record_id = ${caseId} and action = 'case.closed'`;
		expect(audited.actorUserId).toBe(vtWorker.user.id);
		const events = await db()<{ type: string; streams: string[]; payload: Record<string, unknown> }[]>`
			select type, streams, payload from events where streams @> ${[`case:${caseId}`]}::text[] and type = 'case.closed'`;
		expect(events).toHaveLength(1);
		expect(events[0].streams).toEqual([`case:${caseId}`, `org:${vt.id}`]);
		expect(JSON.stringify(events[0].payload)).not.toMatch(/geweld|moeder/);

		await expectError(
			closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-04-01')),
			ConflictError,
			/^Deze zaak is al afgesloten door /
		);
	});

	it('is read-only: out of the work queue, not editable, not offerable, no V&V-traject form', async () => {
		expect((await workQueue(db(), vt.id, clock.now())).rows.map((r) => r.id)).not.toContain(caseId);
		await expectError(
			updateCase(deps(), vtWorker.actor, caseId, completeCase()),
			ConflictError,
			/afgesloten en kan niet meer worden gewijzigd/
		);
		await expectError(
			offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: cjg.id, message: 'Toch nog?' }),
			ConflictError,
			/afgesloten en kan niet worden aangeboden/
		);
		const view = await closureView(deps(), vtWorker.actor, (await readCase(db(), caseId))!);
		expect(view).toMatchObject({ mayClose: false, mayReopen: false, mayWorkOnMoment: false });
		expect(view.closure?.closedByName).toBe(vtWorker.user.name);
	});

	it('reminds the monitor once at 09:00 and escalates to the coordinators once after the grace period', async () => {
		at('2030-03-11T08:59:00+01:00');
		await fire();
		expect(await received('monitoring.due', momentId)).toEqual([]);
		at('2030-03-11T09:00:00+01:00');
		expect(await fire()).toBeGreaterThanOrEqual(1);
		expect(await received('monitoring.due', momentId)).toEqual([vtColleague.user.id]);
		const [notice] = await db()<
			{ title: string; body: string }[]
		>`select title, body from notifications where kind = 'monitoring.due' and href = ${`/monitoring/${momentId}`}`;
		expect(notice).toEqual({
			title: `Monitoring vandaag: ${(await readMoment(db(), momentId))!.reference}`,
			body: 'U monitort vandaag of de veiligheid van iedereen in het gezin is hersteld en leg de uitkomst vast.'
		});
		await fire();
		expect(await fireFollowup(deps(), monitoringFollowup, 'remind', momentId)).toEqual({ outcome: 'done' });
		expect(await received('monitoring.due', momentId)).toEqual([vtColleague.user.id]);

		at('2030-03-13T08:59:00+01:00');
		await fire();
		expect(await received('monitoring.escalated', momentId)).toEqual([]);
		at('2030-03-13T09:00:00+01:00');
		const results = await Promise.all(Array.from({ length: 4 }, () => fireFollowup(deps(), monitoringFollowup, 'escalate', momentId)));
		expect(results.filter((r) => r.outcome === 'fired')).toHaveLength(1);
		await fire();
		expect(await received('monitoring.escalated', momentId)).toEqual([vtCoordinator.user.id]);
		expect(await received('monitoring.due', momentId)).toEqual([vtColleague.user.id]);
		const [audited] = await db()<{ n: number }[]>`
			select count(*)::int as n from audit_log where action = 'followup.escalated' and record_type = 'monitoring' and record_id = ${momentId}`;
		expect(audited.n).toBe(1);
		const events = await db()<
			{ type: string }[]
		>`select type from events where payload->>'monitoringId' = ${momentId} and actor_user_id is null order by id`;
		expect(events.map((e) => e.type)).toEqual(['monitoring.updated', 'monitoring.updated']);
		expect((await readMoment(db(), momentId))!.escalatedAt?.toISOString()).toBe('2030-03-13T08:00:00.000Z');
		expect(FOLLOWUP_KINDS).toContain(monitoringFollowup);
	});

	it('lets only the monitor or a VT coordinator view and record; stores per-person results and tells the coordinators when someone is not safe', async () => {
		at('2030-03-14T11:00:00+01:00');
		for (const outsider of [vtWorker, otherVtWorker, cjgWorker, gemeenteUser]) {
			await expectError(viewMonitoring(deps(), outsider.actor, momentId), ForbiddenError);
			await expectError(recordMonitoring(deps(), outsider.actor, momentId, await outcome(caseId, '2030-03-14')), ForbiddenError);
		}
		expect((await viewMonitoring(deps(), vtColleague.actor, momentId)).persons.map((p) => p.label)).toEqual([
			'Moeder',
			'Vader',
			'Kind 1 (8 jaar)'
		]);

		const partial = await outcome(caseId, '2030-03-14');
		partial.persons.pop();
		expect((await expectError(recordMonitoring(deps(), vtColleague.actor, momentId, partial), InputError)).fields).toEqual({
			persons: 'Geef voor elke directbetrokkene aan of de veiligheid is hersteld.'
		});
		expect(
			(await expectError(recordMonitoring(deps(), vtColleague.actor, momentId, await outcome(caseId, '2030-03-15')), InputError)).fields
		).toEqual({
			heldOn: 'De datum kan niet in de toekomst liggen.'
		});
		expect(
			(await expectError(recordMonitoring(deps(), vtColleague.actor, momentId, await outcome(caseId, '2030-03-03')), InputError)).fields
		).toEqual({
			heldOn: 'Kies een datum vanaf 4 mrt 2030.'
		});
		expect(
			formFields(outcomeSchema.safeParse({ heldOn: '2030-03-14', effect: ' ', persons: [{ personId: momentId }] }).error!.issues)
		).toEqual({
			effect: 'Beschrijf het effect van de hulp.',
			'persons.0.safe': 'Kies ja of nee: is de veiligheid van deze persoon hersteld?'
		});

		expect(await recordMonitoring(deps(), vtColleague.actor, momentId, await outcome(caseId, '2030-03-13', ['Kind 1 (8 jaar)']))).toEqual({
			allSafe: false,
			unsafe: ['Kind 1 (8 jaar)']
		});
		const m = (await readMoment(db(), momentId))!;
		expect(m).toMatchObject({ heldOn: '2030-03-13', allSafe: false, recordedByName: vtColleague.user.name });
		expect(m.outcomes.map((o) => [o.label, o.safetyRestored])).toEqual([
			['Moeder', true],
			['Vader', true],
			['Kind 1 (8 jaar)', false]
		]);
		expect(await received('monitoring.unsafe', momentId)).toEqual([vtCoordinator.user.id]);
		await expectError(
			recordMonitoring(deps(), vtCoordinator.actor, momentId, await outcome(caseId, '2030-03-14')),
			ConflictError,
			/al vastgelegd door/
		);

		const audits = await db()<
			{ action: string }[]
		>`select action from audit_log where record_type = 'monitoring' and record_id = ${momentId} and actor_user_id is not null order by id`;
		expect(audits.map((a) => a.action)).toEqual(['monitoring.viewed', 'monitoring.recorded']);
	});

	it('lets the coordinator reopen it: VT responsible again, back in the work queue, the closure kept', async () => {
		await expectError(reopenCase(deps(), vtWorker.actor, caseId, { reason: 'Kind 1 is niet veilig.' }), ForbiddenError);
		await expectError(reopenCase(deps(), otherVtWorker.actor, caseId, { reason: 'Kind 1 is niet veilig.' }), ForbiddenError);
		expect((await viewMonitoring(deps(), vtCoordinator.actor, momentId)).canReopen).toBe(true);
		await reopenCase(deps(), vtCoordinator.actor, caseId, { reason: 'Kind 1 is niet veilig: nieuwe veiligheidsbeoordeling nodig.' });
		await expectError(
			reopenCase(deps(), vtCoordinator.actor, caseId, { reason: 'Nogmaals.' }),
			ConflictError,
			'Deze zaak is niet afgesloten.'
		);

		expect((await workQueue(db(), vt.id, clock.now())).rows.map((r) => r.id)).toContain(caseId);
		const [r] = await db()<
			{ closingSummary: string; closedBy: string; reopenedBy: string }[]
		>`select closing_summary, closed_by, reopened_by from case_reopenings where case_id = ${caseId}`;
		expect(r).toMatchObject({ closedBy: vtWorker.user.id, reopenedBy: vtCoordinator.user.id });
		expect(r.closingSummary).toMatch(/^Het geweld is gestopt/);
		await updateCase(deps(), vtWorker.actor, caseId, completeCase({ version: 3 }));
		const view = await closureView(deps(), vtWorker.actor, (await readCase(db(), caseId))!);
		expect(view).toMatchObject({ closure: null, blockers: [], mayClose: true });
		expect(view.reopenings).toHaveLength(1);
		// the recorded outcome stays, with its labels, although the case's persons were rewritten
		expect((await readMoment(db(), momentId))!.outcomes).toHaveLength(3);
	});
});

describe('recording in time', () => {
	it('stops the escalation; an all-safe outcome notifies no one', async () => {
		at('2030-03-18T10:00:00+01:00'); // Monday
		const caseId = await vtCase();
		const momentId = await closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-03-19'));
		expect(await received('monitoring.assigned', momentId)).toEqual([]);
		at('2030-03-19T09:00:00+01:00');
		await fire();
		expect(await received('monitoring.due', momentId)).toEqual([vtWorker.user.id]);

		at('2030-03-19T15:00:00+01:00');
		expect(await recordMonitoring(deps(), vtWorker.actor, momentId, await outcome(caseId, '2030-03-19'))).toEqual({
			allSafe: true,
			unsafe: []
		});
		at('2030-03-21T09:00:00+01:00');
		await fire();
		expect(await fireFollowup(deps(), monitoringFollowup, 'escalate', momentId)).toEqual({ outcome: 'done' });
		expect(await received('monitoring.escalated', momentId)).toEqual([]);
		expect(await received('monitoring.unsafe', momentId)).toEqual([]);
		const [row] = await db()<{ n: number; safe: number }[]>`
			select count(*)::int as n, count(*) filter (where safety_restored)::int as safe from monitoring_person_outcomes where moment_id = ${momentId}`;
		expect(row).toEqual({ n: 3, safe: 3 });
	});

	it('a coordinator records for the monitor; the monitor hears when someone is not safe', async () => {
		at('2030-03-18T11:00:00+01:00');
		const caseId = await vtCase();
		const momentId = await closeCase(deps(), vtWorker.actor, caseId, closing(vtColleague, '2030-03-20'));
		at('2030-03-20T16:00:00+01:00');
		await recordMonitoring(deps(), vtCoordinator.actor, momentId, await outcome(caseId, '2030-03-20', ['Moeder']));
		expect(await received('monitoring.unsafe', momentId)).toEqual([vtColleague.user.id]);
	});

	it('the database refuses an outcome without per-person results', async () => {
		at('2030-03-18T12:00:00+01:00');
		const caseId = await vtCase();
		const momentId = await closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-03-25'));
		const attempt = db().begin(
			(tx) =>
				tx`update monitoring_moments set held_on = '2030-03-18', effect = 'x', all_safe = true, recorded_by = ${vtWorker.user.id}, recorded_at = now() where id = ${momentId}`
		);
		await expect(attempt).rejects.toThrow(/monitoring outcome .* is incomplete/);
		await expect(db()`update monitoring_moments set effect = 'alleen het effect' where id = ${momentId}`).rejects.toThrow(
			/outcome_complete_or_absent/
		);
		expect((await readMoment(db(), momentId))!.recordedAt).toBeNull();
	});
});

describe('planning again and the work list', () => {
	it('re-planning moves the reminder and notifies a new monitor; the list shows mine, and the team to coordinators', async () => {
		at('2030-04-01T10:00:00+02:00'); // Monday
		const caseId = await vtCase();
		const momentId = await closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-04-03'));
		at('2030-04-05T10:00:00+02:00'); // Friday: reminded Wednesday 3 April
		await fire();
		expect(await received('monitoring.due', momentId)).toEqual([vtWorker.user.id]);
		const [late] = await db()<
			{ title: string; body: string }[]
		>`select title, body from notifications where kind = 'monitoring.due' and href = ${`/monitoring/${momentId}`}`;
		expect(late.title).toMatch(/^Monitoring te doen: VT-2030-/);
		expect(late.body).toBe(
			'De geplande monitoring is nog niet gedaan. Monitor of de veiligheid van iedereen in het gezin is hersteld en leg de uitkomst vast.'
		);

		await expectError(
			replanMonitoring(deps(), vtColleague.actor, momentId, {
				monitorId: vtColleague.user.id,
				plannedOn: '2030-04-08',
				withProfessional: false,
				withFamily: true,
				withWhomNote: 'moeder'
			}),
			ForbiddenError
		);
		const past = await expectError(
			replanMonitoring(deps(), vtWorker.actor, momentId, {
				monitorId: vtColleague.user.id,
				plannedOn: '2030-04-04',
				withProfessional: false,
				withFamily: true,
				withWhomNote: 'moeder'
			}),
			InputError
		);
		expect(past.fields).toEqual({ plannedOn: 'Kies vandaag of een latere datum.' });
		// Monday 22 April 2030 is Tweede Paasdag: the reminder comes on Tuesday 23 April
		await replanMonitoring(deps(), vtWorker.actor, momentId, {
			monitorId: vtColleague.user.id,
			plannedOn: '2030-04-22',
			withProfessional: false,
			withFamily: true,
			withWhomNote: 'moeder'
		});
		const m = (await readMoment(db(), momentId))!;
		expect(m).toMatchObject({
			monitorId: vtColleague.user.id,
			plannedOn: '2030-04-22',
			withProfessional: false,
			remindedAt: null,
			escalatedAt: null
		});
		expect(m.remindDue.toISOString()).toBe('2030-04-23T07:00:00.000Z');
		expect(m.escalateDue.toISOString()).toBe('2030-04-25T07:00:00.000Z');
		expect(await received('monitoring.assigned', momentId)).toEqual([vtColleague.user.id]);

		const mine = await listMonitoring(deps(), vtColleague.actor);
		expect(mine.team).toBeNull();
		expect(mine.mine.map((r) => r.id)).toContain(momentId);
		expect((await listMonitoring(deps(), vtWorker.actor)).mine.map((r) => r.id)).not.toContain(momentId);
		const team = (await listMonitoring(deps(), vtCoordinator.actor)).team!;
		const open = team.filter((r) => !r.recordedAt);
		expect(open.map((r) => r.id)).toContain(momentId);
		// escalated moments first, then by day
		const firstPlain = open.findIndex((r) => !r.escalatedAt);
		expect(open.slice(firstPlain).every((r) => !r.escalatedAt)).toBe(true);
		expect((await listMonitoring(deps(), otherVtWorker.actor)).mine).toEqual([]);
		for (const outsider of [cjgWorker, gemeenteUser]) await expectError(listMonitoring(deps(), outsider.actor), ForbiddenError);

		at('2030-04-23T09:00:00+02:00');
		await fire();
		const due = await db()<{ userId: string; dedupeKey: string }[]>`
			select user_id, dedupe_key from notifications where kind = 'monitoring.due' and href = ${`/monitoring/${momentId}`} order by id`;
		expect(due).toEqual([
			{ userId: vtWorker.user.id, dedupeKey: `monitoring.remind:${momentId}:2030-04-03` },
			{ userId: vtColleague.user.id, dedupeKey: `monitoring.remind:${momentId}:2030-04-22` }
		]);
	});

	it('reopening lets a moment without outcome lapse: nothing fires for it any more', async () => {
		at('2030-05-06T10:00:00+02:00');
		const caseId = await vtCase();
		const momentId = await closeCase(deps(), vtWorker.actor, caseId, closing(vtColleague, '2030-05-08'));
		await reopenCase(deps(), vtColleague.actor, caseId, { reason: 'Nieuwe melding van school over dezelfde zorgen.' });
		expect((await readMoment(db(), momentId))!.cancelledAt?.toISOString()).toBe('2030-05-06T08:00:00.000Z');
		at('2030-05-20T09:00:00+02:00');
		await fire();
		expect(await received('monitoring.due', momentId)).toEqual([]);
		expect(await received('monitoring.escalated', momentId)).toEqual([]);
		await expectError(
			recordMonitoring(deps(), vtColleague.actor, momentId, await outcome(caseId, '2030-05-20')),
			ConflictError,
			/vervallen/
		);
		// closed again: a new moment, the lapsed one stays as history
		const again = await closeCase(deps(), vtWorker.actor, caseId, closing(vtWorker, '2030-06-03'));
		expect(again).not.toBe(momentId);
		expect((await closureView(deps(), vtWorker.actor, (await readCase(db(), caseId))!)).moments.map((m) => m.id)).toEqual([
			again,
			momentId
		]);
	});
});
