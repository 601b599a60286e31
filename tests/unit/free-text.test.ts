import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { caseInputSchema } from '../../src/lib/server/cases/schema.ts';
import { answerSchema, offerSchema, warmPlanSchema, withdrawSchema } from '../../src/lib/server/handovers/schema.ts';
import { decisionSchema, proposalSchema } from '../../src/lib/server/tables/schema.ts';
import { conditionSchema, stepSchema } from '../../src/lib/server/trajectories/schema.ts';
import { recordCheckinSchema } from '../../src/lib/server/checkins/schema.ts';
import { closeSchema, outcomeSchema, reopenSchema, replanSchema } from '../../src/lib/server/monitoring/schema.ts';
import { tokenCreateSchema } from '../../src/lib/server/api/schema.ts';
import { findIdentifying, kindsOf, passesElevenTest, type IdentifyingKind } from '../../src/lib/server/validation/identifying.ts';
import { isPersonLabel, PERSON_LABEL_MESSAGE } from '../../src/lib/server/validation/person-label.ts';
import { freeText, identifyingMessage, optionalFreeText, personLabel } from '../../src/lib/server/validation/text.ts';

// The moment the texts below are written: a Monday in November 2026.
const NOW = new Date('2026-11-23T10:00:00+01:00');
const found = (text: string) => kindsOf(findIdentifying(text, { now: NOW }));

/** Text → the kind it must be refused for. */
const REFUSED: [string, IdentifyingKind][] = [
	// BSN-like: nine digits in any spelling, eight that pass the 11-proef
	['123456782', 'bsn'],
	['Moeder (BSN 123456782) belde zelf.', 'bsn'],
	['123 456 782', 'bsn'],
	['123.456.782', 'bsn'],
	['1234.56.782', 'bsn'],
	['1234 56 782', 'bsn'],
	['123-45-6782', 'bsn'],
	['12 34 56 782', 'bsn'],
	['123\u00a0456\u00a0782', 'bsn'],
	['123–456–782', 'bsn'],
	['123 - 456 - 782', 'bsn'],
	['BSN123456782', 'bsn'],
	['bsn:123456782.', 'bsn'],
	['Vader, BSN 987654321 (klopt niet met de 11-proef, telt toch)', 'bsn'],
	['Oud sofinummer 12345672', 'bsn'],
	['BSN 1234.56.72', 'bsn'],
	['Kind 1 123456782', 'bsn'],
	// phone numbers, Dutch and international
	['06-12345678', 'phone'],
	['06 12345678', 'phone'],
	['06 1234 5678', 'phone'],
	['06-1234 5678', 'phone'],
	['0612345678', 'phone'],
	['06 12 34 56 78', 'phone'],
	['06.12.34.56.78', 'phone'],
	['tel: 06-12345678', 'phone'],
	['bereikbaar op 0612345678 na 17:00', 'phone'],
	['+31 6 12345678', 'phone'],
	['+31612345678', 'phone'],
	['+31 (0)6 1234 5678', 'phone'],
	['0031 6 12345678', 'phone'],
	['0031612345678', 'phone'],
	['023-5123456', 'phone'],
	['023 512 34 56', 'phone'],
	['(023) 512 34 56', 'phone'],
	['020 123 4567', 'phone'],
	['020-1234567', 'phone'],
	['0251-123456', 'phone'],
	['+32 470 12 34 56', 'phone'],
	['+44 20 7946 0958', 'phone'],
	['Kind 2 06-12345678', 'phone'],
	['op 3 020 123 4567 bellen', 'phone'],
	// e-mail addresses
	['moeder@voorbeeld.nl', 'email'],
	['Mail: j.de.vries+zorg@gmail.com', 'email'],
	['a.b@c-d.org graag', 'email'],
	['jan @ hotmail.com', 'email'],
	['naam[at]provider.nl', 'email'],
	['naam (at) provider.nl', 'email'],
	['E.Jansen@Gemeente.Haarlem.nl', 'email'],
	// postcodes with or without a house number, streets with a house number
	['1234 AB 12', 'address'],
	['1234AB 12', 'address'],
	['1234AB', 'address'],
	['woont in 1234ab', 'address'],
	['2011 AB Haarlem', 'address'],
	['2011 AB, 12a', 'address'],
	['postcode 2011 AB', 'address'],
	['Dorpsstraat 12a', 'address'],
	['Kerkweg 3', 'address'],
	['Zijlweg 14-2', 'address'],
	['Wilhelminastraat 112 hs', 'address'],
	['woont aan de kerkstraat nr. 5', 'address'],
	['Amsterdamsevaart? nee: Rijksstraatweg 30', 'address'],
	// dates of birth
	['12-03-2015', 'birthdate'],
	['12/3/15', 'birthdate'],
	['12.03.2015', 'birthdate'],
	['2015-03-12', 'birthdate'],
	['12 maart 2015', 'birthdate'],
	['12 mrt. 2015', 'birthdate'],
	["3 mei '15", 'birthdate'],
	['1 januari 1980', 'birthdate'],
	['geboren 12 maart', 'birthdate'],
	['geboren op 12-03', 'birthdate'],
	['geb. 12-03-2025', 'birthdate'],
	['geb 3/4', 'birthdate'],
	['Geboortedatum: 3 april', 'birthdate'],
	['Kind 2 (geb. 01-02-2026)', 'birthdate'],
	['Op 12-03-2026 is de baby geboren.', 'birthdate'],
	['Kind 1 is jarig op 4 juli.', 'birthdate'],
	['verjaardag 4-7', 'birthdate'],
	// an older event written as a full date reads as a birth date too (documented trade-off)
	['Eerdere melding op 14-02-2021.', 'birthdate']
];

