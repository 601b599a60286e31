/**
 * Finding identifying data in free text: BSN-like numbers, phone numbers, e-mail addresses,
 * addresses (postcode, street and house number) and dates of birth. Pure functions: the zod
 * validator (text.ts) and `npm run privacy:scan` both use findIdentifying.
 *
 * Trade-offs, chosen to keep false positives low for what professionals really write:
 * - Numbers. Digits joined by spaces, dots or dashes are read as one number ("123 456 782",
 *   "06-1234 5678"); any nine digits are refused (a BSN, or a number that cannot be told apart
 *   from one), eight digits only when they pass the BSN 11-proef and are not a date, a time range,
 *   a year range or an amount. Times (10:00, 10.00 uur), counts and ages never reach eight digits.
 * - Dates. Professionals write appointment and incident dates all the time, so a date is refused
 *   only when it looks like a date of birth: right after "geboren", "geb.", "geboortedatum",
 *   "jarig" and the like (a day and month is enough there), or a full date more than
 *   BIRTH_DATE_YEARS years before the moment of writing. The price: an older event written as a
 *   full date ("eerdere melding op 14-02-2021") is refused too; the message asks for a month and
 *   year instead, which is all the chain needs. Birth dates of children under two written without
 *   such a word pass; the hint on every field asks for an age instead.
 * - Postcodes. "1234AB" (glued) always counts; "1234 AB" (with a space) only when a house number
 *   or a place name follows, since "in 2026 VT …" is ordinary text. Streets count with a house
 *   number ("Dorpsstraat 12a"), for the usual street suffixes only.
 * - Phone numbers: Dutch numbers of ten digits starting with 0, +31 / 0031 with nine digits, and
 *   other international numbers (+ or 00, 8 to 15 digits). Short and service numbers (112,
 *   0800-2000, 0900-8844) are not personal and pass.
 */

export const IDENTIFYING_KINDS = ['bsn', 'phone', 'email', 'address', 'birthdate'] as const;
export type IdentifyingKind = (typeof IDENTIFYING_KINDS)[number];

/** Where identifying data was found: its kind, the index of its first character and its length. */
export interface Finding {
	kind: IdentifyingKind;
	index: number;
	length: number;
}

export interface FindOptions {
	/** The moment the text was written (default now): a full date this much older counts as a birth date. */
	now?: Date;
}

/** A full date more than this many years before the moment of writing counts as a date of birth. */
export const BIRTH_DATE_YEARS = 2;

// ------------------------------------------------------------------------------------------------
// numbers: BSN and phone

/** Separators inside a number as people type them: spaces (also non-breaking), dots, dashes. */
const SEP = '[ \\t\\u00A0\\u2009\\u202F.\\-\\u2010-\\u2013]';
/** One digit, or a group in parentheses as in "(023)" or "(0)". */
const UNIT = '(?:\\(\\d{1,4}\\)|\\d)';
const NUMBER_RUN = new RegExp(`(?<!\\d)(?:\\+${SEP}?)?${UNIT}(?:${SEP}{1,3}${UNIT}|${UNIT})*`, 'g');

const DATE_SHAPE = /^\d{1,2}([-./ ])\d{1,2}\1(?:\d{4}|\d{2})$|^\d{4}-\d{1,2}-\d{1,2}$/;
const STARTS_WITH_DATE = /^\d{1,2}([-./])\d{1,2}\1(?:\d{4}(?!\d)|\d{2}(?=\s))/;
const TIME_RANGE = /^\d{1,2}[.:]\d{2}\s*[-\u2010-\u2013]\s*\d{1,2}[.:]\d{2}$/;
const YEAR_RANGE = /^\d{4}\s*[-\u2010-\u2013]\s*\d{4}$/;
const THOUSANDS = /^\d{1,3}(?:\.\d{3})+$/;

/** The BSN 11-proef on eight or nine digits (eight: a BSN written without its leading zero). */
export function passesElevenTest(digits: string): boolean {
	if (!/^\d{8,9}$/.test(digits)) return false;
	const d = digits.padStart(9, '0');
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += (9 - i) * Number(d[i]);
	sum -= Number(d[8]);
	return sum % 11 === 0 && Number(d) > 0;
}

