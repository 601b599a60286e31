import type { Sql } from '../db/client.ts';
import { ManualClock } from '../clock.ts';
import { addWorkingDays, amsterdamDay } from '../workdays.ts';
import type { Actor } from '../actor.ts';
import type { OrganisationKind, Role } from '../auth/roles.ts';
import { createCase } from '../cases/service.ts';
import { answerHandover, confirmWarmHandover, offerHandover, planWarmHandover } from '../handovers/service.ts';
import type { CaseInput } from '../cases/schema.ts';
import { MUNICIPALITIES } from '../../region.ts';
import { amsterdamDateTime, amsterdamInstant } from '../time.ts';

interface Scenario {
	situation: string;
	agreements: string;
	monitoring: string;
	persons: { role: CaseInput['persons'][number]['role']; label: string }[];
}

/** Coherent synthetic situations: who is involved, what was agreed, who monitors. No real people. */
const SCENARIOS: Scenario[] = [
	{
		situation:
			'Melding van school: zorgen over de veiligheid van twee kinderen na herhaalde ruzies tussen de ouders, waarbij de politie twee keer ter plaatse was.',
		agreements:
			'Ouders spreken af dat er geen geweld wordt gebruikt waar de kinderen bij zijn; bij oplopende spanning gaat vader naar zijn broer. Moeder belt bij dreiging 112.',
		monitoring: 'VT-medewerker, samen met de intern begeleider van school',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind 1 (9 jaar)' },
			{ role: 'kind', label: 'Kind 2 (6 jaar)' }
		]
	},
	{
		situation:
			'Huisarts meldt signalen van financiële uitbuiting en verwaarlozing van een alleenwonende oudere door een familielid dat bij haar inwoont.',
		agreements:
			'Het familielid beheert geen geld meer; bewindvoering is aangevraagd. De oudere heeft een alarmknop en de wijkverpleging komt dagelijks.',
		monitoring: 'VT-medewerker en de huisarts',
		persons: [
			{ role: 'oudere', label: 'Oudere (84 jaar)' },
			{ role: 'overig', label: 'Inwonende kleinzoon' }
		]
	},
	{
		situation:
			'Ex-partners hebben een hoog oplopende scheidingsstrijd; de kinderen worden betrokken in het conflict en tonen angstklachten.',
		agreements:
			'Overdrachten van de kinderen vinden plaats bij de grootouders; ouders spreken elkaar niet aan waar de kinderen bij zijn en volgen een ouderschapstraject.',
		monitoring: 'VT-medewerker, met de mentor van school',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind (14 jaar)' }
		]
	},
	{
		situation:
			'Consultatiebureau maakt zich zorgen over de ontwikkeling van een baby en de draagkracht van een moeder met psychische klachten.',
		agreements:
			'Moeder heeft dagelijks contact met haar zus als steunfiguur; het consultatiebureau komt wekelijks langs en moeder start bij de POH-GGZ.',
		monitoring: 'VT-medewerker en het consultatiebureau',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'kind', label: 'Baby (5 maanden)' }
		]
	},
	{
		situation:
			'Wijkverpleging meldt zorgen over een oudere met beginnende dementie die zich niet veilig voelt bij de overbelaste mantelzorger.',
		agreements: 'Er komt dagbesteding op drie dagen; de mantelzorger krijgt respijtzorg en belt bij escalatie de wijkverpleging.',
		monitoring: 'VT-medewerker, met de wijkverpleging',
		persons: [
			{ role: 'oudere', label: 'Oudere (79 jaar)' },
			{ role: 'partner', label: 'Echtgenoot en mantelzorger' }
		]
	},
	{
		situation: 'Melding na een incident van partnergeweld; er is een tijdelijk huisverbod opgelegd en er wonen drie kinderen in het gezin.',
		agreements:
			'Het huisverbod wordt nageleefd; vader volgt een agressieregulatietraining. Moeder en kinderen hebben een veiligheidsplan met het netwerk.',
		monitoring: 'VT-medewerker, samen met de politie (wijkagent)',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind 1 (12 jaar)' },
			{ role: 'kind', label: 'Kind 2 (8 jaar)' },
			{ role: 'kind', label: 'Kind 3 (3 jaar)' }
		]
	}
];

export interface SeedActor {
	email: string;
	kind: OrganisationKind;
	roles: Role[];
}

/** The demo account as an actor of its first organisation (seed only). */
export async function actorFor(sql: Sql, who: SeedActor): Promise<Actor> {
	const [row] = await sql<{ userId: string; name: string; organisationId: string; organisationName: string }[]>`
		select u.id as user_id, u.name, o.id as organisation_id, o.name as organisation_name
		from users u join memberships m on m.user_id = u.id join organisations o on o.id = m.organisation_id
		where u.email = ${who.email} limit 1`;
	return {
		userId: row.userId,
		tokenId: null,
		name: row.name,
		organisationId: row.organisationId,
		organisationName: row.organisationName,
		organisationKind: who.kind,
		roles: who.roles,
		ip: null,
		userAgent: 'seed'
	};
}

