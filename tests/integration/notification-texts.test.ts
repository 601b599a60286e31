import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import { answerHandover, offerHandover, withdrawHandover } from '../../src/lib/server/handovers/service.ts';
import { addCondition, addStep, openTrajectory, setPartnerResponsible } from '../../src/lib/server/trajectories/service.ts';
import { ensureCheckins } from '../../src/lib/server/checkins/schedule.ts';
import { recordCheckin } from '../../src/lib/server/checkins/service.ts';
import { closeCase, recordMonitoring } from '../../src/lib/server/monitoring/service.ts';
import { reassignCases } from '../../src/lib/server/cases/responsible.ts';
import { closeSchema, outcomeSchema } from '../../src/lib/server/monitoring/schema.ts';
import { fireDueFollowups, pendingFollowups } from '../../src/lib/server/followups/runner.ts';
import { NOTIFICATION_KINDS } from '../../src/lib/server/notifications/texts.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';
import { completeCase, ensureRegion, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// Every notification kind, produced the way the product produces it (services and the follow-ups,
// the acceptance SLA's among them, driven by a manual clock), must name only the case's reference
// and organisations: nothing about the family and no professionals' names. Far from the real date,
// a database of its own.
const clock = new ManualClock('2031-03-03T10:00:00+01:00'); // Monday
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

// A word no notification may ever carry: it is in every free text of the family's file.
const MARK = 'Zwaluwstaart';

let vt: Org, cjg: Org, consortium: Org;
let vtWorker: Person,
	vtColleague: Person,
	vtCoordinator: Person,
	cjgWorker: Person,
	cjgCoordinator: Person,
	consortiumWorker: Person,
	consortiumCoordinator: Person;

useOwnDatabase('notices');
beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, consortium] = await Promise.all([organisation('vt'), organisation('cjg'), organisation('consortium')]);
	[vtWorker, vtColleague, vtCoordinator, cjgWorker, cjgCoordinator, consortiumWorker, consortiumCoordinator] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(cjg, 'medewerker', clock),
		person(cjg, 'coordinator', clock),
		person(consortium, 'medewerker', clock),
		person(consortium, 'coordinator', clock)
	]);
});

/** A case whose free texts all carry the mark. */
const markedCase = () =>
	createCase(
		deps(),
		vtWorker.actor,
		completeCase({
			summary: `Zorgen over spanningen thuis (${MARK}); moeder vraagt zelf om steun.`,
			safetyAgreements: `Geen fysiek geweld; vader slaapt bij zijn broer (${MARK}).`,
			monitoringBy: `Veilig Thuis, wekelijks telefonisch (${MARK})`
		})
	);

const offerTo = (caseId: string, to: Org, careTypeId?: string) =>
	offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: to.id, message: `Graag samen verder (${MARK}).`, careTypeId });

/** Moves the clock from stage to stage until `end`, firing what is due at each moment as the workers would. */
async function runUntil(end: string): Promise<void> {
	const until = new Date(end);
	for (let i = 0; i < 500; i++) {
		const now = clock.now();
		const next = (await pendingFollowups(db(), until))
			.map((p) => p.dueAt)
			.filter((d) => d.getTime() > now.getTime())
			.sort((a, b) => a.getTime() - b.getTime())[0];
		if (!next) break;
		clock.set(next.toISOString());
		await ensureCheckins(deps());
		await fireDueFollowups(deps());
		await ensureCheckins(deps());
	}
	clock.set(until.toISOString());
}

