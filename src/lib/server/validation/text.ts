import { z } from 'zod';

/** C0 control characters other than tab, line feed and carriage return, DEL, and the C1 range. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** True when a text holds a control character (NUL included) that no person types. */
export function hasControlCharacters(value: string): boolean {
	return CONTROL.test(value);
}

// Nine digits, also as printed on ID documents ("1234.56.782") or glued to letters ("BSN123456782").
const BSN_LIKE = /(?<!\d)\d{4}[.\s-]?\d{2}[.\s-]?\d{3}(?!\d)/;

export interface TextOptions {
	/** The field in a sentence, e.g. "de toelichting". */
	label: string;
	max: number;
	/** When given, the field is required and this is the message for an empty one. */
	required?: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Free text a professional writes (pages, API, sockets): trimmed, bounded, without control
 * characters and without a BSN-like number. Messages are Dutch and name the field.
 */
export function freeText({ label, max, required }: TextOptions) {
	const base = z
		.string({ error: required ?? `Vul ${label} in.` })
		.refine((v) => !hasControlCharacters(v), { error: `${capital(label)} bevat een teken dat niet is toegestaan.`, abort: true })
		.transform((v) => v.trim())
		.pipe(
			z
				.string()
				.min(required ? 1 : 0, { error: required ?? `Vul ${label} in.` })
				.max(max, { error: `${capital(label)} mag hoogstens ${max} tekens hebben.` })
				.refine((v) => !BSN_LIKE.test(v), { error: `Vul bij ${label} geen BSN of ander nummer van 9 cijfers in.` })
		);
	return base;
}

/** Optional free text: missing or null counts as ''. */
export function optionalFreeText(options: Omit<TextOptions, 'required'>) {
	return z.preprocess((v) => (v == null ? '' : v), freeText(options));
}