/** What professionals really write: none of it may be refused. */
const ALLOWED = [
	'Om 10:00 gesprek met moeder en Kind 1 (8 jaar).',
	'Binnen 2 werkdagen terugbellen.',
	'Kind 1 (8 jaar), Kind 2 (4 jaar) en Kind 3 (18 maanden).',
	'Wachtlijst van 14 weken in Zuid-Kennemerland.',
	'14 dagen na de melding opnieuw contact.',
	'Moeder belt bij dreiging 112.',
	'Bel bij zorgen Veilig Thuis: 0800-2000.',
	'De Kindertelefoon is bereikbaar via 0800-0432.',
	'Politie: 0900-8844.',
	'Huisbezoek op 30-11-2026 om 14.30 uur.',
	'Gesprek 01-12-2026 10 uur op kantoor.',
	'Zorg gestart op 2 november 2026; evaluatie 2026-12-14.',
	'Eerste gesprek 15 juni 2025, daarna maandelijks.',
	'Afspraak 12-03 verzet naar 19-03.',
	'Bereikbaar tussen 09.00-17.00 en 10.00-12.30.',
	'Eerder bekend in 2019-2021; eerdere melding in februari 2021.',
	'Melding VT-2026-000123 is eerder afgesloten.',
	'Sinds 2024 VT betrokken; in 2026 opnieuw.',
	'Paracetamol 1000mg, 2x per dag.',
	'Geboren in 2015; nu 11 jaar.',
	'Pasgeboren baby van 3 weken.',
	'Schulden van ruim € 12.500 en een betalingsregeling.',
	'Vader rijdt dagelijks 2 uur over de snelweg.',
	'Halfweg 2 weken evalueren.',
	'Score 3 op een schaal van 1-10.',
	'Dossiernummer bij de huisarts 12345678 (geen BSN: haalt de 11-proef niet).',
	'Afspraken 1, 2 en 3 zijn nagekomen.',
	'Kind 1 zit in groep 7.',
	'Om 8.30 uur naar school, ophalen om 15.15 uur.',
	'3 kinderen van 2, 5 en 8 jaar.',
	'Oma (78 jaar) past 3 middagen per week op.',
	'Moeder is 34, vader 36.',
	'Ongeveer 1,5 jaar geleden eerder gemeld.',
	'24/7 bereikbaar via de crisisdienst.',
	'Kamer 12a op de afdeling.',
	'Het gezin verhuist naar Haarlem; school in 2011 bezocht.',
	'Sanne Verhoef (VT) en Femke Dijkhuis (CJG)',
	'Opvoedcursus van 8 bijeenkomsten, start 5 januari.',
	'In 2026 VT en CJG samen; 3 huisbezoeken.',
	'VT-medewerker, met de intern begeleider van school',
	'De zoon woont sinds kort zelfstandig; de bewindvoerder beheert het geld.',
	'Wachttijd 74 dagen, norm 56 dagen.',
	'Moeder@ werk? Nee, thuis.',
	'2 x per week, 3-4 uur.'
];

