import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover, withdrawHandover } from '../../src/lib/server/handovers/service.ts';
import { addCondition, addStep, openTrajectory } from '../../src/lib/server/trajectories/service.ts';
import { ensureCheckins } from '../../src/lib/server/checkins/schedule.ts';
import { recordCheckin } from '../../src/lib/server/checkins/service.ts';
import { closeSchema } from '../../src/lib/server/monitoring/schema.ts';
import { closeCase } from '../../src/lib/server/monitoring/service.ts';
import { fireDueFollowups } from '../../src/lib/server/followups/runner.ts';
import { homeCounts } from '../../src/lib/server/home.ts';
import { escalationCount, teamEscalations, type EscalationItem } from '../../src/lib/server/escalations.ts';
import { completeCase, ensureRegion, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// Monday 4 March 2030: far from the real date, so no workers process elsewhere finds these due.
const clock = new ManualClock('2030-03-04T10:00:00+01:00');
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const at = (iso: string) => clock.set(iso);

let vt: Org, otherVt: Org, cjg: Org, consortium: Org;
let worker: Person, colleague: Person, coordinator: Person, otherVtWorker: Person, cjgWorker: Person;

// A database of its own: the test fires every due follow-up (the SLA's among them).
useOwnDatabase('coordinator_home');
beforeAll(async () => {
	await ensureRegion();
	[vt, otherVt, cjg, consortium] = await Promise.all([
		organisation('vt'),
		organisation('vt'),
		organisation('cjg'),
		organisation('consortium')
	]);
	[worker, colleague, coordinator, otherVtWorker, cjgWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(otherVt, 'medewerker', clock),
		person(cjg, 'medewerker', clock)
	]);
});

const offer = { message: 'Graag overnemen; de veiligheidsafspraken staan in het dossier.' };

/** A family of the team waiting for the consortium since `since`, its check-ins with `responsible` (as the waiting code writes it). */
async function waiting(responsible: Person, since: string): Promise<string> {
	const caseId = await createCase(deps(), responsible.actor, completeCase());
	await db()`
		insert into wait_entries (case_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at)
		select c.id, ${consortium.id}, 'ihub', m.subregion_id, ${responsible.user.id}, ${since}, ${clock.now()}
		from cases c join municipalities m on m.id = c.municipality_id where c.id = ${caseId}`;
	return caseId;
}

/** A case of the team closed by `monitor`, to be monitored on `plannedOn`. */
async function closed(monitor: Person, plannedOn: string): Promise<string> {
	const caseId = await createCase(deps(), monitor.actor, completeCase());
	return closeCase(
		deps(),
		monitor.actor,
		caseId,
		closeSchema.parse({
			closingSummary: 'Het geweld is gestopt; vader volgt agressieregulatie. Het wijkteam ziet toe op de afspraken.',
			melder: 'informed',
			melderInformedOn: '2030-03-04',
			monitorId: monitor.user.id,
			plannedOn,
			withProfessional: 'on',
			withFamily: 'on',
			withWhomNote: 'moeder en de mentor van school'
		})
	);
}

const summary = (items: EscalationItem[]) =>
	items.map((i) => ({ what: i.what, href: i.href, escalated: i.escalated, due: i.due })).sort((a, b) => a.href.localeCompare(b.href));

