import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { openTrajectory } from '../../src/lib/server/trajectories/service.ts';
import { closeSchema } from '../../src/lib/server/monitoring/schema.ts';
import { closeCase } from '../../src/lib/server/monitoring/service.ts';
import { planSprint, readCaseloadView, readSprintView, setCaseloadNorm } from '../../src/lib/server/caseload/service.ts';
import { sprintSchema } from '../../src/lib/server/caseload/schema.ts';
import type { CaseloadRow } from '../../src/lib/server/caseload/queries.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// Monday 4 March 2030: far from the real date, so no workers process elsewhere finds these due.
const clock = new ManualClock('2030-03-04T10:00:00+01:00');
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const at = (iso: string) => clock.set(iso);

const HAARLEM = 'GM0392'; // Zuid-Kennemerland
const HEEMSTEDE = 'GM0397'; // Zuid-Kennemerland
const VELSEN = 'GM0453'; // IJmond
const HAARLEMMERMEER = 'GM0394'; // Haarlemmermeer

let vt: Org, otherVt: Org, cjg: Org, consortium: Org;
let anna: Person, bram: Person, coordinator: Person, otherCoordinator: Person, otherWorker: Person, cjgCoordinator: Person;
const ids: Record<string, string> = {};

useOwnDatabase('caseload');

/** A melding registered by `who` at the clock's moment; complete (assessment completed now) unless said otherwise. */
async function registered(who: Person, municipalityId: string, reportDate: string, complete = true): Promise<string> {
	const spoken = { spokenTo: true, spokenOn: reportDate };
	return createCase(
		deps(),
		who.actor,
		completeCase({
			municipalityId,
			reportDate,
			persons: [{ role: 'ouder', label: 'Moeder', ...spoken }],
			...(complete ? {} : { safetyAgreements: '' })
		})
	);
}

/** Completes the assessment of a case registered incomplete, at the clock's moment. */
async function complete(who: Person, caseId: string): Promise<void> {
	const c = (await readCase(db(), caseId))!;
	await updateCase(
		deps(),
		who.actor,
		caseId,
		completeCase({
			municipalityId: c.municipalityId,
			reportDate: c.reportDate,
			persons: [{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: c.reportDate }],
			version: c.version
		})
	);
}

const offer = { message: 'Graag overnemen; de veiligheidsafspraken staan in het dossier.' };

async function closeWithMonitoring(who: Person, caseId: string, plannedOn: string): Promise<void> {
	await closeCase(
		deps(),
		who.actor,
		caseId,
		closeSchema.parse({
			closingSummary: 'Onderzoek afgerond; het wijkteam ziet toe op de afspraken.',
			melder: 'informed',
			melderInformedOn: '2030-03-04',
			monitorId: who.user.id,
			plannedOn,
			withProfessional: 'on',
			withWhomNote: 'de wijkteammedewerker'
		})
	);
}

beforeAll(async () => {
	await ensureRegion();
	[vt, otherVt, cjg, consortium] = await Promise.all([
		organisation('vt'),
		organisation('vt'),
		organisation('cjg'),
		organisation('consortium')
	]);
	[anna, bram, coordinator, otherCoordinator, otherWorker, cjgCoordinator] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(otherVt, 'coordinator', clock),
		person(otherVt, 'medewerker', clock),
		person(cjg, 'coordinator', clock)
	]);
	const cjgWorker = await person(cjg, 'medewerker', clock);

	// Monday 4 March 2030, 10:00: the fixture (stage, gemeente, melding; assessment complete at registration unless said)
	ids.a1 = await registered(anna, HAARLEM, '2030-02-25', false); // assessment, due Mon 4 March, still open → overdue from Tuesday
	ids.a2 = await registered(anna, HAARLEM, '2030-03-04'); // assessment
	ids.a3 = await registered(anna, VELSEN, '2030-03-01'); // offered, no answer: response time (2 werkdagen) passes Wednesday
	await offerHandover(deps(), anna.actor, ids.a3, { ...offer, toOrgId: cjg.id });
	ids.a4 = await registered(anna, VELSEN, '2030-02-28'); // accepted, V&V-traject runs
	const h4 = await offerHandover(deps(), anna.actor, ids.a4, { ...offer, toOrgId: cjg.id });
	await answerHandover(deps(), cjgWorker.actor, h4, { answer: 'accept' });
	await openTrajectory(deps(), anna.actor, ids.a4, { partnerOrgId: cjg.id, vtResponsibleId: anna.user.id });
	ids.a5 = await registered(anna, HAARLEMMERMEER, '2030-03-03'); // closed, Anna monitors on Tuesday 5 March
	await closeWithMonitoring(anna, ids.a5, '2030-03-05');
	ids.b1 = await registered(bram, HAARLEMMERMEER, '2030-03-02'); // assessment; the family waits for the consortium
	ids.b2 = await registered(bram, HAARLEMMERMEER, '2030-03-04'); // closed, Bram monitors on 20 March
	await closeWithMonitoring(bram, ids.b2, '2030-03-20');
	ids.u1 = await registered(anna, HEEMSTEDE, '2030-03-01'); // nobody's
	await db()`update cases set responsible_user_id = null where id = ${ids.u1}`;
	ids.o1 = await registered(otherWorker, HAARLEM, '2030-02-01', false); // another VT organisation: never counted

	// Bram's check-in for the waiting family, due Tuesday 5 March
	const [wait] = await db()<{ id: string }[]>`
		insert into wait_entries (case_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at)
		values (${ids.b1}, ${consortium.id}, 'ihub', 'haarlemmermeer', ${bram.user.id}, '2030-03-04', ${clock.now()}) returning id`;
	await db()`
		insert into safety_checkins (wait_entry_id, case_id, assigned_to, due_on, remind_due, escalate_due, created_at, vt_org_id)
		values (${wait.id}, ${ids.b1}, ${bram.user.id}, '2030-03-05', '2030-03-05T08:00:00Z', '2030-03-07T08:00:00Z', ${clock.now()}, ${vt.id})`;
});