describe('identifying data in free text', () => {
	it.each(REFUSED)('refuses %j as %s', (text, kind) => {
		expect(found(text)).toEqual([kind]);
	});

	it.each(ALLOWED)('lets %j pass', (text) => {
		expect(findIdentifying(text, { now: NOW })).toEqual([]);
	});

	it('reports where each finding is, without overlap, in order of position', () => {
		const text = 'Moeder: 06-12345678, moeder@voorbeeld.nl; BSN 123456782; geb. 12-03-1990; Dorpsstraat 12a';
		const findings = findIdentifying(text, { now: NOW });
		expect(findings.map((f) => [f.kind, text.slice(f.index, f.index + f.length)])).toEqual([
			['phone', '06-12345678'],
			['email', 'moeder@voorbeeld.nl'],
			['bsn', '123456782'],
			['birthdate', 'geb. 12-03-1990'],
			['address', 'Dorpsstraat 12a']
		]);
	});

	it('reads dates against the moment of writing: an appointment then is a birth date years later', () => {
		const text = 'Huisbezoek op 30-11-2026.';
		expect(found(text)).toEqual([]);
		expect(kindsOf(findIdentifying(text, { now: new Date('2029-01-10T10:00:00Z') }))).toEqual(['birthdate']);
	});

	it('knows the BSN 11-proef, for eight and nine digits', () => {
		for (const good of ['111222333', '123456782', '12345672', '012345672']) expect(passesElevenTest(good), good).toBe(true);
		for (const bad of ['123456789', '12345678', '000000000', '1234567', '1234567890']) expect(passesElevenTest(bad), bad).toBe(false);
	});
});

describe('person labels', () => {
	const ACCEPTED = [
		'Kind 1 (8 jaar)',
		'Kind 2',
		'Kind',
		'Kind 12',
		'Moeder',
		'Vader',
		'Partner van moeder',
		'Oma (moederszijde)',
		'Opa (vaderskant)',
		'Stiefvader',
		'Broer (15 jaar)',
		'Pleegmoeder',
		'Buurvrouw',
		'Baby (5 maanden)',
		'Baby (3 weken)',
		'Jongere (15 jaar)',
		'Oudere (84 jaar)',
		'Inwonende kleinzoon',
		'Inwonend familielid',
		'Echtgenoot en mantelzorger',
		'Moeder/verzorger',
		'Ex-partner van vader',
		'Nieuwe partner van vader (35 jaar)',
		'Oma van moederszijde',
		'Halfzus (12 jaar)',
		'Grootmoeder',
		'Tante (vaderszijde)',
		'Zus van moeder (tante)',
		'Kind 2 van vader',
		'Kind van partner van moeder',
		'Ongeboren kind',
		'Moeder (zwanger)',
		'Oudste zoon, 17 jaar',
		'Jongen van 15 jaar',
		'kind 1 (8 jaar)',
		'KIND 1 (8 JAAR)',
		'  Kind  1  (8 jaar) ',
		'Kind 1 (ca. 8 jaar)',
		'Kind 3 (1,5 jaar)',
		'Tweelingzus',
		'Vermoedelijke pleger',
		'Volwassen zoon (24 jaar)',
		'Oom',
		'Verzorger',
		'Oudere broer',
		'Gastouder'
	];
	const REFUSED_LABELS = [
		'Jan de Vries',
		'Moeder van Jan',
		'Oma Els',
		'Kind 1 (Sam)',
		'J.',
		'J.d.V.',
		'Mevrouw Jansen',
		'Kleinman',
		'Kind Anna (8 jaar)',
		'Sophie',
		'Fam. Yilmaz',
		'Vader: Mohammed',
		'De buurman van nummer 12'
	];

	it.each(ACCEPTED)('accepts %j', (label) => {
		expect(isPersonLabel(label)).toBe(true);
	});

	it.each(REFUSED_LABELS)('refuses %j', (label) => {
		expect(isPersonLabel(label)).toBe(false);
	});

	it('refuses a name with a Dutch message that shows examples, and identifying data with its kind', () => {
		const label = personLabel({ label: 'de omschrijving', max: 80, required: 'Omschrijf deze directbetrokkene.' });
		expect(label.safeParse('Kind 1 (8 jaar)').data).toBe('Kind 1 (8 jaar)');
		expect(label.safeParse('Jan de Vries').error?.issues[0].message).toBe(PERSON_LABEL_MESSAGE);
		expect(PERSON_LABEL_MESSAGE).toBe(
			'Beschrijf de directbetrokkene met een rol, niet met een naam: bijvoorbeeld "Kind 1 (8 jaar)", "Moeder", "Partner van moeder" of "Oma (moederszijde)".'
		);
		expect(label.safeParse('Kind 987654321').error?.issues.map((i) => i.message)).toEqual([
			"De omschrijving lijkt een BSN of ander nummer van 9 cijfers te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN's, adressen of geboortedata in."
		]);
		expect(label.safeParse(' ').error?.issues[0].message).toBe('Omschrijf deze directbetrokkene.');
	});
});

