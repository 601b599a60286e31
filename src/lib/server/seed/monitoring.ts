import type { Sql } from '../db/client.ts';
import type { Actor } from '../actor.ts';
import type { OrganisationKind, Role } from '../auth/roles.ts';
import { ManualClock } from '../clock.ts';
import { addWorkingDays, amsterdamDay } from '../workdays.ts';
import { readWorkdayPolicy } from '../sla/policy.ts';
import { amsterdamInstant } from '../time.ts';
import { createCase } from '../cases/service.ts';
import { readCase } from '../cases/queries.ts';
import type { CaseInput } from '../cases/schema.ts';
import { answerHandover, confirmWarmHandover, offerHandover, planWarmHandover } from '../handovers/service.ts';
import { workingDayFrom } from '../followups/moments.ts';
import { fireDueFollowups } from '../followups/runner.ts';
import { monitoringFollowup } from '../monitoring/followups.ts';
import { closeCase, recordMonitoring } from '../monitoring/service.ts';
import type { CloseInput } from '../monitoring/schema.ts';
import { recordMelderInformed, updateLetterTemplate } from '../letters/service.ts';
import { DEFAULT_CONTACT, DEFAULT_TEMPLATE } from '../letters/template.ts';
import { addDays } from '../trajectories/service.ts';

interface Family {
	municipalityId: string;
	situation: string;
	agreements: string;
	monitoringBy: string;
	persons: CaseInput['persons'];
	/** The partner that took over (demo account email) and its organisation kind. */
	partner: { email: string; kind: OrganisationKind };
	closing: string;
	withWhomNote: string;
	effect: string;
}

const person = (role: CaseInput['persons'][number]['role'], label: string) => ({ role, label, spokenTo: true });

/** Synthetic families that VT handed over and then closed; no real people. */
const FAMILIES: Family[] = [
	{
		municipalityId: 'GM0392',
		situation: 'Melding van de huisarts: moeder vertelt over bedreigingen door haar ex-partner bij het ophalen van de kinderen.',
		agreements: 'Overdrachten van de kinderen lopen via de grootouders; vader komt niet naar het huis van moeder.',
		monitoringBy: 'VT-medewerker, met het sociaal wijkteam',
		persons: [person('ouder', 'Moeder'), person('ouder', 'Vader'), person('kind', 'Kind 1 (10 jaar)'), person('kind', 'Kind 2 (7 jaar)')],
		partner: { email: 'wijkteam.haarlem@ketentafel.test', kind: 'wijkteam' },
		closing:
			'Onderzoek afgerond. Uitkomst: de dreiging ging uit van de scheidingsstrijd; ouders houden zich aan de omgangsregeling. Veiligheidsafspraken: overdrachten via de grootouders, geen contact aan de deur. Het sociaal wijkteam ziet erop toe en begeleidt de ouders.',
		withWhomNote: 'moeder en de wijkteammedewerker',
		effect:
			'De overdrachten verlopen rustig via de grootouders; er zijn geen nieuwe incidenten geweest. De kinderen slapen beter volgens moeder.'
	},
	{
		municipalityId: 'GM0453',
		situation: 'School meldt dat een kind met blauwe plekken op school kwam en vertelde dat vader boos was geworden.',
		agreements: 'Vader gebruikt geen fysiek geweld en volgt een opvoedcursus; moeder belt bij escalatie de crisisdienst.',
		monitoringBy: 'VT-medewerker, met de intern begeleider van school',
		persons: [person('ouder', 'Moeder'), person('ouder', 'Vader'), person('kind', 'Kind (9 jaar)')],
		partner: { email: 'cjg.medewerker@ketentafel.test', kind: 'cjg' },
		closing:
			'Onderzoek afgerond met een gezinsplan. Vader volgt de opvoedcursus van het CJG; de veiligheidsafspraken staan in het plan. Het CJG en de intern begeleider zien erop toe.',
		withWhomNote: 'beide ouders, het kind en de CJG-medewerker',
		effect:
			'Vader maakt de cursus af, maar het kind vertelt op school opnieuw over harde klappen. De afspraak over geen fysiek geweld wordt niet nagekomen.'
	},
	{
		municipalityId: 'GM0377',
		situation: 'Melding van de wijkverpleging over een oudere die bang is voor haar inwonende zoon na geldruzies.',
		agreements: 'De zoon verhuist naar een eigen woning; bewindvoering is aangevraagd; de oudere heeft een alarmknop.',
		monitoringBy: 'VT-medewerker, met de wijkverpleging',
		persons: [person('oudere', 'Oudere (81 jaar)'), person('overig', 'Inwonende zoon')],
		partner: { email: 'cjg.medewerker@ketentafel.test', kind: 'cjg' },
		closing:
			'Onderzoek afgerond. De zoon woont sinds kort zelfstandig; de bewindvoerder beheert het geld. De wijkverpleging komt dagelijks en ziet toe op de afspraken.',
		withWhomNote: 'de oudere en de wijkverpleegkundige',
		effect: ''
	},
	{
		municipalityId: 'GM0375',
		situation: 'Politie meldt een incident van partnergeweld; twee jonge kinderen waren thuis.',
		agreements: 'De partner van moeder volgt agressieregulatietraining; moeder en kinderen hebben een veiligheidsplan met het netwerk.',
		monitoringBy: 'VT-medewerker, met het CJG',
		persons: [
			person('ouder', 'Moeder'),
			person('partner', 'Partner van moeder'),
			person('kind', 'Kind 1 (4 jaar)'),
			person('kind', 'Kind 2 (2 jaar)')
		],
		partner: { email: 'cjg.medewerker@ketentafel.test', kind: 'cjg' },
		closing:
			'Onderzoek afgerond. De partner is gestart met agressieregulatietraining; het veiligheidsplan is met het netwerk besproken. Het CJG zet de opvoedondersteuning voort en ziet toe op de afspraken.',
		withWhomNote: 'moeder en de CJG-medewerker',
		effect: ''
	},
	{
		municipalityId: 'GM0394',
		situation: 'Consultatiebureau maakt zich zorgen over een baby en een moeder met een postnatale depressie en weinig steun.',
		agreements: 'Moeder is gestart bij de POH-GGZ; oma komt drie dagen per week helpen; het consultatiebureau komt wekelijks.',
		monitoringBy: 'VT-medewerker, met het consultatiebureau',
		persons: [person('ouder', 'Moeder'), person('kind', 'Baby (4 maanden)')],
		partner: { email: 'cjg.medewerker@ketentafel.test', kind: 'cjg' },
		closing:
			'Onderzoek afgerond. Moeder krijgt behandeling en heeft steun van haar moeder. Het CJG en het consultatiebureau zien toe op de afspraken.',
		withWhomNote: 'moeder en de jeugdverpleegkundige',
		effect: ''
	}
];

