import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/** The shortest password Ketentafel accepts (NCSC and NIST advise length over composition rules). */
export const MIN_PASSWORD_LENGTH = 12;
/** The longest: argon2id hashes whatever it is given, so a limit keeps a huge input from costing much. */
export const MAX_PASSWORD_LENGTH = 200;
/** zxcvbn's score (0–4) a new password must reach: 4, about 10^10 guesses or more (a word and a year is not enough). */
const MIN_SCORE = 4;

// Dutch words that common-password lists (English-centred) miss but Dutch users reach for first,
// and the names of this portal and region.
const DUTCH_WORDS = [
	'wachtwoord',
	'welkom',
	'welkom01',
	'geheim',
	'hallo',
	'doei',
	'zomer',
	'winter',
	'lente',
	'herfst',
	'voorjaar',
	'najaar',
	'januari',
	'februari',
	'maart',
	'april',
	'mei',
	'juni',
	'juli',
	'augustus',
	'september',
	'oktober',
	'november',
	'december',
	'maandag',
	'dinsdag',
	'woensdag',
	'donderdag',
	'vrijdag',
	'zaterdag',
	'zondag',
	'wijkteam',
	'gemeente',
	'jeugdzorg',
	'jeugdhulp',
	'veiligthuis',
	'veilig',
	'thuis',
	'ketentafel',
	'kennemerland',
	'haarlem',
	'ijmond',
	'haarlemmermeer',
	'nederland',
	'amsterdam',
	'feyenoord',
	'ajax',
	'oranje',
	'konijn',
	'poesje',
	'schatje',
	'liefje'
];

let factory: ZxcvbnFactory | undefined;

/**
 * zxcvbn-ts with its maintained common-language package: about 30,000 passwords from public breach
 * lists plus common names and words, matched with l33t, reversed, repeated and keyboard variants.
 */
function estimator(): ZxcvbnFactory {
	return (factory ??= new ZxcvbnFactory({
		dictionary: { ...common.dictionary, dutch: DUTCH_WORDS },
		graphs: common.adjacencyGraphs
	}));
}

/** What a password may not be built from: the person's name and e-mail address, and their organisation. */
export interface PasswordContext {
	email?: string;
	name?: string;
	organisation?: string;
}

function contextWords(context: PasswordContext): string[] {
	// the e-mail address's own part, not its domain (a domain like "ggd.nl" says little about the person)
	const words = [context.email?.split('@')[0] ?? '', context.name ?? '', context.organisation ?? '']
		.flatMap((value) => [value, ...value.split(/[^\p{L}\p{N}]+/u)])
		.map((word) => word.toLowerCase())
		.filter((word) => word.length >= 3);
	return [...new Set(words)];
}

/**
 * Checks a new password: at least MIN_PASSWORD_LENGTH characters, at most MAX_PASSWORD_LENGTH, and
 * not guessable from the common-password lists, Dutch everyday words or the person's own name,
 * address or organisation. Returns the Dutch message for the form, or null when it is good.
 */
export async function passwordProblem(password: string, context: PasswordContext = {}): Promise<string | null> {
	if (password.length < MIN_PASSWORD_LENGTH) {
		return `Kies een wachtwoord van minstens ${MIN_PASSWORD_LENGTH} tekens. Een zin van een paar woorden is lang genoeg en goed te onthouden.`;
	}
	if (password.length > MAX_PASSWORD_LENGTH) return `Een wachtwoord mag hoogstens ${MAX_PASSWORD_LENGTH} tekens hebben.`;
	const words = contextWords(context);
	const plain = password.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
	const result = await estimator().check(password, words);
	const personal =
		words.some((word) => word.length >= 4 && plain.includes(word.replace(/[^\p{L}\p{N}]+/gu, ''))) ||
		(result.score < MIN_SCORE && result.sequence.some((part) => 'dictionaryName' in part && part.dictionaryName === 'userInputs'));
	if (personal) return 'Dit wachtwoord bevat uw naam, e-mailadres of organisatie en is daardoor te raden. Kies een ander wachtwoord.';
	if (result.score >= MIN_SCORE) return null;
	return 'Dit wachtwoord komt voor in lijsten van veelgebruikte wachtwoorden of is op een andere manier makkelijk te raden. Kies een ander wachtwoord, bijvoorbeeld een zin van een paar woorden.';
}
