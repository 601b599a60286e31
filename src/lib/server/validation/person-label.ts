import { PERSON_LABEL_EXAMPLES } from '../../free-text-hints.ts';

/**
 * How a directbetrokkene is described: by role, never by name. The accepted form, in one place:
 *
 *   [qualifier …] role [number] [(age, side, …)] [van [qualifier] role … | van moederszijde] [en <another>]
 *
 * e.g. "Kind 1 (8 jaar)", "Moeder", "Partner van moeder", "Oma (moederszijde)", "Stiefvader",
 * "Broer (15 jaar)", "Pleegmoeder", "Buurvrouw", "Inwonende kleinzoon", "Ex-partner van vader",
 * "Echtgenoot en mantelzorger". Ages as "(8 jaar)", "(5 maanden)", "(3 weken)", ", 8 jaar" or
 * "van 8 jaar". Anything else (a name, initials, a free description) is refused with examples.
 */

const FAMILY = ['moeder', 'vader', 'ouder', 'broer', 'broertje', 'zus', 'zusje', 'zuster', 'zoon', 'dochter', 'kind'];

/** Role words that stand on their own. */
const BASE = [
	...FAMILY,
	'baby',
	'zuigeling',
	'peuter',
	'kleuter',
	'jongere',
	'puber',
	'tiener',
	'meisje',
	'jongen',
	'mama',
	'papa',
	'partner',
	'echtgenoot',
	'echtgenote',
	'man',
	'vrouw',
	'vriend',
	'vriendin',
	'oma',
	'opa',
	'tante',
	'oom',
	'neef',
	'nicht',
	'zwager',
	'verzorger',
	'verzorgster',
	'voogd',
	'gezinslid',
	'familielid',
	'huisgenoot',
	'medebewoner',
	'bewoner',
	'oudere',
	'volwassene',
	'mantelzorger',
	'buurman',
	'buurvrouw',
	'buurjongen',
	'buurmeisje',
	'buurtgenoot',
	'kennis',
	'oppas',
	'gastouder',
	'pleger',
	'slachtoffer',
	'betrokkene',
	'cliënt',
	'client',
	'persoon'
];

/** Compounds: prefix → the role words it combines with ("stiefvader", "halfzus", "grootmoeder"). */
const COMPOUNDS: Record<string, string[]> = {
	stief: FAMILY,
	half: ['broer', 'broertje', 'zus', 'zusje'],
	pleeg: [...FAMILY, 'gezin'],
	schoon: ['moeder', 'vader', 'ouder', 'zoon', 'dochter', 'zus', 'zuster', 'broer'],
	groot: ['moeder', 'vader', 'ouder'],
	overgroot: ['moeder', 'vader', 'ouder'],
	klein: ['kind', 'zoon', 'dochter'],
	tweeling: ['broer', 'zus', 'zuster']
};

/** Words that may stand before a role ("nieuwe partner", "inwonende zoon", "oudste kind"). */
const QUALIFIERS = [
	'nieuwe',
	'huidige',
	'vorige',
	'voormalige',
	'biologische',
	'juridische',
	'inwonende',
	'inwonend',
	'uitwonende',
	'thuiswonende',
	'jongste',
	'oudste',
	'middelste',
	'andere',
	'eerste',
	'tweede',
	'derde',
	'vierde',
	'vijfde',
	'oudere',
	'jongere',
	'volwassen',
	'meerderjarige',
	'minderjarige',
	'ongeboren',
	'pasgeboren',
	'onbekende',
	'vermoedelijke',
	'aangetrouwde',
	'overleden'
];

/** Which side of the family. */
const SIDES = ['moederszijde', 'vaderszijde', 'moederskant', 'vaderskant', 'mz', 'vz'];

/** Age units and the words that may come before an age. */
const UNITS = ['jaar', 'jr', 'maanden', 'maand', 'mnd', 'weken', 'week', 'wk', 'dagen', 'dag'];
const ABOUT = ['ca', 'circa', 'ongeveer', '±', '~'];

/**
 * Each token class as one character, so the form is a small regular expression over classes:
 * r role, q qualifier, b both (oudere, jongere), s side, u age unit, a about, v "van", d article,
 * e "en", z "zwanger", n a number of one or two digits, m of three; ( ) , ; / & as themselves.
 */
const CLASSES = new Map<string, string>();
const put = (words: string[], cls: string) => words.forEach((w) => CLASSES.set(w, CLASSES.has(w) && CLASSES.get(w) !== cls ? 'b' : cls));
put([...BASE, ...Object.entries(COMPOUNDS).flatMap(([prefix, roles]) => roles.map((r) => prefix + r))], 'r');
put([...QUALIFIERS, 'ex'], 'q');
put(SIDES, 's');
put(UNITS, 'u');
put(ABOUT, 'a');
put(['van'], 'v');
put(['de', 'het', 'haar', 'zijn'], 'd');
put(['en'], 'e');
put(['zwanger'], 'z');

const R = '[rb]';
const Q = '[qb]';
const AGE = 'a?[nm]u';
const ROLE = `(?:${Q}){0,2}${R}n?`;
const ITEM = `(?:${AGE}|s|${Q}|${R}|[nm]|z)`;
const PAREN = `\\(${ITEM}(?:[,;]${ITEM})*\\)`;
const UNIT = `${ROLE}(?:${PAREN}|,${AGE}|v${AGE}|${AGE})*`;
const PHRASE = `${UNIT}(?:vd?(?:${UNIT}|s)){0,3}`;
const FORM = new RegExp(`^${PHRASE}(?:[e/&]${PHRASE})?$`);

const TOKEN = /\s*(?:([(),;/&±~])|(\d+(?:[.,]5)?)|([\p{L}]+(?:-[\p{L}]+)?\.?))/uy;

/** The label as a string of token classes, or null when it holds a word outside the vocabulary. */
function classesOf(label: string): string | null {
	let out = '';
	TOKEN.lastIndex = 0;
	const text = label.trim().toLowerCase();
	while (TOKEN.lastIndex < text.length) {
		const m = TOKEN.exec(text);
		if (!m) return null;
		const [, mark, number, word] = m;
		if (mark) out += CLASSES.get(mark) ?? mark;
		else if (number) out += /^\d{1,2}$/.test(number) ? 'n' : /^\d{3}$|^\d{1,3}[.,]5$/.test(number) ? 'm' : 'x';
		else {
			const bare = word.replace(/\.$/, '');
			const ex = /^ex-(.+)$/.exec(bare);
			const cls = ex ? (CLASSES.get(ex[1]) === 'r' ? 'qr' : undefined) : CLASSES.get(bare);
			if (!cls) return null;
			out += cls;
		}
	}
	return out;
}

/** True when a label describes a person by role (and age), not by name. */
export function isPersonLabel(label: string): boolean {
	const classes = classesOf(label);
	return classes !== null && FORM.test(classes);
}

/** The Dutch message for a label that does not fit, with examples. */
export const PERSON_LABEL_MESSAGE = `Beschrijf de directbetrokkene met een rol, niet met een naam: bijvoorbeeld ${PERSON_LABEL_EXAMPLES}.`;
