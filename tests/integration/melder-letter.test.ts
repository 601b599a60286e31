import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { closeSchema, reopenSchema, type CloseInput } from '../../src/lib/server/monitoring/schema.ts';
import { closeCase, reopenCase } from '../../src/lib/server/monitoring/service.ts';
import {
	currentTemplate,
	recordMelderInformed,
	redraftLetter,
	saveLetter,
	updateLetterTemplate,
	viewLetter,
	viewLetterTemplate
} from '../../src/lib/server/letters/service.ts';
import { informedSchema, letterSchema, templateSchema } from '../../src/lib/server/letters/schema.ts';
import { DEFAULT_CONTACT, DEFAULT_TEMPLATE } from '../../src/lib/server/letters/template.ts';
import { formFields } from '../../src/lib/server/forms.ts';
import {
	completeCase,
	completeWarmHandover,
	ensureRegion,
	expectError,
	organisation,
	person,
	type Org,
	type Person
} from '../support/it-cases.ts';

// Monday 4 March 2030: far from the real date.
const clock = new ManualClock('2030-03-04T10:00:00+01:00');
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let vt: Org, otherVt: Org, wijkteam: Org, cjg: Org;
let vtWorker: Person, otherVtWorker: Person, vtBeheerder: Person, otherBeheerder: Person, wijkteamWorker: Person, cjgBeheerder: Person;

beforeAll(async () => {
	await ensureRegion();
	[vt, otherVt, wijkteam, cjg] = await Promise.all([organisation('vt'), organisation('vt'), organisation('wijkteam'), organisation('cjg')]);
	[vtWorker, otherVtWorker, vtBeheerder, otherBeheerder, wijkteamWorker, cjgBeheerder] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(otherVt, 'medewerker', clock),
		person(vt, 'beheerder', clock),
		person(otherVt, 'beheerder', clock),
		person(wijkteam, 'medewerker', clock),
		person(cjg, 'beheerder', clock)
	]);
});

/** Every free text of a case, each with a marker no template contains. */
const MARK = {
	summary: 'Situatieschets MARKERSCHETS gezin',
	safetyAgreements: 'Afspraak MARKERAFSPRAAK geen geweld',
	monitoringBy: 'Monitor MARKERMONITOR wekelijks',
	involvedPartnerReason: 'Reden MARKERREDEN al betrokken',
	message: 'Bericht MARKERBERICHT aan het wijkteam',
	vtAttendees: 'VT MARKERVTAANWEZIG',
	partnerAttendees: 'Wijkteam MARKERPARTNERAANWEZIG',
	closingSummary: 'Samenvatting MARKERSAMENVATTING afgesloten',
	withWhomNote: 'Met MARKERMETWIE en school'
};
const LABELS = ['Oma (moederszijde)', 'Stiefvader (45 jaar)'];

function closing(overrides: Partial<Record<keyof CloseInput, unknown>> = {}): CloseInput {
	return closeSchema.parse({
		closingSummary: MARK.closingSummary,
		melder: 'letter',
		monitorId: vtWorker.user.id,
		plannedOn: '2030-04-01',
		withProfessional: 'on',
		withFamily: 'on',
		withWhomNote: MARK.withWhomNote,
		...overrides
	});
}

/** A case with every free text marked, handed over warmly to the wijkteam and closed with a letter. */
async function markedCaseClosed(): Promise<string> {
	const caseId = await createCase(
		deps(),
		vtWorker.actor,
		completeCase({
			summary: MARK.summary,
			safetyAgreements: MARK.safetyAgreements,
			monitoringBy: MARK.monitoringBy,
			persons: LABELS.map((label) => ({ role: 'overig', label, spokenTo: true, spokenOn: '2026-11-19' }))
		})
	);
	const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: wijkteam.id, message: MARK.message });
	await answerHandover(deps(), wijkteamWorker.actor, handoverId, { answer: 'accept' });
	await completeWarmHandover(deps(), vtWorker.actor, wijkteamWorker.actor, handoverId);
	await db()`update warm_handovers set vt_attendees = ${MARK.vtAttendees}, partner_attendees = ${MARK.partnerAttendees} where handover_id = ${handoverId}`;
	await closeCase(deps(), vtWorker.actor, caseId, closing());
	return caseId;
}

