/**
 * The afsluitbrief to the melder (rule 7): the template's placeholders, the built-in default, the
 * rules a template follows, and the sentences Ketentafel fills in. Pure functions.
 *
 * What a melder may receive: that VT finished, in general words where the help continues, that
 * veiligheidsafspraken were made and which kind of organisation oversees them, and whom to contact.
 * Never the family's situation: none of the case's free texts (situatieschets, veiligheidsafspraken,
 * samenvatting, directbetrokkenen, notes) is ever put into a letter; only choices and kinds are.
 */

/** The placeholders a template may use, with what they become (Dutch, for the beheer page). */
export const PLACEHOLDERS = {
	datum: 'de datum van de brief, bijvoorbeeld "5 december 2026"',
	referentie: 'het kenmerk van de zaak, bijvoorbeeld "VT-2026-000123"',
	uitkomst: 'de uitkomst in algemene woorden: Veilig Thuis heeft het onderzoek afgerond en waar de hulp verder gaat',
	toezicht: 'dat er veiligheidsafspraken zijn gemaakt en welke organisatie erop toeziet',
	contact: 'wie de melder kan bellen als de situatie verandert (het veld "Contact" hieronder)'
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

/** Placeholders every template needs: the letter must say the outcome, the oversight and whom to contact. */
export const REQUIRED_PLACEHOLDERS: readonly Placeholder[] = ['uitkomst', 'toezicht', 'contact'];

export const DEFAULT_CONTACT = 'Veilig Thuis Kennemerland, telefoonnummer 0800-2000 (gratis, dag en nacht bereikbaar)';

export const DEFAULT_TEMPLATE = `Datum: {datum}
Ons kenmerk: {referentie}
Betreft: de uitkomst van uw melding

Geachte melder,

U heeft een melding gedaan bij Veilig Thuis. Met deze brief laten wij u weten dat wij ons onderzoek hebben afgerond. Om de privacy van de betrokkenen te beschermen, kunnen wij u niets vertellen over de situatie van het gezin.

{uitkomst}

{toezicht}

Maakt u zich opnieuw zorgen, of verandert de situatie? Neem dan contact op met {contact}. Noemt u daarbij het kenmerk van deze brief.

Wij danken u voor uw melding. Dankzij melders zoals u kunnen wij in actie komen als de veiligheid van kinderen of volwassenen in gevaar is.

Met vriendelijke groet,

Veilig Thuis Kennemerland`;

const TOKEN = /\{([^{}]*)\}/g;

/** What is wrong with a template body (Dutch), or an empty list. */
export function templateProblems(body: string): string[] {
	const problems: string[] = [];
	const used = new Set<string>();
	const unknown = new Set<string>();
	for (const [, name] of body.matchAll(TOKEN)) {
		if (Object.hasOwn(PLACEHOLDERS, name)) used.add(name);
		else unknown.add(name);
	}
	if (unknown.size)
		problems.push(
			`Onbekende invulplek ${[...unknown].map((n) => `{${n}}`).join(', ')}. Gebruik alleen ${Object.keys(PLACEHOLDERS)
				.map((n) => `{${n}}`)
				.join(', ')}.`
		);
	const stray = body.replace(TOKEN, '');
	if (/[{}]/.test(stray)) problems.push('Er staat een losse accolade in de tekst: schrijf een invulplek als {uitkomst}.');
	const missing = REQUIRED_PLACEHOLDERS.filter((p) => !used.has(p));
	if (missing.length) problems.push(`De brief moet ${missing.map((p) => `{${p}}`).join(', ')} bevatten.`);
	return problems;
}

/** Puts the values in place of the placeholders. */
export function fillTemplate(body: string, values: Record<Placeholder, string>): string {
	return body.replace(TOKEN, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as Placeholder] : whole));
}

/** How a partner kind is named to a melder: general words, never the team's own name. */
export const KIND_IN_LETTER: Record<string, string> = {
	cjg: 'het Centrum voor Jeugd en Gezin',
	wijkteam: 'het sociaal wijkteam',
	consortium: 'een aanbieder van specialistische jeugdhulp',
	ggd: 'de GGD',
	jeugdhulp: 'een jeugdhulpaanbieder'
};

/** What the letter's sentences are made of: choices and kinds from the closure, never free text. */
export interface LetterFacts {
	/** The kind of partner that continues the help (an accepted or completed handover, or the partner already involved). */
	partnerKind: string | null;
	/** The partner was already involved before VT (the exception of rule 3). */
	partnerAlreadyInvolved: boolean;
	/** Veiligheidsafspraken were made (whether the field is filled, never its text). */
	agreementsMade: boolean;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The sentences for {uitkomst} and {toezicht}. */
export function letterSentences(f: LetterFacts): { uitkomst: string; toezicht: string } {
	const partner = f.partnerKind ? (KIND_IN_LETTER[f.partnerKind] ?? 'een hulpverlenende organisatie') : null;
	const uitkomst = partner
		? f.partnerAlreadyInvolved
			? `Er was al hulpverlening bij het gezin betrokken. Veilig Thuis heeft de zorg na het onderzoek overgedragen aan ${partner}, dat de hulp voortzet.`
			: `Veilig Thuis heeft ervoor gezorgd dat het gezin verder wordt geholpen door ${partner}.`
		: 'Veilig Thuis heeft met de betrokkenen gesproken en het onderzoek afgerond.';
	const overseer = partner ? capital(partner) : 'Veilig Thuis';
	const toezicht = f.agreementsMade
		? `Er zijn afspraken gemaakt over de veiligheid. ${overseer} ziet erop toe dat deze afspraken worden nagekomen. Veilig Thuis neemt na enige tijd nog contact op om te horen hoe het gaat.`
		: 'Veilig Thuis neemt na enige tijd nog contact op om te horen hoe het gaat.';
	return { uitkomst, toezicht };
}

const longDay = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar day (YYYY-MM-DD) as in a letter: "5 december 2026". */
export function letterDay(day: string): string {
	return longDay.format(new Date(`${day}T00:00:00Z`));
}
