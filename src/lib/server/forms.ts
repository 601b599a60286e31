import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { ConflictError, ForbiddenError, InputError } from './errors.ts';
import { forbidden } from './http.ts';
import { issuesToFields } from './validation/issues.ts';
import type { FormProblem, FormValues } from '../forms.ts';

export type { FormProblem, FormValues } from '../forms.ts';

/**
 * Turns form data into a plain object for zod. Names like "persons.0.role" become arrays of
 * objects; a repeated name keeps its last value, except the names in `lists` (checkboxes, multiple
 * selects), which are always a list of strings.
 */
export function formToObject(form: FormData, lists: readonly string[] = []): Record<string, unknown> {
	const out: Record<string, unknown> = Object.create(null); // a field named __proto__ stays a field
	for (const name of lists) out[name] = form.getAll(name).filter((v) => typeof v === 'string');
	for (const [name, value] of form.entries()) {
		if (typeof value !== 'string' || lists.includes(name)) continue;
		const match = /^(\w+)\.(\d{1,3})\.(\w+)$/.exec(name);
		if (!match) {
			out[name] = value;
			continue;
		}
		const [, list, index, field] = match;
		const existing = out[list];
		const items = (Array.isArray(existing) ? existing : (out[list] = [])) as Record<string, string>[];
		(items[Number(index)] ??= Object.create(null))[field] = value;
	}
	for (const value of Object.values(out)) {
		if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] ??= {};
	}
	return out;
}

/** Fields whose value never goes back to the browser: passwords, codes, secrets. */
const SECRET_FIELD = /^(password|repeat|current|code|pending|token)$|password|secret/i;

/**
 * What the form sent, to show again after a failure: text values by field name (a repeated name
 * gives a list), without files and without passwords, codes or secrets.
 */
export function sentValues(form: FormData): FormValues {
	const out: FormValues = Object.create(null);
	for (const [name, value] of form.entries()) {
		if (typeof value !== 'string' || SECRET_FIELD.test(name)) continue;
		const before = out[name];
		out[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
	}
	return { ...out };
}

/** Field messages of a form: as issuesToFields, with an index into a repeated field ("careTypeIds.2") put on the field itself. */
export function formFields(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
	const named = issues.map((issue) => {
		const path = [...issue.path];
		while (path.length > 1 && typeof path[path.length - 1] === 'number') path.pop();
		return { ...issue, path };
	});
	return issuesToFields(named, 'form');
}

/** The one failure shape of a form action: which form, a Dutch message, field messages and what was sent. */
export function formFailure<const F extends string>(
	status: number,
	form: F,
	message: string,
	fields: Record<string, string> = {},
	values: FormValues = {}
): ActionFailure<FormProblem<F>> {
	return fail(status, { form, message, fields, values });
}

/**
 * Maps a service error to the form's failure: InputError → 400 with its field messages,
 * ConflictError → 409; ForbiddenError becomes the 403 page; anything else is rethrown (500).
 */
export function failureFrom<const F extends string>(e: unknown, form: F, values: FormValues = {}): ActionFailure<FormProblem<F>> {
	if (e instanceof InputError) return formFailure(400, form, e.message, e.fields, values);
	if (e instanceof ConflictError) return formFailure(409, form, e.message, {}, values);
	if (e instanceof ForbiddenError) forbidden(e.message);
	throw e;
}

/** How a form is read: which form on the page, its schema, and the message when the input does not parse. */
export interface FormSpec<F extends string, S extends z.ZodType> {
	/** Which form on the page: the failure and the success carry it, so the page shows them at that form. */
	form: F;
	schema: S;
	/** The message above the fields when the input does not parse (default: the first field's message). */
	invalid?: string;
	/** Names always read as a list of strings (checkboxes, multiple selects). */
	lists?: readonly string[];
}

/**
 * Reads the request's form data (formToObject) and parses it with the schema: the data and the
 * values sent, or the 400 failure to return.
 */
export async function parseForm<const F extends string, S extends z.ZodType>(
	request: Request,
	spec: FormSpec<F, S>
): Promise<
	{ ok: true; data: z.output<S>; values: FormValues } | { ok: false; failure: ActionFailure<FormProblem<F>>; values: FormValues }
> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		form = new FormData(); // not form data at all: every field is missing
	}
	const values = sentValues(form);
	const parsed = spec.schema.safeParse(formToObject(form, spec.lists));
	if (parsed.success) return { ok: true, data: parsed.data, values };
	const fields = formFields(parsed.error.issues);
	const message = spec.invalid ?? Object.values(fields)[0] ?? 'Controleer het formulier.';
	return { ok: false, failure: formFailure(400, spec.form, message, fields, values), values };
}

/** What a form action returns on success: which form and the Dutch message (plus e.g. the handover state it confirms). */
export type FormSuccess<F extends string, X extends { saved: string }> = { form: F } & X;

/**
 * The one way to write a form action: parse the request's form data with the schema, call the
 * service, and answer with one success shape `{ form, saved, ... }` or one failure shape
 * `fail(status, { form, message, fields, values })` (see failureFrom for the errors).
 * `done` builds the success from the service's result: a message, or an object with `saved` and
 * more (confirmHandover stamps the message with the handover state it confirms).
 */
export async function formAction<const F extends string, S extends z.ZodType, T, X extends { saved: string } = { saved: string }>(
	request: Request,
	spec: FormSpec<F, S> & {
		run: (data: z.output<S>) => Promise<T>;
		done: string | ((result: T, data: z.output<S>) => string | X | Promise<string | X>);
	}
): Promise<FormSuccess<F, X> | ActionFailure<FormProblem<F>>> {
	const parsed = await parseForm(request, spec);
	if (!parsed.ok) return parsed.failure;
	let result: T;
	try {
		result = await spec.run(parsed.data);
	} catch (e) {
		return failureFrom(e, spec.form, parsed.values);
	}
	const done = typeof spec.done === 'string' ? spec.done : await spec.done(result, parsed.data);
	return { form: spec.form, ...(typeof done === 'string' ? { saved: done } : done) } as FormSuccess<F, X>;
}