/** What a number as written is, or null. */
function classifyNumber(written: string): 'bsn' | 'phone' | null {
	const digits = written.replace(/\D/g, '');
	if (written.startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? 'phone' : null;
	if (digits.startsWith('00') && digits.length >= 11 && digits.length <= 15) return 'phone';
	if (digits.length === 10 && digits.startsWith('0') && !STARTS_WITH_DATE.test(written)) return 'phone';
	if (digits.length === 9) return 'bsn';
	if (digits.length === 8 && !digits.startsWith('0') && passesElevenTest(digits)) {
		const bare = written.trim();
		if (DATE_SHAPE.test(bare) || TIME_RANGE.test(bare) || YEAR_RANGE.test(bare) || THOUSANDS.test(bare)) return null;
		return 'bsn';
	}
	return null;
}

/**
 * Numbers in a run of digits and separators. A run may join several numbers by spaces ("Kind 2
 * 06-12345678"), so its space-separated pieces are tried too, longest stretch first.
 */
function numbersIn(text: string): Finding[] {
	const found: Finding[] = [];
	for (const run of text.matchAll(NUMBER_RUN)) {
		if (/€\s*$|EUR\s*$/i.test(text.slice(Math.max(0, run.index - 5), run.index))) continue;
		const pieces = [...run[0].matchAll(/[^ \t\u00A0\u2009\u202F]+/g)].map((p) => ({
			start: run.index + p.index,
			end: run.index + p.index + p[0].length
		}));
		for (let i = 0; i < pieces.length;) {
			let matched = false;
			for (let j = Math.min(pieces.length - 1, i + 7); j >= i; j--) {
				const kind = classifyNumber(text.slice(pieces[i].start, pieces[j].end));
				if (!kind) continue;
				found.push({ kind, index: pieces[i].start, length: pieces[j].end - pieces[i].start });
				i = j + 1;
				matched = true;
				break;
			}
			if (!matched) i++;
		}
	}
	return found;
}

// ------------------------------------------------------------------------------------------------
// e-mail

const EMAIL = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+(?:\s?@\s?|\s?[([]at[)\]]\s?)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;

// ------------------------------------------------------------------------------------------------
// addresses

/** Two letters after four digits that are units, not a postcode ("1000mg"); SA, SD and SS are never issued. */
const NOT_POSTCODE_LETTERS = new Set(['mg', 'ml', 'kg', 'km', 'cm', 'mm', 'gr', 'kb', 'mb', 'gb', 'pk', 'kw', 'jr', 'sa', 'sd', 'ss']);
const HOUSE_NUMBER = '\\d{1,5}(?:\\s?[a-zA-Z](?![\\p{L}])|-\\d{1,4}|\\s?(?:hs|bis|zw|rd))?';
const POSTCODE_GLUED = new RegExp(
	`(?<![\\p{L}\\p{N}])[1-9]\\d{3}([a-zA-Z]{2})(?![\\p{L}\\p{N}])(?:\\s*,?\\s*${HOUSE_NUMBER}(?![\\p{L}\\p{N}]))?`,
	'gu'
);
const POSTCODE_SPACED = new RegExp(
	`(?<![\\p{L}\\p{N}])[1-9]\\d{3}[ \\u00A0]([A-Z]{2})(?![\\p{L}\\p{N}])(?:\\s*,?\\s*${HOUSE_NUMBER}(?![\\p{L}\\p{N}])|(?=\\s*,?\\s*\\p{Lu}\\p{Ll}))`,
	'gu'
);
const POSTCODE_NAMED = /postcode\s*:?\s*[1-9]\d{3}\s?[a-zA-Z]{2}(?![\p{L}\p{N}])/giu;
const STREET_SUFFIXES =
	'straat|straatje|laan|laantje|weg|plein|kade|gracht|singel|dijk|dreef|plantsoen|steeg|hof|markt|park|dam|wal|burgwal|boulevard';
const STREET = new RegExp(
	`(?<![\\p{L}])\\p{L}{2,}(?:${STREET_SUFFIXES})\\s+(?:nr\\.?\\s*|nummer\\s+)?${HOUSE_NUMBER}(?![\\p{L}\\p{N}])`,
	'giu'
);
/** Words after "<word>weg 2" that show it is a count, not a house number. */
const COUNT_WORDS =
	/^\s*(?:x\b|keer|maal|jaar|jr|maanden|maand|weken|week|dagen|dag|uur|uren|minuten|min|kinderen|kind|personen|mensen|km|kilometer|meter|m|%|procent)/i;

function addressesIn(text: string): Finding[] {
	const found: Finding[] = [];
	const add = (m: RegExpMatchArray) => found.push({ kind: 'address', index: m.index!, length: m[0].trimEnd().length });
	for (const m of text.matchAll(POSTCODE_GLUED)) if (!NOT_POSTCODE_LETTERS.has(m[1].toLowerCase())) add(m);
	for (const m of text.matchAll(POSTCODE_SPACED)) if (!NOT_POSTCODE_LETTERS.has(m[1].toLowerCase())) add(m);
	for (const m of text.matchAll(POSTCODE_NAMED)) add(m);
	for (const m of text.matchAll(STREET)) if (!COUNT_WORDS.test(text.slice(m.index! + m[0].length))) add(m);
	return found;
}

// ------------------------------------------------------------------------------------------------
// dates of birth

const MONTHS: Record<string, number> = {
	januari: 1,
	jan: 1,
	februari: 2,
	feb: 2,
	maart: 3,
	mrt: 3,
	mar: 3,
	april: 4,
	apr: 4,
	mei: 5,
	juni: 6,
	jun: 6,
	juli: 7,
	jul: 7,
	augustus: 8,
	aug: 8,
	september: 9,
	sept: 9,
	sep: 9,
	oktober: 10,
	okt: 10,
	oct: 10,
	november: 11,
	nov: 11,
	december: 12,
	dec: 12
};
const MONTH_NAMES = Object.keys(MONTHS)
	.sort((a, b) => b.length - a.length)
	.join('|');

interface WrittenDate {
	index: number;
	length: number;
	day: number;
	month: number;
	year: number | null;
}

const NUMERIC_DATE = /(?<![\p{L}\d.,-])(\d{1,2})([-./ ])(\d{1,2})\2(\d{4}|\d{2})(?![\d]|[.,-]\d)/gu;
const ISO_DATE = /(?<![\p{L}\d.,-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d]|[.,-]\d)/gu;
const WORDED_DATE = new RegExp(
	`(?<![\\p{L}\\p{N}])(\\d{1,2})(?:e|ste|de)?\\s+(${MONTH_NAMES})\\.?(?:\\s+(\\d{4}|'\\d{2}))?(?![\\p{L}\\p{N}])`,
	'giu'
);
const DAY_MONTH = /(?<![\d.,:-])(\d{1,2})[-/.](\d{1,2})(?![\d]|[.,:/-]\d)/g;
/** Words that announce a birth date (or birthday). */
const BIRTH_WORD = /(?<![\p{L}])(?:geboren|geb\.?|geboortedatum|geboortedag|geb\.?\s?datum|verjaardag|jarig|dob|d\.o\.b\.?)(?![\p{L}])/giu;
/** How far before a date the birth word may stand ("geboren op", "geb.:", "geboortedatum van kind 1:"). */
const BIRTH_WORD_REACH = 30;
/** How far after a date it may stand ("op 12-03-2026 is de baby geboren"). */
const BIRTH_WORD_REACH_BACK = 15;

function fullYear(written: string, now: Date): number {
	const y = Number(written.replace("'", ''));
	if (written.replace("'", '').length === 4) return y;
	const century = 2000 + y <= now.getUTCFullYear() ? 2000 : 1900;
	return century + y;
}

function isRealDay(day: number, month: number, year: number | null): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	return day <= new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();
}