function expectNoCaseTexts(text: string) {
	for (const marker of [...Object.values(MARK), ...LABELS]) expect(text).not.toContain(marker);
	expect(text).not.toMatch(/MARKER/);
}

describe('the afsluitbrief', () => {
	it('is drafted at closure from the template, without any of the family free texts, naming the overseeing kind and the contact', async () => {
		clock.set('2030-03-04T10:00:00+01:00');
		const caseId = await markedCaseClosed();
		const view = (await viewLetter(deps(), vtWorker.actor, caseId))!;
		expect(view.open).toBe(true);
		const body = view.letter!.body;
		expectNoCaseTexts(body);
		expect(body).toContain('Geachte melder,');
		expect(body).toContain('het sociaal wijkteam');
		expect(body).toContain('Het sociaal wijkteam ziet erop toe');
		expect(body).toContain(DEFAULT_CONTACT);
		expect(body).toContain('4 maart 2030');
		expect(body).toContain(view.reference);
		expect(body).not.toMatch(/\{(datum|referentie|uitkomst|toezicht|contact)\}/);
		// the partner's own name is never in it either: only its kind
		expect(body).not.toContain(wijkteam.name);
		const [audited] = await db()`select 1 from audit_log where action = 'melder_letter.drafted' and record_id = ${caseId}`;
		expect(audited).toBeTruthy();
	});

	it('for the partner already involved (rule 3) says so, still without the reason', async () => {
		clock.set('2030-03-04T11:00:00+01:00');
		const caseId = await createCase(
			deps(),
			vtWorker.actor,
			completeCase({ exception: 'on', involvedPartnerId: wijkteam.id, involvedPartnerReason: MARK.involvedPartnerReason })
		);
		await closeCase(deps(), vtWorker.actor, caseId, closing());
		const body = (await viewLetter(deps(), vtWorker.actor, caseId))!.letter!.body;
		expect(body).toContain('Er was al hulpverlening bij het gezin betrokken');
		expectNoCaseTexts(body);
	});

	it('is not drafted for an anonymous melder, and informing cannot be recorded then', async () => {
		clock.set('2030-03-04T12:00:00+01:00');
		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		await closeCase(deps(), vtWorker.actor, caseId, closing({ melder: 'anonymous' }));
		const view = (await viewLetter(deps(), vtWorker.actor, caseId))!;
		expect(view).toMatchObject({ melderAnonymous: true, letter: null, open: false });
		await expectError(
			recordMelderInformed(deps(), vtWorker.actor, caseId, { informedOn: '2030-03-04', how: 'brief' }),
			ConflictError,
			/anoniem/
		);
	});

	it('is edited through the free-text validator, with a version check, and only by VT of the case', async () => {
		clock.set('2030-03-05T09:00:00+01:00');
		const caseId = await markedCaseClosed();
		const view = (await viewLetter(deps(), vtWorker.actor, caseId))!;
		const bsn = letterSchema.safeParse({ body: `${view.letter!.body}\nBSN 123456782`, version: String(view.letter!.version) });
		expect(bsn.success).toBe(false);
		expect(formFields(bsn.error!.issues).body).toMatch(/De brief lijkt een BSN/);
		const phone = letterSchema.safeParse({ body: 'Bel de melder op 06-12345678.' });
		expect(phone.success).toBe(false);

		const edited = letterSchema.parse({ body: `${view.letter!.body}\n\nPS Wij danken u nogmaals.`, version: String(view.letter!.version) });
		await saveLetter(deps(), vtWorker.actor, caseId, edited);
		const after = (await viewLetter(deps(), vtWorker.actor, caseId))!;
		expect(after.letter!.body).toMatch(/PS Wij danken u nogmaals\.$/);
		expect(after.letter!.version).toBe(view.letter!.version + 1);
		// a stale form
		await expectError(saveLetter(deps(), vtWorker.actor, caseId, edited), ConflictError, /Iemand anders heeft de brief net gewijzigd/);
		// others
		await expectError(viewLetter(deps(), otherVtWorker.actor, caseId), ForbiddenError);
		await expectError(viewLetter(deps(), wijkteamWorker.actor, caseId), ForbiddenError);
		await expectError(saveLetter(deps(), otherVtWorker.actor, caseId, letterSchema.parse({ body: 'Anders.' })), ForbiddenError);
		// drafting again restores the template's text
		await redraftLetter(deps(), vtWorker.actor, caseId);
		expect((await viewLetter(deps(), vtWorker.actor, caseId))!.letter!.body).not.toContain('PS Wij danken');
		const events = await db()<
			{ type: string }[]
		>`select type from events where payload->>'caseId' = ${caseId} and type like 'melder_letter%'`;
		expect(events.length).toBe(2);
	});

	it('records when and how the melder was informed; then the letter is final; a reopening and closing again drafts a new letter', async () => {
		clock.set('2030-03-06T09:00:00+01:00');
		const caseId = await markedCaseClosed();
		await expectError(
			recordMelderInformed(deps(), vtWorker.actor, caseId, informedSchema.parse({ informedOn: '2030-03-07', how: 'brief' })),
			InputError,
			'De melder kan niet in de toekomst zijn geïnformeerd.'
		);
		await expectError(
			recordMelderInformed(deps(), vtWorker.actor, caseId, informedSchema.parse({ informedOn: '2026-11-01', how: 'brief' })),
			InputError,
			'De melder kan niet vóór de melding zijn geïnformeerd.'
		);
		expect(informedSchema.safeParse({ informedOn: '2030-03-06', how: 'fax' }).success).toBe(false);
		await expectError(
			recordMelderInformed(deps(), otherVtWorker.actor, caseId, { informedOn: '2030-03-06', how: 'brief' }),
			ForbiddenError
		);
		await recordMelderInformed(deps(), vtWorker.actor, caseId, informedSchema.parse({ informedOn: '2030-03-06', how: 'brief' }));
		const view = (await viewLetter(deps(), vtWorker.actor, caseId))!;
		expect(view).toMatchObject({ melderInformedOn: '2030-03-06', melderInformedHow: 'brief', open: false });
		await expectError(
			saveLetter(deps(), vtWorker.actor, caseId, letterSchema.parse({ body: 'Anders.' })),
			ConflictError,
			/al geïnformeerd/
		);
		await expectError(
			recordMelderInformed(deps(), vtWorker.actor, caseId, { informedOn: '2030-03-06', how: 'telefonisch' }),
			ConflictError
		);
		const [row] = await db()<{ details: Record<string, string> }[]>`
			select details from audit_log where action = 'melder.informed' and record_id = ${caseId}`;
		expect(row.details).toEqual({ on: '2030-03-06', how: 'brief' });
		const [event] = await db()<{ payload: Record<string, string> }[]>`
			select payload from events where type = 'case.melder_informed' and payload->>'caseId' = ${caseId}`;
		expect(event.payload).toMatchObject({ informedOn: '2030-03-06', how: 'brief' });

		await reopenCase(deps(), vtWorker.actor, caseId, reopenSchema.parse({ reason: 'Nieuwe zorgen van school.' }));
		const [reopened] = await db()<
			{ how: string | null }[]
		>`select melder_informed_how as how from case_reopenings where case_id = ${caseId}`;
		expect(reopened.how).toBe('brief');
		clock.set('2030-03-06T10:00:00+01:00');
		await closeCase(deps(), vtWorker.actor, caseId, closing());
		const again = (await viewLetter(deps(), vtWorker.actor, caseId))!;
		expect(again).toMatchObject({ melderInformedOn: null, open: true });
		expect(again.letter!.id).not.toBe(view.letter!.id);
	});
});