async function actorByEmail(sql: Sql, email: string, kind: OrganisationKind): Promise<Actor> {
	const [row] = await sql<{ userId: string; name: string; organisationId: string; organisationName: string; roles: Role[] }[]>`
		select u.id as user_id, u.name, o.id as organisation_id, o.name as organisation_name, array_agg(m.role::text) as roles
		from users u join memberships m on m.user_id = u.id join organisations o on o.id = m.organisation_id
		where u.email = ${email} and o.kind = ${kind} group by u.id, u.name, o.id, o.name limit 1`;
	if (!row) throw new Error(`seedMonitoring: run seed() first (${email} is missing)`);
	return {
		userId: row.userId,
		tokenId: null,
		name: row.name,
		organisationId: row.organisationId,
		organisationName: row.organisationName,
		organisationKind: kind,
		roles: row.roles,
		ip: null,
		userAgent: 'seed'
	};
}

/** An instant on an Amsterdam day at hh:mm, never after `now`. */
function on(day: string, hhmm: string, now: Date): Date {
	return new Date(Math.min(amsterdamInstant(day, hhmm).getTime(), now.getTime() - 60_000));
}

/**
 * Demo closures with monitoring: five families VT handed over (warm handover completed) and then
 * closed, written through the services with a manual clock: one monitored with everyone safe, one
 * where a child is not safe (the coordinator is told), one overdue and escalated to the
 * coordinator, one due today (or the next working day), one planned in a few weeks. Runs once:
 * nothing happens when monitoring moments exist. Returns how many cases it closed.
 */
