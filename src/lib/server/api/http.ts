import type { z } from 'zod';
import { invalidInput } from './errors.ts';

/** Largest JSON body the API reads (the answers are small). */
export const MAX_BODY_BYTES = 16_384;

/** A JSON answer (dates become ISO 8601 strings). */
export function json(data: unknown, status = 200): Response {
	return new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** Field path → first Dutch message; unknown keys are named one by one. */
export function issuesToFields(issues: z.core.$ZodIssue[]): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const issue of issues) {
		const prefix = issue.path.map(String).join('.');
		if (issue.code === 'unrecognized_keys') {
			for (const key of issue.keys) fields[prefix ? `${prefix}.${key}` : key] ??= 'Onbekend veld: laat het weg.';
			continue;
		}
		fields[prefix || 'body'] ??= issue.message;
	}
	return fields;
}

/** Parses a value with zod or throws a 400 naming the fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const result = schema.safeParse(value);
	if (!result.success) throw invalidInput(issuesToFields(result.error.issues));
	return result.data;
}

/**
 * Reads the request body as a JSON object: an empty body is {} when `optional`, otherwise a 400;
 * invalid JSON, another JSON type or an oversized body is a 400.
 */
export async function readJsonObject(request: Request, optional = false): Promise<Record<string, unknown>> {
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
		throw invalidInput({ body: `De body mag hoogstens ${MAX_BODY_BYTES} bytes zijn.` }, 'De body van het verzoek is te groot.');
	}
	const text = await request.text();
	if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) {
		throw invalidInput({ body: `De body mag hoogstens ${MAX_BODY_BYTES} bytes zijn.` }, 'De body van het verzoek is te groot.');
	}
	if (!text.trim()) {
		if (optional) return {};
		throw invalidInput({ body: 'Stuur een JSON-object mee.' }, 'De body van het verzoek is leeg.');
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw invalidInput({ body: 'Dit is geen geldige JSON.' }, 'De body van het verzoek is geen geldige JSON.');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidInput({ body: 'Stuur een JSON-object, bijvoorbeeld {"reason": "geen_capaciteit"}.' }, 'De body van het verzoek is geen JSON-object.');
	}
	return value as Record<string, unknown>;
}