describe('the template', () => {
	it('is validated: known placeholders, the required ones, no stray braces, no identifying data', () => {
		const problems = (body: string, contact = DEFAULT_CONTACT) => {
			const r = templateSchema.safeParse({ body, contact });
			return r.success ? {} : formFields(r.error.issues);
		};
		expect(problems(DEFAULT_TEMPLATE)).toEqual({});
		expect(problems(`${DEFAULT_TEMPLATE} {naam}`).body).toMatch(/Onbekende invulplek \{naam\}/);
		expect(problems(DEFAULT_TEMPLATE.replace('{toezicht}', '')).body).toBe('De brief moet {toezicht} bevatten.');
		expect(problems(`${DEFAULT_TEMPLATE} {uitkomst`).body).toMatch(/losse accolade/);
		expect(problems(`${DEFAULT_TEMPLATE} mail info@example.nl`).body).toMatch(/e-mailadres/);
		expect(problems(DEFAULT_TEMPLATE, '').contact).toMatch(/Vul in wie de melder kan bereiken/);
		expect(problems(DEFAULT_TEMPLATE, 'Bel 06-12345678').contact).toMatch(/telefoonnummer/);
	});

	it('is kept by VT beheerders only, versioned and audited with the text before and after; new letters use it', async () => {
		clock.set('2030-03-07T09:00:00+01:00');
		expect((await viewLetterTemplate(deps(), vtBeheerder.actor)).current.version).toBe(0);
		await expectError(viewLetterTemplate(deps(), vtWorker.actor), ForbiddenError);
		await expectError(viewLetterTemplate(deps(), cjgBeheerder.actor), ForbiddenError);
		const input = templateSchema.parse({
			body: `${DEFAULT_TEMPLATE}\n\nKenmerk {referentie} · nieuwe versie`,
			contact: 'Veilig Thuis, 0800-2000'
		});
		await expectError(updateLetterTemplate(deps(), vtWorker.actor, input), ForbiddenError);
		await expectError(updateLetterTemplate(deps(), cjgBeheerder.actor, input), ForbiddenError);
		expect(await updateLetterTemplate(deps(), vtBeheerder.actor, input)).toBe(1);
		expect(await updateLetterTemplate(deps(), vtBeheerder.actor, input)).toBe(1); // unchanged: no new version
		const [row] = await db()<{ details: Record<string, unknown> }[]>`
			select details from audit_log where action = 'melder_letter.template_changed' and record_id = ${vt.id}`;
		expect(row.details).toMatchObject({
			version: 1,
			bodyBefore: DEFAULT_TEMPLATE,
			bodyAfter: input.body,
			contactBefore: DEFAULT_CONTACT,
			contactAfter: 'Veilig Thuis, 0800-2000'
		});
		// the other VT organisation keeps its own (the default)
		expect((await currentTemplate(db(), otherVt.id)).version).toBe(0);
		expect((await viewLetterTemplate(deps(), otherBeheerder.actor)).current.body).toBe(DEFAULT_TEMPLATE);

		const caseId = await createCase(deps(), vtWorker.actor, completeCase());
		await closeCase(deps(), vtWorker.actor, caseId, closing());
		const view = (await viewLetter(deps(), vtWorker.actor, caseId))!;
		expect(view.letter!.templateVersion).toBe(1);
		expect(view.letter!.body).toContain(`Kenmerk ${view.reference} · nieuwe versie`);
		expect(view.letter!.body).toContain('Veilig Thuis, 0800-2000');
		// no partner took over: VT itself oversees
		expect(view.letter!.body).toContain('Veilig Thuis ziet erop toe');
	});
});