export async function seedMonitoring(sql: Sql, now: Date = new Date()): Promise<number> {
	const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from monitoring_moments`;
	if (count > 0) return 0;
	const clock = new ManualClock(now);
	const deps = { sql, clock, enqueueTimers: false };
	const sanne = await actorByEmail(sql, 'vt.medewerker@ketentafel.test', 'vt');
	const youssef = await actorByEmail(sql, 'vt.medewerker2@ketentafel.test', 'vt');
	const today = amsterdamDay(now);
	// the afsluitbrief's template, as VT's beheerder keeps it (version 1: the default)
	clock.set(new Date(now.getTime() - 90 * 86_400_000));
	await updateLetterTemplate(deps, await actorByEmail(sql, 'vt.beheerder@ketentafel.test', 'vt'), {
		body: DEFAULT_TEMPLATE,
		contact: DEFAULT_CONTACT
	});
	const policy = await readWorkdayPolicy(sql);
	const workday = (day: string) => workingDayFrom(day, policy);
	// [family, VT medewerker, report days ago, closed days ago, planned day, record the outcome (unsafe labels) or not]
	const plan: [Family, Actor, number, number, string, string[] | null][] = [
		[FAMILIES[0], sanne, 60, 40, workday(addDays(today, -16)), []],
		[FAMILIES[1], youssef, 45, 30, workday(addDays(today, -7)), ['Kind (9 jaar)']],
		[FAMILIES[2], youssef, 50, 35, workday(addDays(today, -10)), null],
		[FAMILIES[3], sanne, 35, 21, workday(today), null],
		[FAMILIES[4], sanne, 20, 3, addWorkingDays(today, 12, policy), null]
	];
	let closed = 0;
	for (const [index, [family, vt, reportAgo, closedAgo, plannedOn, unsafe]] of plan.entries()) {
		// the last two leave informing the melder to the afsluitbrief: one sent by post two days later, one still a draft
		const byLetter = index >= 3;
		const reportDate = addDays(today, -reportAgo);
		// registered when everyone had been spoken to, two days after the melding
		clock.set(on(addDays(reportDate, 2), '16:40', now));
		const caseId = await createCase(deps, vt, {
			municipalityId: family.municipalityId,
			reportDate,
			urgent: false,
			childrenInvolved: family.persons.some((p) => p.role === 'kind'),
			elderlyInvolved: family.persons.some((p) => p.role === 'oudere'),
			helpPresent: false,
			summary: family.situation,
			safetyAgreements: family.agreements,
			monitoringBy: family.monitoringBy,
			persons: family.persons.map((p) => ({ ...p, spokenOn: addDays(reportDate, 2) }))
		});
		const partner = await actorByEmail(sql, family.partner.email, family.partner.kind);
		clock.set(on(addDays(reportDate, 4), '10:00', now));
		const handoverId = await offerHandover(deps, vt, caseId, {
			toOrgId: partner.organisationId,
			message: 'De veiligheidsbeoordeling is rond. Wij dragen het gezin graag warm aan u over; de afspraken staan in de zaak.'
		});
		clock.advance(2 * 3_600_000);
		await answerHandover(deps, partner, handoverId, { answer: 'accept' });
		const warmDay = addDays(reportDate, 7);
		// the story fixes the day (a week after the melding), a weekend now and then included
		await planWarmHandover(deps, vt, handoverId, {
			plannedAt: `${warmDay}T10:30`,
			form: 'huisbezoek',
			vtAttendees: vt.name,
			partnerAttendees: partner.name,
			confirmUnusual: true
		});
		clock.set(on(warmDay, '13:00', now));
		await confirmWarmHandover(deps, vt, handoverId);
		await confirmWarmHandover(deps, partner, handoverId);

		const closedOn = addDays(today, -closedAgo);
		clock.set(on(closedOn, '11:15', now));
		const input: CloseInput = {
			closingSummary: family.closing,
			...(byLetter
				? { melder: 'letter' as const }
				: { melder: 'informed' as const, melderInformedOn: closedOn, melderInformedHow: 'telefonisch' as const }),
			monitorId: vt.userId!,
			plannedOn,
			withProfessional: true,
			withFamily: true,
			withWhomNote: family.withWhomNote
		};
		const momentId = await closeCase(deps, vt, caseId, input);
		closed++;
		if (byLetter && index === 3) {
			clock.set(on(addDays(closedOn, 2), '09:30', now));
			await recordMelderInformed(deps, vt, caseId, { informedOn: amsterdamDay(clock.now()), how: 'brief' });
		}
		if (!unsafe) continue;
		clock.set(on(plannedOn, '15:30', now));
		const persons = (await readCase(sql, caseId))!.persons;
		await recordMonitoring(deps, vt, momentId, {
			heldOn: plannedOn,
			effect: family.effect,
			persons: persons.map((p) => ({ personId: p.id, safe: !unsafe.includes(p.label) }))
		});
	}
	// what the workers would have sent by now: reminders on the planned days, the escalation of the overdue one
	clock.set(now);
	await fireDueFollowups({ sql, clock }, [monitoringFollowup]);
	return closed;
}