const figures = (row: CaseloadRow | undefined) =>
	row && {
		stages: row.stages,
		load: row.load,
		norm: row.norm,
		ownNorm: row.ownNorm,
		overNorm: row.overNorm,
		overdueAssessments: row.overdueAssessments,
		offersPastDeadline: row.offersPastDeadline,
		checkinsDue: row.checkinsDue,
		checkinsOverdue: row.checkinsOverdue,
		monitoringDue: row.monitoringDue
	};

describe('caseload for caseloadgesprekken (rule 9)', () => {
	it('counts each medewerker’s cases by stage, the late and due work, against the norm — from a hand-computed fixture', async () => {
		at('2030-03-07T10:00:00+01:00'); // Thursday
		const view = await readCaseloadView(deps(), coordinator.actor);
		const byId = (p: Person) => view.caseload.people.find((r) => r.userId === p.user.id);
		// Anna: a1, a2 assessment; a3 offered; a4 V&V; a5 monitoring (due Tuesday) = 5 against the default norm of 20
		expect(figures(byId(anna))).toEqual({
			stages: { assessment: 2, offered: 1, vv: 1, monitoring: 1 },
			load: 5,
			norm: 20,
			ownNorm: false,
			overNorm: false,
			overdueAssessments: 1, // a1: due Monday, not completed
			offersPastDeadline: 1, // a3: no answer within 2 werkdagen (a4's was accepted)
			checkinsDue: 0,
			checkinsOverdue: 0,
			monitoringDue: 1
		});
		// Bram: b1 assessment, b2 monitoring (not yet due), the check-in of Tuesday
		expect(figures(byId(bram))).toEqual({
			stages: { assessment: 1, offered: 0, vv: 0, monitoring: 1 },
			load: 2,
			norm: 20,
			ownNorm: false,
			overNorm: false,
			overdueAssessments: 0,
			offersPastDeadline: 0,
			checkinsDue: 1,
			checkinsOverdue: 1,
			monitoringDue: 0
		});
		// the coördinator carries nothing and is not in the list; other organisations' people never are
		expect(view.caseload.people.map((p) => p.userId).sort()).toEqual([anna.user.id, bram.user.id].sort());
		expect(view.caseload.unassigned).toEqual({ assessment: 1, offered: 0, vv: 0, monitoring: 0, overdueAssessments: 0 });
	});

	it('shows per subregion the werkvoorraad, the late assessments and the median waiting time with its weekly trend', async () => {
		at('2030-03-07T10:00:00+01:00');
		const { balance } = await readCaseloadView(deps(), coordinator.actor);
		expect(balance.weeks).toHaveLength(13);
		expect(balance.weeks.at(-1)!.monday).toBe('2030-03-04');
		const s = Object.fromEntries(balance.subregions.map((r) => [r.id, r]));
		// werkvoorraad: open cases of the team (a4 is still VT's until the warm handover is done)
		expect([s['zuid-kennemerland'].werkvoorraad, s['ijmond'].werkvoorraad, s['haarlemmermeer'].werkvoorraad]).toEqual([3, 2, 1]);
		expect([s['zuid-kennemerland'].overdue, s['ijmond'].overdue, s['haarlemmermeer'].overdue]).toEqual([1, 0, 0]);
		// this week (to Thursday 10:00), days from melding to completion or to now:
		//   ZK: a1 open 25 Feb → 10, a2 0, u1 3 → median 3;  IJ: a3 3, a4 4 → 3.5;  HM: a5 1, b1 2, b2 0 → 1
		expect([s['zuid-kennemerland'].waitingDays, s['ijmond'].waitingDays, s['haarlemmermeer'].waitingDays]).toEqual([3, 3.5, 1]);
		expect(s['zuid-kennemerland'].waitingCount).toBe(3);
		// last week (to Monday 4 March 00:00), meldingen up to Sunday 3 March still waiting, to Monday:
		//   ZK: a1 7, u1 3 → 5;  IJ: a3 3, a4 4 → 3.5;  HM: a5 1, b1 2 → 1.5 (b2's melding is of Monday itself)
		expect([s['zuid-kennemerland'].trend[11], s['ijmond'].trend[11], s['haarlemmermeer'].trend[11]]).toEqual([5, 3.5, 1.5]);
		// the week before: nothing reported yet (a1's melding is of Monday 25 February)
		expect(s['zuid-kennemerland'].trend[10]).toBeNull();
	});

	it('holds each medewerker against their own norm or the team default, set by the coördinator (audited, an event for the team)', async () => {
		at('2030-03-07T10:00:00+01:00');
		expect(await setCaseloadNorm(deps(), coordinator.actor, { norm: 4 })).toEqual({ changed: true });
		expect(await setCaseloadNorm(deps(), coordinator.actor, { userId: bram.user.id, norm: 1 })).toEqual({ changed: true });
		expect(await setCaseloadNorm(deps(), coordinator.actor, { userId: bram.user.id, norm: 1 })).toEqual({ changed: false });
		let people = (await readCaseloadView(deps(), coordinator.actor)).caseload.people;
		const row = (p: Person) => people.find((r) => r.userId === p.user.id)!;
		expect([row(anna).norm, row(anna).overNorm, row(anna).ownNorm]).toEqual([4, true, false]); // 5 > 4
		expect([row(bram).norm, row(bram).overNorm, row(bram).ownNorm]).toEqual([1, true, true]); // 2 > 1

		await setCaseloadNorm(deps(), coordinator.actor, { userId: bram.user.id, norm: null }); // back to the team norm
		people = (await readCaseloadView(deps(), coordinator.actor)).caseload.people;
		expect([row(bram).norm, row(bram).overNorm, row(bram).ownNorm]).toEqual([4, false, false]);

		const audits = await db()<{ recordType: string; recordId: string; details: { from: number | null; to: number | null } }[]>`
			select record_type, record_id, details from audit_log where action = 'caseload.norm_changed' and actor_user_id = ${coordinator.user.id} order by id`;
		expect(audits.map((a) => [a.recordType, a.recordId, a.details.from, a.details.to])).toEqual([
			['organisation', vt.id, 20, 4],
			['user', bram.user.id, null, 1],
			['user', bram.user.id, 1, null]
		]);
		const events = await db()<{ streams: string[]; payload: { userId: string | null; norm: number | null } }[]>`
			select streams, payload from events where type = 'caseload.norm_changed' and actor_user_id = ${coordinator.user.id} order by id`;
		expect(events.map((e) => [e.streams, e.payload.userId, e.payload.norm])).toEqual([
			[[`org:${vt.id}`], null, 4],
			[[`org:${vt.id}`], bram.user.id, 1],
			[[`org:${vt.id}`], bram.user.id, null]
		]);
		// a medewerker of another organisation cannot be given a norm here
		await expectError(setCaseloadNorm(deps(), coordinator.actor, { userId: otherWorker.user.id, norm: 5 }), InputError);
	});

	it('refuses everyone but the organisation’s own coördinator', async () => {
		await expectError(readCaseloadView(deps(), anna.actor), ForbiddenError);
		await expectError(readCaseloadView(deps(), cjgCoordinator.actor), ForbiddenError);
		await expectError(setCaseloadNorm(deps(), anna.actor, { norm: 50 }), ForbiddenError);
		const sprint = sprintSchema.parse({
			kind: 'focusgroep',
			name: 'Focusgroep oude meldingen',
			startsOn: '2030-03-11',
			endsOn: '2030-03-22',
			participantIds: [anna.user.id],
			urgentOnly: '',
			targetKind: 'werkvoorraad_at_most',
			targetValue: '0'
		});
		await expectError(planSprint(deps(), anna.actor, sprint), ForbiddenError);
		// another organisation's coördinator sees only their own team (empty) and cannot plan with our medewerkers
		const theirs = await readCaseloadView(deps(), otherCoordinator.actor);
		expect(theirs.caseload.people.map((p) => p.userId)).toEqual([otherWorker.user.id]);
		await expectError(planSprint(deps(), otherCoordinator.actor, sprint), InputError);
		// nor read our sprint
		const id = await planSprint(deps(), coordinator.actor, sprint);
		await expectError(readSprintView(deps(), otherCoordinator.actor, id), ForbiddenError);
		await expectError(readSprintView(deps(), anna.actor, id), ForbiddenError);
		expect((await readSprintView(deps(), coordinator.actor, id)).sprint.name).toBe('Focusgroep oude meldingen');
	});

	it('follows a sprintweek’s progress against its target while it runs and afterwards, as the clock moves', async () => {
		at('2030-03-07T10:00:00+01:00');
		const id = await planSprint(
			deps(),
			coordinator.actor,
			sprintSchema.parse({
				kind: 'sprintweek',
				name: 'Sprintweek Zuid-Kennemerland',
				startsOn: '2030-03-11',
				endsOn: '2030-03-15',
				participantIds: [anna.user.id],
				subregionId: 'zuid-kennemerland',
				targetKind: 'assessments_completed',
				targetValue: '2'
			})
		);
		const progress = async () => (await readSprintView(deps(), coordinator.actor, id)).progress;
		expect(await progress()).toMatchObject({ phase: 'planned', days: [], value: 0, reached: false });

		// Monday 11 March: two new meldingen in Zuid-Kennemerland, Anna's and Bram's (Bram does not take part)
		at('2030-03-11T09:00:00+01:00');
		const s1 = await registered(anna, HAARLEM, '2030-03-10', false);
		const s2 = await registered(bram, HAARLEM, '2030-03-10', false);
		// Tuesday 12 March: Anna completes a1, Bram completes s2
		at('2030-03-12T11:00:00+01:00');
		await complete(anna, ids.a1);
		await complete(bram, s2);
		at('2030-03-12T11:30:00+01:00');
		let p = await progress();
		expect(p.phase).toBe('running');
		// open in scope at the start and at the end of Monday: a1, s1, s2; now s1
		expect(p.remainingAtStart).toBe(3); // a1, and s1 and s2: their meldingen are of Sunday
		expect(p.days).toEqual([
			{ day: '2030-03-11', completed: 0, remaining: 3 },
			{ day: '2030-03-12', completed: 1, remaining: 1 }
		]);
		expect([p.value, p.reached]).toEqual([1, false]);

		// Thursday: Anna completes s1; the sprint is over on Monday 18 March and keeps its result
		at('2030-03-14T15:00:00+01:00');
		await complete(anna, s1);
		at('2030-03-18T09:00:00+01:00');
		p = await progress();
		expect(p.phase).toBe('finished');
		expect(p.days.map((d) => d.day)).toEqual(['2030-03-11', '2030-03-12', '2030-03-13', '2030-03-14', '2030-03-15']);
		expect(p.days.map((d) => d.completed)).toEqual([0, 1, 1, 2, 2]);
		expect(p.days.map((d) => d.remaining)).toEqual([3, 1, 1, 0, 0]);
		expect([p.value, p.reached]).toEqual([2, true]);

		const [audit] = await db()<{ details: { participants: string[] } }[]>`
			select details from audit_log where action = 'sprint.planned' and record_id = ${id}`;
		expect(audit.details.participants).toEqual([anna.user.id]);
		const [event] = await db()<
			{ streams: string[] }[]
		>`select streams from events where type = 'sprint.planned' and payload->>'sprintId' = ${id}`;
		expect(event.streams).toEqual([`org:${vt.id}`]);
	});

	it('validates the plan with Dutch messages', () => {
		const r = sprintSchema.safeParse({
			kind: 'sprintweek',
			name: '',
			startsOn: '2030-03-15',
			endsOn: '2030-03-11',
			participantIds: [],
			targetKind: 'assessments_completed',
			targetValue: 'veel'
		});
		expect(r.success).toBe(false);
		const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
		expect(messages).toMatchObject({
			name: 'Geef de sprint een naam.',
			participantIds: 'Kies ten minste één deelnemer.',
			targetValue: 'Het doel: een heel getal, bijvoorbeeld 20.'
		});
	});
});