describe('the free-text validator', () => {
	const note = optionalFreeText({ label: 'de toelichting', max: 500 });
	const message = (value: unknown) => note.safeParse(value).error?.issues.map((i) => i.message);

	it('refuses with one Dutch message that names the field and what was found', () => {
		expect(message('Bel 06-12345678')).toEqual([
			"De toelichting lijkt een telefoonnummer te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN's, adressen of geboortedata in."
		]);
		expect(message('moeder@voorbeeld.nl of 06 1234 5678')).toEqual([
			"De toelichting lijkt een e-mailadres en een telefoonnummer te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN's, adressen of geboortedata in."
		]);
		expect(message('Kind 1, geboren 12-03-2019')).toEqual([
			'De toelichting lijkt een geboortedatum te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN\'s, adressen of geboortedata in. Noem een leeftijd (bijvoorbeeld "8 jaar") of alleen maand en jaar.'
		]);
		expect(message('Woont op 2011 AB 12')).toEqual([
			"De toelichting lijkt een adres (postcode, straat of huisnummer) te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN's, adressen of geboortedata in."
		]);
		expect(identifyingMessage('het veld "Wie monitort"', ['bsn', 'phone', 'email'])).toBe(
			'Het veld "Wie monitort" lijkt een BSN of ander nummer van 9 cijfers, een telefoonnummer en een e-mailadres te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN\'s, adressen of geboortedata in.'
		);
	});

	it('checks the length first, so a huge text is refused without being searched', () => {
		const summary = freeText({ label: 'de situatieschets', max: 20, required: 'Schets de situatie.' });
		expect(summary.safeParse('06-12345678 '.repeat(10_000)).error?.issues.map((i) => i.message)).toEqual([
			'De situatieschets mag hoogstens 20 tekens hebben.'
		]);
	});

	it('passes ordinary text through, trimmed', () => {
		expect(note.parse('  Gesprek om 10:00, binnen 2 werkdagen terugbellen.  ')).toBe('Gesprek om 10:00, binnen 2 werkdagen terugbellen.');
		expect(note.parse(undefined)).toBe('');
	});
});