/**
 * Synthetic cases for the demo: about forty across the nine gemeenten, in every state of the chain
 * (in assessment, some late; offered; accepted with a warm handover planned; handed over; declined
 * and offered again). Written through the services so timelines and audit rows are real. Runs
 * only when there are no cases yet.
 */
export async function seedCases(sql: Sql, now: Date = new Date()): Promise<number> {
	const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from cases`;
	if (count > 0) return 0;
	const clock = new ManualClock(now);
	const deps = { sql, clock, enqueueTimers: false };
	const vt = [
		await actorFor(sql, { email: 'vt.medewerker@ketentafel.test', kind: 'vt', roles: ['medewerker'] }),
		await actorFor(sql, { email: 'vt.medewerker2@ketentafel.test', kind: 'vt', roles: ['medewerker'] })
	];
	const cjg = await actorFor(sql, { email: 'cjg.medewerker@ketentafel.test', kind: 'cjg', roles: ['medewerker'] });
	const consortium = await actorFor(sql, { email: 'consortium.medewerker@ketentafel.test', kind: 'consortium', roles: ['medewerker'] });
	const partners = await sql<{ id: string; name: string; kind: string }[]>`
		select id, name, kind::text as kind from organisations where kind in ('cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp')`;
	const byName = (name: string) => partners.find((p) => p.name === name)!;
	let created = 0;

	for (let i = 0; i < 40; i++) {
		const municipality = MUNICIPALITIES[i % MUNICIPALITIES.length];
		const daysAgo = 1 + ((i * 7) % 24);
		const reportDate = amsterdamDay(new Date(now.getTime() - daysAgo * 86_400_000));
		const stage = i % 8; // 0,1: assessing; 2: complete; 3,4: offered; 5: accepted; 6: completed; 7: declined then offered again
		const scenario = SCENARIOS[i % SCENARIOS.length];
		const persons = scenario.persons.map((p, j) => {
			const spoken = stage >= 2 || j === 0;
			return { ...p, spokenTo: spoken, spokenOn: spoken ? reportDate : undefined };
		});
		const input: CaseInput = {
			municipalityId: municipality.id,
			reportDate,
			urgent: i % 5 === 0,
			childrenInvolved: persons.some((p) => p.role === 'kind'),
			elderlyInvolved: persons.some((p) => p.role === 'oudere'),
			helpPresent: i % 3 === 0,
			summary: scenario.situation,
			safetyAgreements: stage >= 1 ? scenario.agreements : '',
			monitoringBy: stage >= 1 ? scenario.monitoring : '',
			persons
		};
		const actor = vt[i % 2];
		clock.set(new Date(amsterdamInstant(reportDate, (9 + (i % 6)) * 60).getTime() + 60_000 * i));
		const caseId = await createCase(deps, actor, input);
		created++;
		if (stage < 3) continue;

		const inSubregion = partners.find((p) => p.kind === 'wijkteam' && p.name.endsWith(municipality.name));
		const target = stage === 4 && inSubregion ? inSubregion : byName('CJG Kennemerland');
		const offerDay = addWorkingDays(reportDate, Math.min(3, daysAgo > 4 ? 3 : 1));
		const offerAt = new Date(Math.min(amsterdamInstant(offerDay, '10:00').getTime(), now.getTime() - 3_600_000));
		clock.set(offerAt);
		if (stage === 7) {
			const first = await offerHandover(deps, actor, caseId, {
				toOrgId: byName('Consortium Spaarnestroom Jeugd & Gezin').id,
				careTypeId: 'gezinsbehandeling',
				message: 'Graag specialistische hulp voor dit gezin; de veiligheidsbeoordeling is afgerond.'
			});
			clock.advance(2 * 3_600_000);
			await answerHandover(deps, consortium, first, {
				answer: 'decline',
				reason: 'geen_capaciteit',
				note: 'Wachtlijst van 14 weken in Zuid-Kennemerland.'
			});
			clock.advance(3_600_000);
		}
		const handoverId = await offerHandover(deps, actor, caseId, {
			toOrgId: target.id,
			message:
				'Wij bieden dit gezin aan voor vervolgondersteuning. De veiligheidsafspraken staan in de zaak; graag een warme overdracht met een gezamenlijk gesprek.'
		});
		if (stage === 3 || stage === 4 || stage === 7) continue;
		if (target.id !== cjg.organisationId) continue;
		clock.advance(90 * 60_000);
		await answerHandover(deps, cjg, handoverId, { answer: 'accept' });
		const plannedDay = stage === 6 ? addWorkingDays(amsterdamDay(clock.now()), 1) : addWorkingDays(amsterdamDay(now), 1 + (i % 4));
		const local = `${plannedDay}T${i % 2 ? '14:00' : '10:30'}`;
		const plannedAt = amsterdamDateTime(local);
		await planWarmHandover(deps, actor, handoverId, {
			plannedAt: local,
			form: i % 2 ? 'huisbezoek' : 'gesprek',
			vtAttendees: actor.name,
			partnerAttendees: cjg.name
		});
		if (stage === 6 && plannedAt.getTime() < now.getTime()) {
			clock.set(new Date(plannedAt.getTime() + 2 * 3_600_000));
			await confirmWarmHandover(deps, actor, handoverId);
			await confirmWarmHandover(deps, cjg, handoverId);
		}
	}
	return created;
}