function datesIn(text: string, now: Date, withoutYear: boolean): WrittenDate[] {
	const out: WrittenDate[] = [];
	const push = (m: RegExpMatchArray, day: number, month: number, year: number | null) => {
		if (isRealDay(day, month, year)) out.push({ index: m.index!, length: m[0].length, day, month, year });
	};
	for (const m of text.matchAll(NUMERIC_DATE)) {
		// "12 3 15" is rarely a date: with spaces only a four-digit year counts
		if (m[2] !== ' ' || m[4].length === 4) push(m, Number(m[1]), Number(m[3]), fullYear(m[4], now));
	}
	for (const m of text.matchAll(ISO_DATE)) push(m, Number(m[3]), Number(m[2]), Number(m[1]));
	for (const m of text.matchAll(WORDED_DATE)) push(m, Number(m[1]), MONTHS[m[2].toLowerCase()], m[3] ? fullYear(m[3], now) : null);
	if (withoutYear) for (const m of text.matchAll(DAY_MONTH)) push(m, Number(m[1]), Number(m[2]), null);
	return out;
}

function birthDatesIn(text: string, now: Date): Finding[] {
	const found: Finding[] = [];
	const limit = new Date(now);
	limit.setUTCFullYear(limit.getUTCFullYear() - BIRTH_DATE_YEARS);
	for (const d of datesIn(text, now, false)) {
		if (d.year !== null && Date.UTC(d.year, d.month - 1, d.day) < limit.getTime())
			found.push({ kind: 'birthdate', index: d.index, length: d.length });
	}
	for (const word of text.matchAll(BIRTH_WORD)) {
		const from = word.index + word[0].length;
		const after = text.slice(from, from + BIRTH_WORD_REACH).split(/[\n;]/)[0];
		const [first] = datesIn(after, now, true).sort((a, b) => a.index - b.index);
		if (first) found.push({ kind: 'birthdate', index: word.index, length: from - word.index + first.index + first.length });
		const start = Math.max(0, word.index - BIRTH_WORD_REACH_BACK - 20);
		const before = text.slice(start, word.index);
		const last = datesIn(before, now, false)
			.filter((d) => !/[\n;]/.test(before.slice(d.index + d.length)) && before.length - (d.index + d.length) <= BIRTH_WORD_REACH_BACK)
			.sort((a, b) => b.index - a.index)[0];
		if (last) found.push({ kind: 'birthdate', index: start + last.index, length: from - start - last.index });
	}
	return found;
}

