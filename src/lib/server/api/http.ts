import type { z } from 'zod';
import { invalidInput } from './errors.ts';
import { issuesToFields as fieldsOfIssues } from '../validation/issues.ts';
import { hasControlCharacters } from '../validation/text.ts';

/** Largest JSON body the API reads (the answers are small). */
export const MAX_BODY_BYTES = 16_384;

/** A JSON answer (dates become ISO 8601 strings). */
export function json(data: unknown, status = 200): Response {
	return new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/**
 * A JSON answer whose body is typed by its response schema (the one the OpenAPI document is
 * generated from): a body that does not fit the contract does not compile.
 */
export function jsonOf<S extends z.ZodType>(schema: S, body: z.output<S>, status = 200): Response {
	void schema; // the schema types the body; the contract test validates real answers against the document
	return json(body, status);
}

/** Field path → first Dutch message; unknown keys are named one by one (the mapper forms use too). */
export function issuesToFields(issues: z.core.$ZodIssue[]): Record<string, string> {
	return fieldsOfIssues(issues, 'body');
}

/** Parses a value with zod or throws a 400 naming the fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const result = schema.safeParse(value);
	if (!result.success) throw invalidInput(issuesToFields(result.error.issues));
	return result.data;
}

/** The first path (e.g. "note" or "reports.1.careType") whose key or string value holds a control character. */
function controlCharacterPath(value: unknown, path: string[] = []): string | null {
	if (typeof value === 'string') return hasControlCharacters(value) ? path.join('.') || 'body' : null;
	if (typeof value !== 'object' || value === null) return null;
	for (const [key, item] of Object.entries(value)) {
		if (hasControlCharacters(key)) return [...path, key].join('.');
		const found = controlCharacterPath(item, [...path, key]);
		if (found) return found;
	}
	return null;
}

const tooLarge = () =>
	invalidInput({ body: `De body mag hoogstens ${MAX_BODY_BYTES} bytes zijn.` }, 'De body van het verzoek is te groot.');

/**
 * Reads the request body as JSON, the one way every endpoint does: an empty body is undefined when
 * `optional` (else a 400 with `empty`), invalid or oversized JSON is a 400, and so is a string or
 * key holding a control character (PostgreSQL refuses NUL in text), naming the field.
 */
export async function readJson(request: Request, options: { optional?: boolean; empty?: string } = {}): Promise<unknown> {
	const text = await request.text(); // read whole (the portal caps bodies), so the connection stays usable
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw tooLarge();
	if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) throw tooLarge();
	if (!text.trim()) {
		if (options.optional) return undefined;
		throw invalidInput({ body: options.empty ?? 'Stuur een JSON-object mee.' }, 'De body van het verzoek is leeg.');
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw invalidInput({ body: 'Dit is geen geldige JSON.' }, 'De body van het verzoek is geen geldige JSON.');
	}
	const bad = controlCharacterPath(value);
	if (bad) throw invalidInput({ [bad]: 'Dit veld bevat een teken dat niet is toegestaan (bijvoorbeeld een nul-teken).' });
	return value;
}

/** Reads the request body as a JSON object: an empty body is {} when `optional`, another JSON type a 400. */
export async function readJsonObject(request: Request, optional = false): Promise<Record<string, unknown>> {
	const value = await readJson(request, { optional });
	if (value === undefined) return {};
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidInput(
			{ body: 'Stuur een JSON-object, bijvoorbeeld {"reason": "geen_capaciteit"}.' },
			'De body van het verzoek is geen JSON-object.'
		);
	}
	return value as Record<string, unknown>;
}
