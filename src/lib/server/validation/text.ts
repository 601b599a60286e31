import { z } from 'zod';
import { findIdentifying, kindsOf, type FindOptions, type IdentifyingKind } from './identifying.ts';
import { isPersonLabel, PERSON_LABEL_MESSAGE } from './person-label.ts';

/** C0 control characters other than tab, line feed and carriage return, DEL, and the C1 range. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** True when a text holds a control character (NUL included) that no person types. */
export function hasControlCharacters(value: string): boolean {
	return CONTROL.test(value);
}

export interface TextOptions {
	/** The field in a sentence, singular, e.g. "de toelichting" or "het veld ‘Wie monitort’". */
	label: string;
	max: number;
	/** When given, the field is required and this is the message for an empty one. */
	required?: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Each kind of identifying data in a message, with an article. */
export const KIND_NOUNS: Record<IdentifyingKind, string> = {
	bsn: 'een BSN of ander nummer van 9 cijfers',
	phone: 'een telefoonnummer',
	email: 'een e-mailadres',
	address: 'een adres (postcode, straat of huisnummer)',
	birthdate: 'een geboortedatum'
};

const words = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`);

/**
 * The Dutch message for a text with identifying data: names the field and what was found, e.g.
 * "De toelichting lijkt een telefoonnummer te bevatten. Vul geen telefoonnummers, …".
 */
export function identifyingMessage(label: string, kinds: IdentifyingKind[]): string {
	const tail = kinds.includes('birthdate') ? ' Noem een leeftijd (bijvoorbeeld "8 jaar") of alleen maand en jaar.' : '';
	return `${capital(label)} lijkt ${words(kinds.map((k) => KIND_NOUNS[k]))} te bevatten. Vul geen telefoonnummers, e-mailadressen, BSN's, adressen of geboortedata in.${tail}`;
}

/** The message for a text that holds identifying data, or null when it may be saved. */
export function identifyingProblem(value: string, label: string, options: FindOptions = {}): string | null {
	const kinds = kindsOf(findIdentifying(value, options));
	return kinds.length ? identifyingMessage(label, kinds) : null;
}

/**
 * Free text a professional writes (pages, API, sockets): trimmed, bounded, without control
 * characters and without identifying data (BSN-like numbers, phone numbers, e-mail addresses,
 * addresses, dates of birth: see identifying.ts). The one validator for every free-text field;
 * messages are Dutch and name the field.
 */
export function freeText({ label, max, required }: TextOptions) {
	return z
		.string({ error: required ?? `Vul ${label} in.` })
		.refine((v) => !hasControlCharacters(v), { error: `${capital(label)} bevat een teken dat niet is toegestaan.`, abort: true })
		.transform((v) => v.trim())
		.pipe(
			z
				.string()
				.min(required ? 1 : 0, { error: required ?? `Vul ${label} in.` })
				.max(max, { error: `${capital(label)} mag hoogstens ${max} tekens hebben.`, abort: true })
				.superRefine((v, ctx) => {
					const message = identifyingProblem(v, label);
					if (message) ctx.addIssue({ code: 'custom', message });
				})
		);
}

/** Optional free text: missing or null counts as ''. */
export function optionalFreeText(options: Omit<TextOptions, 'required'>) {
	return z.preprocess((v) => (v == null ? '' : v), freeText(options));
}

/**
 * The description of a directbetrokkene: free text (as above) that also follows the role-and-age
 * form of person-label.ts ("Kind 1 (8 jaar)", "Partner van moeder"), never a name.
 */
export function personLabel({ label, max, required }: TextOptions & { required: string }) {
	return freeText({ label, max, required }).pipe(z.string().refine(isPersonLabel, { error: PERSON_LABEL_MESSAGE }));
}
