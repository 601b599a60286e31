import type { Sql } from '../db/client.ts';
import { ManualClock } from '../clock.ts';
import type { Actor } from '../actor.ts';
import type { OrganisationKind, Role } from '../auth/roles.ts';
import { hashPassword } from '../auth/password.ts';
import { createCase } from '../cases/service.ts';
import { answerHandover, confirmWarmHandover, offerHandover, planWarmHandover } from '../handovers/service.ts';
import type { CaseInput } from '../cases/schema.ts';
import { amsterdamDateTime, amsterdamInstant } from '../time.ts';
import { addWorkingDays, amsterdamDay } from '../workdays.ts';
import { fireDueFollowups } from '../followups/runner.ts';
import { reportWaitingTimes } from '../waiting/service.ts';
import { markCareStarted } from '../waiting/entries.ts';
import { waitNormFollowup } from '../waiting/followups.ts';
import { shiftDay, takeWaitingSnapshot } from '../waiting/snapshot.ts';
import { DEMO_PASSWORD } from './region.ts';

const SPAARNESTROOM = 'Consortium Spaarnestroom Jeugd & Gezin';
const IJMOND_KUST = 'Consortium IJmond Kust Jeugdhulp';

/** A demo beheerder for the consortium, so its API token for the waiting times can be made. */
const CONSORTIUM_BEHEERDER = { email: 'consortium.beheerder@ketentafel.test', name: 'Jasper Mulder', organisation: SPAARNESTROOM };

/** Weeks a family waits now, per zorgvorm, in Haarlemmermeer; Zuid-Kennemerland and IJmond are worse (DESIGN rule 8). */
const BASE_WEEKS: Record<string, number> = { ihub: 5, gezinsbehandeling: 7, trauma: 10, 'jeugd-ggz': 13, verblijf: 16 };
const SUBREGION_FACTOR: Record<string, number> = { 'zuid-kennemerland': 1.6, ijmond: 1.45, haarlemmermeer: 0.85 };
const CONSORTIUM_FACTOR: Record<string, number> = { [SPAARNESTROOM]: 1, [IJMOND_KUST]: 0.9 };

/** The message of the seeded offers (also how a second run knows they exist). */
const OFFER_MESSAGE =
	'De veiligheidsbeoordeling is afgerond. Het gezin heeft specialistische hulp nodig; graag een warme overdracht en zicht op de wachttijd.';

/** Reports were made 8, 6, 4 and 2 weeks ago and yesterday; the lists grew a little since. */
const REPORT_DAYS_AGO = [56, 42, 28, 14, 1];

interface Family {
	municipalityId: string;
	careType: string;
	consortium: string;
	waitingDaysAgo: number;
	/** Care started this many days ago (must be fewer than waitingDaysAgo). */
	startedDaysAgo?: number;
	/** The warm handover was completed: the consortium is responsible. */
	handedOver?: boolean;
	situation: string;
	agreements: string;
	persons: { role: CaseInput['persons'][number]['role']; label: string }[];
}