describe('notification texts', () => {
	it('name only the reference and organisations, for every kind', async () => {
		// an offer nobody answers: 50% and 90% reminders and the breach (partner and VT sides)
		const slaCase = await markedCase();
		await offerTo(slaCase, cjg);

		// offers that end: declined by the partner (its note is marked too), withdrawn by a colleague with a marked note
		const declinedCase = await markedCase();
		await answerHandover(deps(), cjgWorker.actor, await offerTo(declinedCase, cjg), {
			answer: 'decline',
			reason: 'anders',
			note: `Geen plek (${MARK}).`
		});
		const withdrawnCase = await markedCase();
		await withdrawHandover(deps(), vtColleague.actor, await offerTo(withdrawnCase, cjg), `Gezin verhuist (${MARK}).`);

		// a case the coordinator makes a colleague responsible for
		await reassignCases(deps(), vtCoordinator.actor, { caseIds: [await markedCase()], toUserId: vtColleague.user.id });

		// a V&V-traject with a condition and a step left open: overdue, escalated, the term near and passed
		const vvCase = await markedCase();
		await answerHandover(deps(), cjgWorker.actor, await offerTo(vvCase, cjg), { answer: 'accept' });
		const trajectoryId = await openTrajectory(deps(), vtWorker.actor, vvCase, { partnerOrgId: cjg.id, vtResponsibleId: vtWorker.user.id });
		await setPartnerResponsible(deps(), cjgWorker.actor, trajectoryId, cjgWorker.user.id);
		await addCondition(deps(), vtWorker.actor, trajectoryId, {
			description: `Vader komt niet in huis (${MARK}).`,
			ownerSide: 'partner',
			dueOn: '2031-03-07'
		});
		await addStep(deps(), cjgWorker.actor, trajectoryId, {
			description: `Gezinsgesprek plannen (${MARK}).`,
			ownerSide: 'vt',
			dueOn: '2031-03-07'
		});

		// a family waiting for IHUB at a consortium: check-ins due and escalated, over the norm
		const waitCase = await markedCase();
		await answerHandover(deps(), consortiumWorker.actor, await offerTo(waitCase, consortium, 'ihub'), { answer: 'accept' });
		await ensureCheckins(deps());

		// a closed case monitored by a colleague: assigned, due on its day, escalated
		const closedCase = await markedCase();
		const closing = (plannedOn: string) =>
			closeSchema.parse({
				closingSummary: `Het geweld is gestopt (${MARK}).`,
				melder: 'informed',
				melderInformedOn: amsterdamDay(clock.now()),
				monitorId: vtColleague.user.id,
				plannedOn,
				withProfessional: 'on',
				withFamily: 'on',
				withWhomNote: `moeder en de mentor (${MARK})`
			});
		await closeCase(deps(), vtWorker.actor, closedCase, closing('2031-03-17'));

		await runUntil('2031-06-30T12:00:00+02:00');

		// recorded by hand: an escalation at a check-in, and a monitoring where not everyone is safe
		const [open] = await db()<{ id: string }[]>`select id from safety_checkins where outcome is null and cancelled_at is null`;
		await recordCheckin(deps(), vtWorker.actor, open.id, {
			outcome: 'escalatie',
			contactedOn: amsterdamDay(clock.now()),
			contactWith: `Moeder, telefonisch (${MARK})`,
			note: `Vader weer thuis (${MARK}).`
		});
		const unsafeCase = await markedCase();
		const momentId = await closeCase(deps(), vtWorker.actor, unsafeCase, closing('2031-07-01'));
		// a day late: the reminder says the monitoring is still to be done
		clock.set('2031-07-02T10:00:00+02:00');
		await fireDueFollowups(deps());
		const persons = (await readCase(db(), unsafeCase))!.persons;
		await recordMonitoring(
			deps(),
			vtColleague.actor,
			momentId,
			outcomeSchema.parse({
				heldOn: '2031-07-02',
				effect: `De spanningen zijn afgenomen (${MARK}).`,
				persons: persons.map((p) => ({ personId: p.id, safe: p.label === 'Vader' ? 'nee' : 'ja' }))
			})
		);

		const notes = await db()<{ kind: string; title: string; body: string; reference: string }[]>`
			select distinct n.kind, n.title, n.body, c.reference from notifications n
			join cases c on n.title like '%' || c.reference || '%'`;
		const all = await db()<{ n: number }[]>`select count(distinct (kind, title, body))::int as n from notifications`;
		expect(notes.length, 'every text names its case by reference').toBe(all[0].n);
		expect(new Set(notes.map((n) => n.kind)), 'every kind of notification was produced').toEqual(new Set(NOTIFICATION_KINDS));
		expect(
			notes
				.filter((n) => n.kind === 'monitoring.due')
				.map((n) => n.title.split(':')[0])
				.sort()
		).toEqual(['Monitoring te doen', 'Monitoring vandaag']);

		const careTypes = await db()<{ id: string; name: string }[]>`select id, name from care_types`;
		const names = [vtWorker, vtColleague, vtCoordinator, cjgWorker, cjgCoordinator, consortiumWorker, consortiumCoordinator].map(
			(p) => p.user.name
		);
		const organisations = [vt, cjg, consortium].map((o) => o.name);
		const problems: string[] = [];
		for (const n of notes) {
			const text = `${n.title} ${n.body}`;
			const found = [
				...[MARK, 'moeder', 'vader', 'kind ', 'broer', 'mentor'].filter((w) => text.toLowerCase().includes(w.toLowerCase())),
				...careTypes.flatMap((ct) => [ct.name, `(${ct.id})`].filter((w) => text.toLowerCase().includes(w.toLowerCase()))),
				...names.filter((name) => text.includes(name)),
				...['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'].filter((d) => text.toLowerCase().includes(d))
			];
			// no dates, times, days or counts: the only digits are the reference's, the organisations' and "10%"
			const rest = organisations.reduce((t, o) => t.replaceAll(o, ''), text.replaceAll(n.reference, '')).replace('10%', '');
			if (/\d/.test(rest)) found.push(`digits in "${rest}"`);
			if (found.length) problems.push(`${n.kind}: ${found.join(', ')} in "${text}"`);
		}
		expect(problems).toEqual([]);
	});
});
