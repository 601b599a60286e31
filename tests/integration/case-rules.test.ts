import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError, InputError } from '../../src/lib/server/errors.ts';
import { assessmentGaps, createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { caseInputSchema } from '../../src/lib/server/cases/schema.ts';
import { parseCaseForm } from '../../src/lib/server/cases/form.ts';
import { readCase, workQueue } from '../../src/lib/server/cases/queries.ts';
import { caseAccess } from '../../src/lib/server/cases/access.ts';
import { answerHandover, confirmWarmHandover, offerHandover, planWarmHandover } from '../../src/lib/server/handovers/service.ts';
import { DEFAULT_SLA_POLICIES, readSlaPolicies, WORKDAY_MINUTES } from '../../src/lib/server/sla/policy.ts';
import { readHandover } from '../../src/lib/server/handovers/queries.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // Monday 23 November 2026
const deps = () => ({ sql: db(), clock });
/** Dependencies with their own clock at an Amsterdam wall-clock moment. */
const at = (iso: string) => ({ sql: db(), clock: new ManualClock(iso) });

let vt: Org, cjg: Org, wijkteam: Org, gemeente: Org;
let vtWorker: Person, cjgWorker: Person;

const MESSAGE = { toOrgId: '', message: 'Graag overnemen; de veiligheidsafspraken staan in het dossier.' };
const offerTo = (org: Org) => ({ ...MESSAGE, toOrgId: org.id });

async function handoverCount(caseId: string): Promise<number> {
	const [row] = await db()<{ n: number }[]>`select count(*)::int as n from handovers where case_id = ${caseId}`;
	return row.n;
}

async function eventTypes(caseId: string): Promise<string[]> {
	const rows = await db()<{ type: string }[]>`select type from events where streams @> ${[`case:${caseId}`]}::text[] order by id`;
	return rows.map((r) => r.type);
}

beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, wijkteam, gemeente] = await Promise.all([
		organisation('vt'),
		organisation('cjg'),
		organisation('wijkteam'),
		organisation('gemeente')
	]);
	[vtWorker, cjgWorker] = await Promise.all([person(vt, 'medewerker', clock), person(cjg, 'medewerker', clock)]);
});

afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('the safety assessment must be complete before a handover is offered', () => {
	it('lists exactly what is missing: each person not spoken to by label, agreements, monitoring', async () => {
		const caseId = await createCase(
			deps(),
			vtWorker.actor,
			completeCase({
				safetyAgreements: '',
				monitoringBy: '   ',
				persons: [
					{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2026-11-19' },
					{ role: 'ouder', label: 'Stiefvader', spokenTo: false },
					{ role: 'kind', label: 'Kind 2 (4 jaar)', spokenTo: false }
				]
			})
		);
		const missing =
			'Stiefvader is nog niet gesproken. Kind 2 (4 jaar) is nog niet gesproken. Leg de veiligheidsafspraken vast. Leg vast wie monitort.';
		const error = await expectError(
			offerHandover(deps(), vtWorker.actor, caseId, offerTo(cjg)),
			InputError,
			`De veiligheidsbeoordeling is nog niet compleet: ${missing}`
		);
		expect(error.fields).toEqual({ form: missing });
		expect(await handoverCount(caseId)).toBe(0);
		expect(await eventTypes(caseId)).toEqual(['case.created']);

		// fill the gaps one by one: the list shrinks to exactly what is left
		const c = (await readCase(db(), caseId))!;
		await updateCase(
			deps(),
			vtWorker.actor,
			caseId,
			completeCase({
				version: c.version,
				safetyAgreements: 'Vader komt niet in huis zolang het onderzoek loopt.',
				monitoringBy: '',
				persons: [
					{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2026-11-19' },
					{ role: 'ouder', label: 'Stiefvader', spokenTo: true, spokenOn: '2026-11-20' },
					{ role: 'kind', label: 'Kind 2 (4 jaar)', spokenTo: false }
				]
			})
		);
		await expectError(
			offerHandover(deps(), vtWorker.actor, caseId, offerTo(cjg)),
			InputError,
			'De veiligheidsbeoordeling is nog niet compleet: Kind 2 (4 jaar) is nog niet gesproken. Leg vast wie monitort.'
		);
		await updateCase(deps(), vtWorker.actor, caseId, completeCase({ version: c.version + 1 }));
		expect(assessmentGaps((await readCase(db(), caseId))!)).toEqual([]);
		expect(await offerHandover(deps(), vtWorker.actor, caseId, offerTo(cjg))).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('asks for the directly involved persons when there are none', async () => {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase({ persons: [] }));
		await expectError(
			offerHandover(deps(), vtWorker.actor, caseId, offerTo(cjg)),
			InputError,
			'De veiligheidsbeoordeling is nog niet compleet: Voeg de directbetrokkenen toe.'
		);
	});

	it('waives the spoken-to rule when a ketenpartner is already involved (recorded with a reason), not the rest', async () => {
		const exception = { involvedPartnerId: wijkteam.id, involvedPartnerReason: 'Het wijkteam begeleidt het gezin al sinds de zomer.' };
		const persons = [
			{ role: 'ouder', label: 'Moeder', spokenTo: false },
			{ role: 'kind', label: 'Kind 1 (8 jaar)', spokenTo: false }
		];
		const caseId = await createCase(deps(), vtWorker.actor, completeCase({ ...exception, persons }));
		const c = (await readCase(db(), caseId))!;
		expect(c).toMatchObject({
			involvedPartnerId: wijkteam.id,
			involvedPartnerName: wijkteam.name,
			involvedPartnerReason: exception.involvedPartnerReason
		});
		expect(assessmentGaps(c)).toEqual([]);
		const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, offerTo(wijkteam));
		expect((await readHandover(db(), handoverId))!.status).toBe('open');

		// the exception does not waive the agreements and the monitoring
		const other = await createCase(
			deps(),
			vtWorker.actor,
			completeCase({ ...exception, persons: [], safetyAgreements: '', monitoringBy: '' })
		);
		await expectError(
			offerHandover(deps(), vtWorker.actor, other, offerTo(wijkteam)),
			InputError,
			'De veiligheidsbeoordeling is nog niet compleet: Leg de veiligheidsafspraken vast. Leg vast wie monitort.'
		);
	});

	it('refuses "Uitzondering" ticked without the partner, with a field message, and keeps the box ticked', async () => {
		const form = new FormData();
		for (const [name, value] of Object.entries({
			municipalityId: 'GM0392',
			reportDate: '2026-11-19',
			summary: 'Zorgen over spanningen thuis.',
			exception: 'on',
			involvedPartnerReason: 'Het wijkteam is al betrokken.'
		}))
			form.set(name, value);
		const parsed = await parseCaseForm(new Request('http://localhost/zaken/nieuw', { method: 'POST', body: form }));
		expect(parsed.ok).toBe(false);
		// with the other fields' messages at once
		expect(parsed.ok ? {} : parsed.fields).toEqual({
			involvedPartnerId: 'Kies welke ketenpartner al betrokken is, of zet het vinkje bij "Uitzondering" uit.',
			safetyAgreements: 'Vul het veld "Veiligheidsafspraken" in.',
			monitoringBy: 'Vul het veld "Wie monitort" in.'
		});
		expect(parsed.values).toMatchObject({ exception: true, involvedPartnerId: '', involvedPartnerReason: 'Het wijkteam is al betrokken.' });

		// with the partner it holds; without the box nothing is asked
		expect(
			caseInputSchema.safeParse({
				...completeCase(),
				exception: 'on',
				involvedPartnerId: wijkteam.id,
				involvedPartnerReason: 'Al betrokken.'
			}).success
		).toBe(true);
		expect(caseInputSchema.safeParse({ ...completeCase() }).success).toBe(true);
	});

	it('requires the reason with the exception, and a real ketenpartner', async () => {
		const noReason = caseInputSchema.safeParse({ ...completeCase(), involvedPartnerId: wijkteam.id, involvedPartnerReason: '' });
		expect(noReason.success).toBe(false);
		expect(noReason.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
			['involvedPartnerReason', 'Leg vast waarom de melding aan deze ketenpartner gaat.']
		]);

		for (const notAPartner of [gemeente, vt]) {
			const error = await expectError(
				createCase(deps(), vtWorker.actor, completeCase({ involvedPartnerId: notAPartner.id, involvedPartnerReason: 'Al betrokken.' })),
				InputError,
				'Kies een ketenpartner uit de lijst.'
			);
			expect(error.fields).toEqual({ involvedPartnerId: 'Kies een ketenpartner uit de lijst.' });
		}
		const before = await db()`select 1 from cases where created_by = ${vtWorker.user.id}`;
		await expectError(
			createCase(deps(), vtWorker.actor, completeCase({ involvedPartnerId: gemeente.id, involvedPartnerReason: 'x' })),
			InputError
		);
		expect((await db()`select 1 from cases where created_by = ${vtWorker.user.id}`).length).toBe(before.length); // nothing half-written
	});
});

describe('the assessment is due 5 working days after the melding', () => {
	it('skips the weekend and Christmas: a melding on Friday 18 December 2026 is due Monday 28 December', async () => {
		// Fri 18 Dec (the melding; does not count) → Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4),
		// Fri 25 Eerste Kerstdag, Sat 26 Tweede Kerstdag, Sun 27 → Mon 28 (5)
		const d = at('2026-12-21T09:30:00+01:00');
		const caseId = await createCase(d, vtWorker.actor, completeCase({ reportDate: '2026-12-18', persons: [] }));
		expect((await readCase(db(), caseId))!.assessmentDue).toBe('2026-12-28');

		// an ordinary week: Thursday 19 November → Thursday 26 November
		const plain = await createCase(deps(), vtWorker.actor, completeCase({ reportDate: '2026-11-19' }));
		expect((await readCase(db(), plain))!.assessmentDue).toBe('2026-11-26');

		// editing the melding date moves the due date: Wednesday 23 December → Thursday 31 December
		const c = (await readCase(db(), caseId))!;
		await updateCase(
			at('2026-12-24T09:00:00+01:00'),
			vtWorker.actor,
			caseId,
			completeCase({ reportDate: '2026-12-23', persons: [], version: c.version })
		);
		expect((await readCase(db(), caseId))!.assessmentDue).toBe('2026-12-31');
	});

	it('counts Goede Vrijdag as a day off only when the workday settings say so', async () => {
		// Thu 2 April 2026; Fri 3 Goede Vrijdag; Sun 5 Pasen; Mon 6 Tweede Paasdag
		const input = completeCase({ reportDate: '2026-04-02', persons: [] });
		const standard = await createCase(at('2026-04-02T12:00:00+02:00'), vtWorker.actor, input);
		expect((await readCase(db(), standard))!.assessmentDue).toBe('2026-04-10'); // 3, 7, 8, 9, 10
		// the setting a beheerder changes on /beheer/termijnen (restored at once: the database is shared)
		await db()`update workday_settings set good_friday_off = true`;
		try {
			const withGoodFriday = await createCase(at('2026-04-02T12:00:00+02:00'), vtWorker.actor, input);
			expect((await readCase(db(), withGoodFriday))!.assessmentDue).toBe('2026-04-13'); // 7, 8, 9, 10, 13
		} finally {
			await db()`update workday_settings set good_friday_off = false`;
		}
	});

	it('refuses a melding date in the future (Amsterdam day)', async () => {
		// 23:30 UTC on 23 November is already 24 November in Amsterdam
		const d = at('2026-11-23T23:30:00Z');
		await createCase(d, vtWorker.actor, completeCase({ reportDate: '2026-11-24' }));
		const error = await expectError(
			createCase(d, vtWorker.actor, completeCase({ reportDate: '2026-11-25' })),
			InputError,
			'De meldingsdatum ligt in de toekomst.'
		);
		expect(error.fields).toEqual({ reportDate: 'De meldingsdatum kan niet in de toekomst liggen.' });
	});
});

describe('editing a case', () => {
	it('refuses a save based on a stale version and keeps the newer data', async () => {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		expect((await readCase(db(), caseId))!.version).toBe(1);
		await updateCase(deps(), vtWorker.actor, caseId, completeCase({ version: 1, summary: 'Eerste wijziging van de situatieschets.' }));
		expect((await readCase(db(), caseId))!.version).toBe(2);

		await expectError(
			updateCase(deps(), vtWorker.actor, caseId, completeCase({ version: 1, summary: 'Wijziging op een verouderd formulier.' })),
			ConflictError,
			'Iemand anders heeft deze zaak net gewijzigd. Bekijk de nieuwe gegevens en voer uw wijziging opnieuw in.'
		);
		const c = (await readCase(db(), caseId))!;
		expect(c).toMatchObject({ version: 2, summary: 'Eerste wijziging van de situatieschets.' });
		expect(c.persons).toHaveLength(3);
		expect(await eventTypes(caseId)).toEqual(['case.created', 'case.updated']);
	});

	it('lets exactly one of two simultaneous saves of the same version win', async () => {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		const results = await Promise.allSettled(
			['Versie van collega A.', 'Versie van collega B.'].map((summary) =>
				updateCase(deps(), vtWorker.actor, caseId, completeCase({ version: 1, summary }))
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(loser.reason).toBeInstanceOf(ConflictError);
		expect((await readCase(db(), caseId))!.version).toBe(2);
	});
});

describe('no identifying data in a case', () => {
	const field = (path: string, result: ReturnType<typeof caseInputSchema.safeParse>) =>
		result.success ? undefined : result.error.issues.find((i) => i.path.join('.') === path)?.message;
	const BSN_IN_SUMMARY =
		"De situatieschets lijkt een BSN of ander nummer van 9 cijfers te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN's, adressen of geboortedata in.";

	it('refuses a 9-digit number in the summary and the other free-text fields, naming the field', () => {
		const base = completeCase();
		expect(field('summary', caseInputSchema.safeParse({ ...base, summary: 'Moeder (BSN 123456782) belde zelf.' }))).toBe(BSN_IN_SUMMARY);
		expect(field('summary', caseInputSchema.safeParse({ ...base, summary: '123456782' }))).toBe(BSN_IN_SUMMARY);
		expect(field('safetyAgreements', caseInputSchema.safeParse({ ...base, safetyAgreements: 'Afspraak met 123456782.' }))).toMatch(
			/^Het veld "Veiligheidsafspraken" lijkt een BSN/
		);
		expect(field('monitoringBy', caseInputSchema.safeParse({ ...base, monitoringBy: 'bsn:123456782' }))).toMatch(
			/^Het veld "Wie monitort" lijkt een BSN/
		);
		expect(
			field(
				'persons.0.label',
				caseInputSchema.safeParse({ ...base, persons: [{ role: 'kind', label: 'Kind 987654321', spokenTo: false }] })
			)
		).toMatch(/^De omschrijving lijkt een BSN/);
	});

	it('refuses phone numbers, e-mail addresses, postcodes and birth dates too, and names of persons', () => {
		const base = completeCase();
		expect(field('summary', caseInputSchema.safeParse({ ...base, summary: 'Bel moeder op 0612345678 na 17:00.' }))).toMatch(
			/^De situatieschets lijkt een telefoonnummer te bevatten\./
		);
		expect(field('summary', caseInputSchema.safeParse({ ...base, summary: 'Gezin woont op 2011 AB 12 in Haarlem.' }))).toMatch(
			/^De situatieschets lijkt een adres/
		);
		expect(field('summary', caseInputSchema.safeParse({ ...base, summary: 'Kind 1 is geboren op 12-03-2019.' }))).toMatch(
			/^De situatieschets lijkt een geboortedatum te bevatten\./
		);
		expect(field('summary', caseInputSchema.safeParse({ ...base, summary: 'Mail naar moeder@voorbeeld.nl' }))).toMatch(
			/^De situatieschets lijkt een e-mailadres/
		);
		expect(
			field('persons.0.label', caseInputSchema.safeParse({ ...base, persons: [{ role: 'kind', label: 'Jan de Vries', spokenTo: false }] }))
		).toMatch(/^Beschrijf de directbetrokkene met een rol, niet met een naam: bijvoorbeeld "Kind 1 \(8 jaar\)"/);
	});

	it('accepts the numbers professionals write: times, counts, ages, an appointment, the VT reference', () => {
		const appointment = new Date(Date.now() + 7 * 86_400_000).toLocaleDateString('nl-NL', {
			day: '2-digit',
			month: '2-digit',
			year: 'numeric',
			timeZone: 'UTC'
		});
		const ok = caseInputSchema.safeParse({
			...completeCase(),
			summary: `Gesprek op ${appointment} om 10:00, binnen 2 werkdagen terugbellen; Kind 1 (8 jaar) en Kind 2 (4 jaar); eerder VT-2025-000123. Bij dreiging 112.`
		});
		expect(ok.success, JSON.stringify(ok.error?.issues)).toBe(true);
	});

	it('also refuses a BSN written the way Dutch ID documents print it (1234.56.782)', () => {
		// passports and ID cards print the BSN with dots; professionals copy it like that
		const result = caseInputSchema.safeParse({ ...completeCase(), summary: 'Vader, BSN 1234.56.782, werkt in ploegen.' });
		expect(field('summary', result)).toBe(BSN_IN_SUMMARY);
	});

	it('also refuses a 9-digit number glued to letters ("BSN123456782")', () => {
		const result = caseInputSchema.safeParse({ ...completeCase(), summary: 'Vader BSN123456782 werkt in ploegen.' });
		expect(field('summary', result)).toBe(BSN_IN_SUMMARY);
	});
});

describe('the warm handover', () => {
	async function offered(): Promise<{ caseId: string; handoverId: string }> {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, offerTo(cjg));
		return { caseId, handoverId };
	}
	const plan = {
		plannedAt: '2026-11-25T14:00',
		form: 'huisbezoek' as const,
		vtAttendees: 'VT-medewerker',
		partnerAttendees: 'CJG-jeugdverpleegkundige'
	};

	it('can only be planned after the partner accepted', async () => {
		const { handoverId } = await offered();
		await expectError(
			planWarmHandover(deps(), vtWorker.actor, handoverId, plan),
			ConflictError,
			/pas als de ketenpartner het aanbod heeft geaccepteerd/
		);
		await expectError(confirmWarmHandover(deps(), vtWorker.actor, handoverId), ConflictError, 'Plan eerst het gezamenlijke contactmoment.');
	});

	it('is confirmed by both sides only after the contact moment; then responsibility moves to the partner', async () => {
		const { caseId, handoverId } = await offered();
		await answerHandover(deps(), cjgWorker.actor, handoverId, { answer: 'accept' });
		await expectError(
			confirmWarmHandover(deps(), cjgWorker.actor, handoverId),
			ConflictError,
			'Plan eerst het gezamenlijke contactmoment.'
		);
		await planWarmHandover(deps(), cjgWorker.actor, handoverId, plan);
		const h = (await readHandover(db(), handoverId))!;
		expect(h.warm).toMatchObject({ form: 'huisbezoek', plannedByName: cjgWorker.user.name, vtConfirmedAt: null, partnerConfirmedAt: null });
		expect(h.warm!.plannedAt.toISOString()).toBe('2026-11-25T13:00:00.000Z'); // 14:00 Amsterdam, winter time

		const tooEarly = 'U kunt pas bevestigen dat het contactmoment heeft plaatsgevonden als het voorbij is.';
		await expectError(confirmWarmHandover(deps(), vtWorker.actor, handoverId), ConflictError, tooEarly);
		const moment = new ManualClock('2026-11-25T13:59:00+01:00');
		const d = { ...deps(), clock: moment };
		await expectError(confirmWarmHandover(d, cjgWorker.actor, handoverId), ConflictError, tooEarly);
		moment.advance(60_000); // 14:00, the planned moment itself

		expect(await confirmWarmHandover(d, vtWorker.actor, handoverId)).toEqual({ completed: false });
		expect((await readHandover(db(), handoverId))!.status).toBe('accepted');
		expect((await readCase(db(), caseId))!.responsibleOrgId).toBe(vt.id);
		expect(await confirmWarmHandover(d, vtWorker.actor, handoverId)).toEqual({ completed: false }); // twice by VT is still one side

		moment.advance(30 * 60_000);
		expect(await confirmWarmHandover(d, cjgWorker.actor, handoverId)).toEqual({ completed: true });
		const done = (await readHandover(db(), handoverId))!;
		expect(done.status).toBe('completed');
		expect(done.completedAt!.toISOString()).toBe('2026-11-25T13:30:00.000Z');
		expect(done.warm).toMatchObject({ vtConfirmedByName: vtWorker.user.name, partnerConfirmedByName: cjgWorker.user.name });
		const [c] = await db()<
			{ responsibleOrgId: string; version: number }[]
		>`select responsible_org_id, version from cases where id = ${caseId}`;
		expect(c).toEqual({ responsibleOrgId: cjg.id, version: 2 });
		expect(await eventTypes(caseId)).toEqual([
			'case.created',
			'handover.offered',
			'handover.accepted',
			'warm_handover.planned',
			'warm_handover.confirmed',
			'warm_handover.confirmed',
			'warm_handover.confirmed',
			'handover.completed'
		]);
		const audits = await db()<
			{ action: string }[]
		>`select action from audit_log where record_type = 'handover' and record_id = ${handoverId} order by id`;
		expect(audits.map((a) => a.action)).toEqual([
			'handover.offered',
			'handover.accepted',
			'warm_handover.planned',
			'warm_handover.confirmed',
			'warm_handover.confirmed',
			'warm_handover.confirmed',
			'handover.completed'
		]);

		// the case has left VT's work queue, the partner keeps access, and VT cannot offer it again
		expect((await workQueue(db(), vt.id, clock.now())).rows.map((q) => q.id)).not.toContain(caseId);
		expect(await caseAccess(db(), cjgWorker.actor, caseId)).toBe('partner');
		await expectError(offerHandover(d, vtWorker.actor, caseId, offerTo(wijkteam)), ConflictError, 'Deze zaak is al overgedragen.');
		await expectError(planWarmHandover(d, vtWorker.actor, handoverId, plan), ConflictError);
	});

	it('is stored at the Amsterdam wall-clock moment entered, also on the days the clocks change', async () => {
		// before the fix: 10:00 on 29 March 2026 was stored as 11:00, on 25 October 2026 as 09:00
		for (const [local, utc] of [
			['2026-03-29T10:00', '2026-03-29T08:00:00.000Z'],
			['2026-10-25T10:00', '2026-10-25T09:00:00.000Z']
		]) {
			const d = { ...deps(), clock: new ManualClock(`${local.slice(0, 8)}02T10:00:00+01:00`) };
			const reportDate = `${local.slice(0, 8)}01`;
			const persons = [{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: reportDate }];
			const caseId = await createCase(d, vtWorker.actor, completeCase({ reportDate, persons }));
			const handoverId = await offerHandover(d, vtWorker.actor, caseId, offerTo(cjg));
			await answerHandover(d, cjgWorker.actor, handoverId, { answer: 'accept' });
			// a Sunday: planned once confirmed
			await planWarmHandover(d, vtWorker.actor, handoverId, { ...plan, plannedAt: local, confirmUnusual: true });
			expect((await readHandover(db(), handoverId))!.warm!.plannedAt.toISOString(), local).toBe(utc);
		}
	});

	it('resets both confirmations when the moment is planned again', async () => {
		const { handoverId } = await offered();
		await answerHandover(deps(), cjgWorker.actor, handoverId, { answer: 'accept' });
		await planWarmHandover(deps(), vtWorker.actor, handoverId, plan);
		const d = { ...deps(), clock: new ManualClock('2026-11-25T15:00:00+01:00') };
		await confirmWarmHandover(d, vtWorker.actor, handoverId);
		await planWarmHandover(d, cjgWorker.actor, handoverId, { ...plan, plannedAt: '2026-11-26T09:30' });
		const h = (await readHandover(db(), handoverId))!;
		expect(h.warm).toMatchObject({ vtConfirmedAt: null, partnerConfirmedAt: null, plannedByName: cjgWorker.user.name });
		await expectError(confirmWarmHandover(d, cjgWorker.actor, handoverId), ConflictError, /als het voorbij is/);
		const after = { ...deps(), clock: new ManualClock('2026-11-26T10:00:00+01:00') };
		expect(await confirmWarmHandover(after, cjgWorker.actor, handoverId)).toEqual({ completed: false }); // VT's earlier confirmation no longer counts
		expect(await confirmWarmHandover(after, vtWorker.actor, handoverId)).toEqual({ completed: true });
	});
});

describe('the response deadline of an offer', () => {
	async function offerAt(iso: string, urgent: boolean, reportDate: string): Promise<Date> {
		const d = at(iso);
		const caseId = await createCase(
			d,
			vtWorker.actor,
			completeCase({ urgent, reportDate, persons: [{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: reportDate }] })
		);
		const handoverId = await offerHandover(d, vtWorker.actor, caseId, offerTo(cjg));
		const h = (await readHandover(db(), handoverId))!;
		const [event] = await db()<
			{ payload: Record<string, string> }[]
		>`select payload from events where type = 'handover.offered' and payload->>'handoverId' = ${handoverId}`;
		expect(event.payload.respondBefore).toBe(h.respondBefore.toISOString());
		expect(event.payload.urgent).toBe(urgent ? 'ja' : 'nee');
		return h.respondBefore;
	}

	it('gives 4 working hours for spoed and 16 (2 working days) otherwise: the one default, which the database starts with', async () => {
		expect(DEFAULT_SLA_POLICIES).toEqual({ spoed: 4 * 60, regulier: 2 * WORKDAY_MINUTES });
		expect(await readSlaPolicies(db())).toEqual(DEFAULT_SLA_POLICIES);
	});

	it('counts only 09:00–17:00 on working days: Friday 15:00 → Monday 11:00 (spoed), Tuesday 15:00 (regulier)', async () => {
		// Friday 27 November 2026, 15:00 Amsterdam (14:00 UTC)
		expect((await offerAt('2026-11-27T15:00:00+01:00', true, '2026-11-26')).toISOString()).toBe('2026-11-30T10:00:00.000Z'); // Mon 11:00
		// 2 h on Friday, 8 h on Monday, 6 h on Tuesday
		expect((await offerAt('2026-11-27T15:00:00+01:00', false, '2026-11-26')).toISOString()).toBe('2026-12-01T14:00:00.000Z'); // Tue 15:00
	});

	it('starts counting at 09:00 when offered outside working hours', async () => {
		// Saturday 28 November 2026, 11:00 → Monday 09:00 + 4 h
		expect((await offerAt('2026-11-28T11:00:00+01:00', true, '2026-11-26')).toISOString()).toBe('2026-11-30T12:00:00.000Z'); // Mon 13:00
		// Monday 30 November 07:45 → Monday 13:00; Friday 16:30 → Monday 12:30
		expect((await offerAt('2026-11-30T07:45:00+01:00', true, '2026-11-26')).toISOString()).toBe('2026-11-30T12:00:00.000Z');
		expect((await offerAt('2026-11-27T16:30:00+01:00', true, '2026-11-26')).toISOString()).toBe('2026-11-30T11:30:00.000Z'); // Mon 12:30
	});

	it('skips Christmas and Easter, and keeps the wall-clock hour across the changes of summer time', async () => {
		// Thursday 24 December 2026 15:00: 25 and 26 December are holidays, then the weekend
		expect((await offerAt('2026-12-24T15:00:00+01:00', true, '2026-12-23')).toISOString()).toBe('2026-12-28T10:00:00.000Z'); // Mon 11:00
		expect((await offerAt('2026-12-24T15:00:00+01:00', false, '2026-12-23')).toISOString()).toBe('2026-12-29T14:00:00.000Z'); // Tue 15:00
		// Friday 27 March 2026 15:00 (winter time); summer time starts Sunday 29 March
		expect((await offerAt('2026-03-27T15:00:00+01:00', true, '2026-03-26')).toISOString()).toBe('2026-03-30T09:00:00.000Z'); // Mon 11:00 CEST
		// Friday 23 October 2026 15:00 (summer time); winter time starts Sunday 25 October
		expect((await offerAt('2026-10-23T15:00:00+02:00', true, '2026-10-22')).toISOString()).toBe('2026-10-26T10:00:00.000Z'); // Mon 11:00 CET
		// Friday 26 March 2027 (Goede Vrijdag, a working day by default) 15:00: summer time and Easter Sunday on
		// 28 March, Tweede Paasdag on Monday 29 March → Tuesday 11:00 CEST
		expect((await offerAt('2027-03-26T15:00:00+01:00', true, '2027-03-25')).toISOString()).toBe('2027-03-30T09:00:00.000Z');
	});
});