const FAMILIES: Family[] = [
	{
		municipalityId: 'GM0392',
		careType: 'trauma',
		consortium: SPAARNESTROOM,
		waitingDaysAgo: 74,
		handedOver: true,
		situation:
			'Kinderen waren jarenlang getuige van partnergeweld; de oudste heeft herbelevingen en slaapt slecht. Moeder woont met de kinderen in een nieuwe woning.',
		agreements:
			'Vader heeft geen contact zonder begeleiding; moeder belt bij dreiging 112. School let op signalen en meldt die aan de VT-medewerker.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'kind', label: 'Kind 1 (11 jaar)' },
			{ role: 'kind', label: 'Kind 2 (7 jaar)' }
		]
	},
	{
		municipalityId: 'GM0453',
		careType: 'ihub',
		consortium: IJMOND_KUST,
		waitingDaysAgo: 41,
		situation:
			'Alleenstaande vader met drie jonge kinderen is overbelast; de zorg voor de kinderen schiet tekort en er zijn zorgen over toezicht.',
		agreements:
			'Oma haalt de kinderen drie middagen per week op; vader gaat in op het aanbod van de buurtcoach en belt bij escalatie de VT-medewerker.',
		persons: [
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind 1 (6 jaar)' },
			{ role: 'kind', label: 'Kind 2 (4 jaar)' },
			{ role: 'kind', label: 'Kind 3 (2 jaar)' }
		]
	},
	{
		municipalityId: 'GM0375',
		careType: 'jeugd-ggz',
		consortium: IJMOND_KUST,
		waitingDaysAgo: 63,
		situation: 'Jongere met ernstige angstklachten en zelfbeschadiging; de ouders staan machteloos en er is veel spanning in huis.',
		agreements:
			'Scherpe voorwerpen zijn opgeborgen; er is een signaleringsplan met de huisarts. De ouders bellen bij acuut gevaar de crisisdienst.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Jongere (15 jaar)' }
		]
	},
	{
		municipalityId: 'GM0397',
		careType: 'gezinsbehandeling',
		consortium: SPAARNESTROOM,
		waitingDaysAgo: 23,
		situation:
			'Na een vechtscheiding escaleren de overdrachtsmomenten; de kinderen worden in het conflict betrokken en laten gedragsproblemen zien.',
		agreements: 'Overdrachten gaan via de kinderopvang; de ouders communiceren alleen via het ouderschapsapp-schrift.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind (9 jaar)' }
		]
	},
	{
		municipalityId: 'GM0473',
		careType: 'ihub',
		consortium: SPAARNESTROOM,
		waitingDaysAgo: 33,
		situation: 'Moeder met een licht verstandelijke beperking en een baby; het netwerk is klein en de verzorging is wisselend.',
		agreements: 'Het consultatiebureau komt wekelijks; de zus van moeder is dagelijks aanwezig bij het avondritueel.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'kind', label: 'Baby (4 maanden)' }
		]
	},
	{
		municipalityId: 'GM0396',
		careType: 'verblijf',
		consortium: IJMOND_KUST,
		waitingDaysAgo: 52,
		situation:
			'Jongere loopt herhaaldelijk weg en is in beeld bij de politie; de thuissituatie is onveilig door oplopende conflicten met de stiefvader.',
		agreements: 'De jongere verblijft tijdelijk bij een tante; stiefvader en jongere zien elkaar alleen onder begeleiding.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'verzorger', label: 'Stiefvader' },
			{ role: 'kind', label: 'Jongere (14 jaar)' }
		]
	},
	{
		municipalityId: 'GM0394',
		careType: 'gezinsbehandeling',
		consortium: SPAARNESTROOM,
		waitingDaysAgo: 12,
		situation: 'Ouders met verslavingsproblematiek in herstel; de kinderen hebben een achterstand en de opvoeding is onvoorspelbaar.',
		agreements: 'Vader blijft in behandeling bij de verslavingszorg; bij terugval gaan de kinderen naar de grootouders.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind 1 (10 jaar)' },
			{ role: 'kind', label: 'Kind 2 (8 jaar)' }
		]
	},
	{
		municipalityId: 'GM0377',
		careType: 'jeugd-ggz',
		consortium: SPAARNESTROOM,
		waitingDaysAgo: 6,
		situation: 'Kind met ernstige woedeaanvallen waarbij het zusje gewond raakte; ouders zijn uitgeput en vragen om specialistische hulp.',
		agreements: 'De kinderen slapen apart; bij een aanval brengt een ouder het zusje naar de buren. De ouders houden een dagboek bij.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind 1 (10 jaar)' },
			{ role: 'kind', label: 'Kind 2 (5 jaar)' }
		]
	},
	{
		municipalityId: 'GM0450',
		careType: 'trauma',
		consortium: IJMOND_KUST,
		waitingDaysAgo: 48,
		startedDaysAgo: 9,
		handedOver: true,
		situation:
			'Jongere is slachtoffer geworden van seksueel misbruik door een buurtgenoot; aangifte is gedaan en de jongere trekt zich terug.',
		agreements: 'De buurtgenoot heeft een contactverbod; de jongere heeft een vertrouwenspersoon op school.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'kind', label: 'Jongere (13 jaar)' }
		]
	},
	{
		municipalityId: 'GM0392',
		careType: 'ihub',
		consortium: SPAARNESTROOM,
		waitingDaysAgo: 38,
		startedDaysAgo: 4,
		situation: 'Gezin met vijf kinderen in een te kleine woning; veel ruzie en fysieke straffen. Ouders willen het anders doen.',
		agreements: 'Ouders straffen niet fysiek; bij oplopende spanning gaat een ouder even naar buiten. De wijkcoach komt wekelijks.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind 1 (12 jaar)' },
			{ role: 'kind', label: 'Kind 2 (9 jaar)' }
		]
	},
	{
		municipalityId: 'GM0394',
		careType: 'gezinsbehandeling',
		consortium: IJMOND_KUST,
		waitingDaysAgo: 30,
		startedDaysAgo: 16,
		situation: 'Moeder met een depressie en een puber die niet meer naar school gaat; de thuissituatie is verwaarloosd.',
		agreements: 'De leerplichtambtenaar en de huisarts zijn betrokken; moeder gaat wekelijks naar de POH-GGZ.',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'kind', label: 'Jongere (15 jaar)' }
		]
	}
];

