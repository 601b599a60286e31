import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Actor } from '../actor.ts';
import { requireActor } from '../auth/guards.ts';
import { domainDeps } from '../services.ts';
import { issuesByPath } from '../forms.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { forbidden } from '../http.ts';
import type { ServiceDeps } from '../deps.ts';

/** The tafel services' dependencies in the portal process. */
export function tableDeps(): ServiceDeps {
	return domainDeps();
}

/** The signed-in person acting for their active organisation (redirects to sign-in otherwise). */
export function tableActor(event: RequestEvent): Actor {
	return requireActor(event);
}

/** What a failed tafel form returns: which form, a Dutch message, field messages, the values sent. */
export interface TableFormProblem {
	form: string;
	message: string;
	fields: Record<string, string>;
	values: Record<string, string | string[]>;
}

/** Parses form data with a schema; on failure the ActionFailure to return (400). */
export function parseForm<S extends z.ZodType>(
	schema: S,
	raw: Record<string, unknown>,
	form: string
): { data: z.output<S>; failure?: undefined } | { data?: undefined; failure: ActionFailure<TableFormProblem> } {
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { data: parsed.data };
	const fields = issuesByPath(parsed.error.issues);
	return { failure: fail(400, { form, message: Object.values(fields)[0] ?? 'Controleer het formulier.', fields, values: stringsOf(raw) }) };
}

function stringsOf(raw: Record<string, unknown>): Record<string, string | string[]> {
	const text = (v: unknown): v is string | string[] => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
	return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string | string[]] => text(e[1])));
}

/**
 * Runs a tafel service call for a form action: InputError → 400, ConflictError → 409 (with the
 * Dutch message), ForbiddenError → the 403 page.
 */
export async function runForm<T>(
	form: string,
	raw: Record<string, unknown>,
	run: () => Promise<T>
): Promise<T | ActionFailure<TableFormProblem>> {
	try {
		return await run();
	} catch (e) {
		if (e instanceof InputError) return fail(400, { form, message: e.message, fields: e.fields, values: stringsOf(raw) });
		if (e instanceof ConflictError) return fail(409, { form, message: e.message, fields: {}, values: stringsOf(raw) });
		if (e instanceof ForbiddenError) forbidden(e.message);
		throw e;
	}
}

export { loadOr403 } from '../http.ts';