describe('every free-text field of the schemas', () => {
	const today = new Date().toISOString().slice(0, 10);
	const uuid = '7d3f1c2e-4b5a-4c6d-8e9f-0a1b2c3d4e5f';
	const person = { role: 'kind', label: 'Kind 1 (8 jaar)', spokenTo: 'on', spokenOn: today };
	const kase = {
		municipalityId: 'GM0392',
		reportDate: today,
		summary: 'Zorgen thuis.',
		safetyAgreements: 'Geen geweld.',
		monitoringBy: 'VT-medewerker',
		involvedPartnerId: uuid,
		involvedPartnerReason: 'Al betrokken.',
		persons: [person]
	};
	const moment = { monitorId: uuid, plannedOn: today, withFamily: 'on', withWhomNote: 'moeder' };
	/** [schema name, schema, valid input, field path, the field in messages] */
	const FIELDS: [string, z.ZodType, Record<string, unknown>, string, string][] = [
		['case', caseInputSchema, kase, 'summary', 'de situatieschets'],
		['case', caseInputSchema, kase, 'safetyAgreements', 'het veld "Veiligheidsafspraken"'],
		['case', caseInputSchema, kase, 'monitoringBy', 'het veld "Wie monitort"'],
		['case', caseInputSchema, kase, 'involvedPartnerReason', 'de reden'],
		['case', caseInputSchema, kase, 'persons.0.label', 'de omschrijving'],
		['offer', offerSchema, { toOrgId: uuid, message: 'Graag.' }, 'message', 'het bericht'],
		['decline', answerSchema, { answer: 'decline', reason: 'anders', note: 'Vol.' }, 'note', 'de toelichting'],
		['withdraw', withdrawSchema, { handoverId: uuid, note: '' }, 'note', 'de toelichting'],
		[
			'warm handover',
			warmPlanSchema,
			{ plannedAt: `${today}T10:00`, form: 'gesprek', vtAttendees: 'Sanne (VT)', partnerAttendees: 'Femke (CJG)' },
			'vtAttendees',
			'het veld "Wie gaan er namens Veilig Thuis?"'
		],
		[
			'warm handover',
			warmPlanSchema,
			{ plannedAt: `${today}T10:00`, form: 'gesprek', vtAttendees: 'Sanne (VT)', partnerAttendees: 'Femke (CJG)' },
			'partnerAttendees',
			'het veld "Wie gaan er namens de ketenpartner?"'
		],
		['tafel proposal', proposalSchema, { itemId: uuid, partnerId: uuid, note: '' }, 'note', 'de toelichting'],
		['tafel decision', decisionSchema, { outcome: 'offer', itemId: uuid, partnerId: uuid, message: '' }, 'message', 'het bericht'],
		['tafel decision', decisionSchema, { outcome: 'back_to_vt', itemId: uuid, note: 'Nog niet rond.' }, 'note', 'de toelichting'],
		['condition', conditionSchema, { description: 'Geen geweld.', ownerSide: 'vt', dueOn: today }, 'description', 'de omschrijving'],
		['step', stepSchema, { description: 'Gesprek plannen.', ownerSide: 'vt', dueOn: today }, 'description', 'de omschrijving'],
		[
			'check-in',
			recordCheckinSchema,
			{ outcome: 'zorgen', contactedOn: today, contactWith: 'Moeder, telefonisch', note: 'Spanning.' },
			'contactWith',
			'het veld "Met wie en hoe"'
		],
		[
			'check-in',
			recordCheckinSchema,
			{ outcome: 'zorgen', contactedOn: today, contactWith: 'Moeder, telefonisch', note: 'Spanning.' },
			'note',
			'de toelichting'
		],
		['replan', replanSchema, moment, 'withWhomNote', 'het veld "Welke hulpverlener en/of gezinsleden"'],
		['close', closeSchema, { ...moment, closingSummary: 'Afgerond.', melder: 'anonymous' }, 'closingSummary', 'de samenvatting'],
		[
			'monitoring outcome',
			outcomeSchema,
			{ heldOn: today, effect: 'Rust.', persons: [{ personId: uuid, safe: 'ja' }] },
			'effect',
			'het effect'
		],
		['reopen', reopenSchema, { reason: 'Nieuwe zorgen.' }, 'reason', 'de reden'],
		['API token', tokenCreateSchema, { name: 'Registratiesysteem', scopes: ['handovers:read'] }, 'name', 'de naam']
	];
	const set = (input: Record<string, unknown>, path: string, value: string) => {
		const copy = structuredClone(input);
		const keys = path.split('.');
		let at: Record<string, unknown> = copy;
		for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
		at[keys[keys.length - 1]] = value;
		return copy;
	};
	const SAMPLES: [IdentifyingKind, string][] = [
		['bsn', 'BSN 1234.56.782'],
		['phone', 'tel 023-5123456'],
		['email', 'moeder@voorbeeld.nl'],
		['address', '2011 AB 12'],
		['birthdate', 'geboren 12 maart 2015']
	];

	it.each(FIELDS)('%s accepts ordinary text and refuses each kind, naming the field', (_name, schema, valid, path, label) => {
		const ok = schema.safeParse(valid);
		expect(ok.success, JSON.stringify(ok.error?.issues)).toBe(true);
		for (const [kind, value] of SAMPLES) {
			const issues = schema.safeParse(set(valid, path, value)).error?.issues ?? [];
			expect(
				issues.map((i) => [i.path.join('.'), i.message]),
				kind
			).toEqual([[path, identifyingMessage(label, [kind])]]);
		}
	});
});

describe('privacy:scan and retention', () => {
	it('does not list a text that retention already replaced by its marker', async () => {
		const { judge } = await import('../../src/lib/server/validation/scan.ts');
		const { RETENTION_MARKER } = await import('../../src/lib/server/retention/policy.ts');
		expect(judge({ kind: 'label' }, RETENTION_MARKER, new Date())).toBeNull();
		expect(judge({ kind: 'label' }, 'Jan de Vries', new Date())).not.toBeNull();
	});
});