describe("the coordinator's home: the team's escalations and late items, from the data", () => {
	it('lists V&V, check-ins, monitoring and offers without an answer of the whole team, each linking to where it is solved', async () => {
		at('2030-03-04T10:00:00+01:00');
		// V&V: a condition CJG should meet by Friday 8 March, a step due later
		const vvCase = await createCase(deps(), worker.actor, completeCase());
		const accepted = await offerHandover(deps(), worker.actor, vvCase, { ...offer, toOrgId: cjg.id });
		await answerHandover(deps(), cjgWorker.actor, accepted, { answer: 'accept' });
		const trajectoryId = await openTrajectory(deps(), worker.actor, vvCase, { partnerOrgId: cjg.id, vtResponsibleId: worker.user.id });
		await addCondition(deps(), worker.actor, trajectoryId, {
			description: 'De kinderen gaan dagelijks naar school.',
			ownerSide: 'partner',
			dueOn: '2030-03-08'
		});
		await addStep(deps(), worker.actor, trajectoryId, {
			description: 'Gezamenlijk gesprek met ouders en CJG.',
			ownerSide: 'vt',
			dueOn: '2030-04-26'
		});
		// an offer by the colleague CJG does not answer (regular: 2 werkdagen, until Wednesday 6 March 10:00)
		const offeredCase = await createCase(deps(), colleague.actor, completeCase());
		await offerHandover(deps(), colleague.actor, offeredCase, { ...offer, toOrgId: cjg.id });
		// another VT organisation's unanswered offer is not this team's
		const otherCase = await createCase(deps(), otherVtWorker.actor, completeCase());
		await offerHandover(deps(), otherVtWorker.actor, otherCase, { ...offer, toOrgId: cjg.id });
		// two waiting families, each medewerker's check-in due on Monday 18 March
		await waiting(worker, '2030-03-04');
		await waiting(colleague, '2030-03-04');
		await ensureCheckins(deps());
		// two closed cases to monitor on Friday 15 March
		const [ownMoment, colleagueMoment] = [await closed(worker, '2030-03-15'), await closed(colleague, '2030-03-15')];

		// Wednesday 20 March: everything above is late, before any worker has run
		at('2030-03-20T10:00:00+01:00');
		const before = await teamEscalations(db(), vt.id, clock.now());
		const checkins = await db()<
			{ id: string }[]
		>`select id from safety_checkins where vt_org_id = ${vt.id} order by assigned_to = ${worker.user.id} desc`;
		expect(summary(before.items.vv)).toEqual([
			{ what: 'Veiligheidsvoorwaarde te laat', href: `/trajecten/${trajectoryId}`, escalated: false, due: '2030-03-08' }
		]);
		expect(before.items.vv[0]).toMatchObject({ caseId: vvCase, owner: cjg.name });
		expect(summary(before.items.offer)).toEqual([
			{ what: 'Geen antwoord binnen de reactietermijn', href: `/zaken/${offeredCase}`, escalated: false, due: '2030-03-06' }
		]);
		expect(before.items.offer[0].owner).toBe(cjg.name);
		expect(summary(before.items.checkin)).toEqual(
			summary(
				checkins.map(
					(c) =>
						({
							what: 'Veiligheidscheck te laat',
							href: `/veiligheidschecks/${c.id}`,
							escalated: false,
							due: '2030-03-18'
						}) as EscalationItem
				)
			)
		);
		expect(before.items.checkin.map((i) => i.owner).sort()).toEqual([worker.user.name, colleague.user.name].sort());
		expect(summary(before.items.monitoring)).toEqual(
			summary(
				[ownMoment, colleagueMoment].map(
					(id) => ({ what: 'Monitoring te laat', href: `/monitoring/${id}`, escalated: false, due: '2030-03-15' }) as EscalationItem
				)
			)
		);
		expect(before.totals).toEqual({
			vv: { all: 1, escalated: 0 },
			offer: { all: 1, escalated: 0 },
			checkin: { all: 2, escalated: 0 },
			monitoring: { all: 2, escalated: 0 }
		});
		// the other VT organisation sees only its own
		const other = await teamEscalations(db(), otherVt.id, clock.now());
		expect(other.items.offer.map((i) => i.caseId)).toEqual([otherCase]);
		expect(escalationCount(other)).toBe(1);

		// once the workers have run, the same items carry their escalation (the breach reported, the follow-ups escalated)
		await fireDueFollowups(deps());
		const after = await teamEscalations(db(), vt.id, clock.now());
		expect(after.totals).toEqual({
			vv: { all: 1, escalated: 1 },
			offer: { all: 1, escalated: 1 },
			checkin: { all: 2, escalated: 2 },
			monitoring: { all: 2, escalated: 2 }
		});
		expect(escalationCount(after)).toBe(6);
		// a short list shows the first of each kind; the totals still count all
		const short = await teamEscalations(db(), vt.id, clock.now(), 1);
		expect(short.items.checkin).toHaveLength(1);
		expect(short.totals.checkin.all).toBe(2);

		// the check-in panel: the coordinator counts the team's, a medewerker her own
		const counts = (p: Person) => homeCounts(db(), { ...p.actor, userId: p.user.id }, clock.now());
		expect(await counts(coordinator)).toMatchObject({ veiligheidschecks: 2, veiligheidschecksTeLaat: 2, monitoring: 2 });
		expect(await counts(worker)).toMatchObject({ veiligheidschecks: 1, veiligheidschecksTeLaat: 1, monitoring: 1 });
		expect(await counts(colleague)).toMatchObject({ veiligheidschecks: 1, veiligheidschecksTeLaat: 1, monitoring: 1 });

		// solved where the link leads: the check-in recorded, the offer withdrawn — they leave the list
		await recordCheckin(deps(), worker.actor, checkins[0].id, {
			outcome: 'veilig',
			contactedOn: '2030-03-20',
			contactWith: 'Moeder, telefonisch',
			note: ''
		});
		await withdrawHandover(
			deps(),
			colleague.actor,
			(await db()<{ id: string }[]>`select id from handovers where case_id = ${offeredCase}`)[0].id,
			'Wij bieden het gezin aan een ander aan.'
		);
		const solved = await teamEscalations(db(), vt.id, clock.now());
		expect(solved.items.checkin.map((i) => i.id)).toEqual([checkins[1].id]);
		expect(solved.totals.offer.all).toBe(0);
		expect(escalationCount(solved)).toBe(4);
	});
});