// ------------------------------------------------------------------------------------------------

/** Detectors in order of precedence: where two overlap, the earlier one names the finding. */
const DETECTORS: ((text: string, now: Date) => Finding[])[] = [
	(text) => [...text.matchAll(EMAIL)].map((m) => ({ kind: 'email' as const, index: m.index, length: m[0].length })),
	(text) => numbersIn(text).filter((f) => f.kind === 'phone'),
	addressesIn,
	birthDatesIn,
	(text) => numbersIn(text).filter((f) => f.kind === 'bsn')
];

/**
 * The identifying data in a text, in order of position, without overlaps: BSN-like numbers, phone
 * numbers, e-mail addresses, postcodes and streets with a house number, and dates of birth (see
 * the trade-offs above). An empty list means the text may be saved.
 */
export function findIdentifying(text: string, options: FindOptions = {}): Finding[] {
	// every kind needs a digit, except an e-mail address
	if (!/\d/.test(text) && !/@|[([]at[)\]]/i.test(text)) return [];
	const now = options.now ?? new Date();
	const accepted: Finding[] = [];
	const overlaps = (a: Finding, b: Finding) => a.index < b.index + b.length && b.index < a.index + a.length;
	for (const detect of DETECTORS) {
		for (const finding of detect(text, now).sort((a, b) => a.index - b.index)) {
			if (!accepted.some((a) => overlaps(a, finding))) accepted.push(finding);
		}
	}
	return accepted.sort((a, b) => a.index - b.index);
}

/** The kinds found, each once, in order of first appearance. */
export function kindsOf(findings: Finding[]): IdentifyingKind[] {
	return [...new Set(findings.map((f) => f.kind))];
}