/** More families in the subregions with the longest lists, so the observed figures have something to count. */
const MORE: Pick<Family, 'municipalityId' | 'careType' | 'consortium' | 'waitingDaysAgo'>[] = [
	{ municipalityId: 'GM0392', careType: 'ihub', consortium: SPAARNESTROOM, waitingDaysAgo: 19 },
	{ municipalityId: 'GM0392', careType: 'gezinsbehandeling', consortium: SPAARNESTROOM, waitingDaysAgo: 47 },
	{ municipalityId: 'GM0377', careType: 'trauma', consortium: SPAARNESTROOM, waitingDaysAgo: 36 },
	{ municipalityId: 'GM0397', careType: 'jeugd-ggz', consortium: SPAARNESTROOM, waitingDaysAgo: 58 },
	{ municipalityId: 'GM0473', careType: 'ihub', consortium: SPAARNESTROOM, waitingDaysAgo: 9 },
	{ municipalityId: 'GM0453', careType: 'ihub', consortium: IJMOND_KUST, waitingDaysAgo: 26 },
	{ municipalityId: 'GM0375', careType: 'gezinsbehandeling', consortium: IJMOND_KUST, waitingDaysAgo: 44 },
	{ municipalityId: 'GM0396', careType: 'jeugd-ggz', consortium: IJMOND_KUST, waitingDaysAgo: 29 },
	{ municipalityId: 'GM0453', careType: 'trauma', consortium: IJMOND_KUST, waitingDaysAgo: 15 },
	{ municipalityId: 'GM0394', careType: 'ihub', consortium: IJMOND_KUST, waitingDaysAgo: 11 }
];

async function actorOf(sql: Sql, email: string, kind: OrganisationKind, roles: Role[]): Promise<Actor> {
	const [row] = await sql<{ userId: string; name: string; organisationId: string; organisationName: string }[]>`
		select u.id as user_id, u.name, o.id as organisation_id, o.name as organisation_name
		from users u join memberships m on m.user_id = u.id join organisations o on o.id = m.organisation_id
		where u.email = ${email} and o.kind = ${kind} limit 1`;
	if (!row) throw new Error(`seedWaiting: run seed() first (${email} is missing)`);
	return {
		userId: row.userId,
		tokenId: null,
		name: row.name,
		organisationId: row.organisationId,
		organisationName: row.organisationName,
		organisationKind: kind,
		roles,
		ip: null,
		userAgent: 'seed'
	};
}

/** 10:00 Amsterdam time, `daysAgo` days before `now`. */
function morning(now: Date, daysAgo: number, hour = 10): Date {
	return amsterdamInstant(shiftDay(amsterdamDay(now), -daysAgo), hour * 60);
}

function weeksFor(consortium: string, careType: string, subregion: string, daysAgo: number): number {
	const growth = 1 + ((56 - daysAgo) / 56) * (subregion === 'haarlemmermeer' ? 0.05 : 0.2);
	return Math.max(1, Math.round(BASE_WEEKS[careType] * SUBREGION_FACTOR[subregion] * CONSORTIUM_FACTOR[consortium] * growth));
}

/**
 * Demo waiting times: both consortia's reports for every zorgvorm × subregio over the last eight
 * weeks (Zuid-Kennemerland and IJmond clearly worse), families waiting for a consortium (some
 * longer than the norm, a few whose care started), written through the services, then the daily
 * snapshots of the last eight weeks and the over-norm flags. Reports and families are written only
 * when there are none yet; snapshots and flags are idempotent. Call after seed() and seedCases().
 */
export async function seedWaiting(sql: Sql, now: Date = new Date()): Promise<{ reports: number; families: number; snapshotDays: number }> {
	const clock = new ManualClock(now);
	const deps = { sql, clock, enqueueTimers: false };
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	await sql`
		with u as (
		  insert into users (email, name, password_hash) values (${CONSORTIUM_BEHEERDER.email}, ${CONSORTIUM_BEHEERDER.name}, ${passwordHash})
		  on conflict (email) do update set name = excluded.name returning id)
		insert into memberships (user_id, organisation_id, role)
		select u.id, o.id, 'beheerder' from u, organisations o where o.name = ${CONSORTIUM_BEHEERDER.organisation}
		on conflict do nothing`;

	const consortia: Record<string, Actor> = {
		[SPAARNESTROOM]: await actorOf(sql, 'consortium.medewerker@ketentafel.test', 'consortium', ['medewerker']),
		[IJMOND_KUST]: await actorOf(sql, 'consortium.coordinator@ketentafel.test', 'consortium', ['coordinator'])
	};
	const vt = [
		await actorOf(sql, 'vt.medewerker@ketentafel.test', 'vt', ['medewerker']),
		await actorOf(sql, 'vt.medewerker2@ketentafel.test', 'vt', ['medewerker'])
	];
	const types = (await sql<{ id: string }[]>`select id from care_types order by position`).map((r) => r.id);
	const regions = ['zuid-kennemerland', 'ijmond', 'haarlemmermeer'];

	let reports = 0;
	// (other demo data may hold older reports: only recent ones count as "already seeded")
	const [{ count: reported }] = await sql<{ count: number }[]>`
		select count(*)::int as count from waiting_time_reports
		where consortium_id = any(${Object.values(consortia).map((a) => a.organisationId)}::uuid[]) and reported_at > ${morning(now, 60)}`;
	if (!reported) {
		for (const daysAgo of REPORT_DAYS_AGO) {
			for (const [name, actor] of Object.entries(consortia)) {
				clock.set(morning(now, daysAgo, name === SPAARNESTROOM ? 9 : 11));
				const list = types.flatMap((careType) =>
					regions.map((subregion) => ({ careType, subregion, waitingDays: 7 * weeksFor(name, careType, subregion, daysAgo) }))
				);
				await reportWaitingTimes(deps, actor, list);
				reports += list.length;
			}
		}
	}

	let families = 0;
	const [{ count: waiting }] = await sql<
		{ count: number }[]
	>`select count(*)::int as count from handovers where message = ${OFFER_MESSAGE}`;
	if (!waiting) {
		const consortiumIds = Object.fromEntries(Object.entries(consortia).map(([name, a]) => [name, a.organisationId]));
		const all: Family[] = [
			...FAMILIES,
			...MORE.map((m, i) => ({ ...FAMILIES[(i * 3) % FAMILIES.length], startedDaysAgo: undefined, handedOver: false, ...m }))
		];
		for (const [i, f] of all.entries()) {
			const actor = vt[i % 2];
			const reportDate = shiftDay(amsterdamDay(now), -(f.waitingDaysAgo + 12));
			clock.set(morning(now, f.waitingDaysAgo + 8, 9)); // the assessment took a few days
			const caseId = await createCase(deps, actor, {
				municipalityId: f.municipalityId,
				reportDate,
				urgent: false,
				childrenInvolved: f.persons.some((p) => p.role === 'kind'),
				elderlyInvolved: false,
				helpPresent: i % 3 === 0,
				summary: f.situation,
				safetyAgreements: f.agreements,
				monitoringBy: 'VT-medewerker, met veiligheidschecks tot de zorg start',
				persons: f.persons.map((p) => ({ ...p, spokenTo: true, spokenOn: shiftDay(reportDate, 1 + (i % 3)) }))
			});
			clock.set(morning(now, f.waitingDaysAgo, 9));
			const handoverId = await offerHandover(deps, actor, caseId, {
				toOrgId: consortiumIds[f.consortium],
				careTypeId: f.careType,
				message: OFFER_MESSAGE,
				// the long waits of the story: VT offers anyway, and the offer notes it
				confirmOverNorm: true
			});
			clock.set(morning(now, f.waitingDaysAgo, 14));
			await answerHandover(deps, consortia[f.consortium], handoverId, { answer: 'accept' });
			if (f.handedOver) {
				const local = `${addWorkingDays(amsterdamDay(clock.now()), 2)}T10:00`;
				await planWarmHandover(deps, actor, handoverId, {
					plannedAt: local,
					form: 'huisbezoek',
					vtAttendees: actor.name,
					partnerAttendees: consortia[f.consortium].name
				});
				clock.set(new Date(amsterdamDateTime(local).getTime() + 2 * 3_600_000));
				await confirmWarmHandover(deps, actor, handoverId);
				await confirmWarmHandover(deps, consortia[f.consortium], handoverId);
			}
			if (f.startedDaysAgo !== undefined) {
				const [entry] = await sql<{ id: string }[]>`select id from wait_entries where handover_id = ${handoverId}`;
				clock.set(morning(now, f.startedDaysAgo, 15));
				await markCareStarted(deps, consortia[f.consortium], { waitEntryId: entry.id, careStartedOn: amsterdamDay(clock.now()) });
			}
			families++;
		}
	}

	clock.set(now);
	const days = Array.from({ length: 56 }, (_, i) => shiftDay(amsterdamDay(now), i - 56));
	await sql.begin(async (tx) => {
		for (const day of days) await takeWaitingSnapshot(tx, day, now);
	});
	await fireDueFollowups({ sql, clock }, [waitNormFollowup]);
	return { reports, families, snapshotDays: days.length };
}
