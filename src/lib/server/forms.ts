import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { ConflictError, ForbiddenError, InputError } from './errors.ts';
import { forbidden } from './http.ts';
import { formFields, formToObject, sentValues } from './validation/form-data.ts';
import type { FormProblem, FormValues } from '../forms.ts';

export type { FormProblem, FormValues } from '../forms.ts';
export { formFields, formToObject, sentValues } from './validation/form-data.ts';

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

/**
 * Reads the request's form data, for an action whose input is checked in steps (parseForm does
 * this for one schema): the form data, and the values to send back after a failure. A body that is
 * no form data reads as an empty form.
 */
export async function readForm(request: Request): Promise<{ form: FormData; values: FormValues }> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		form = new FormData(); // not form data at all: every field is missing
	}
	return { form, values: sentValues(form) };
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
	const { form, values } = await readForm(request);
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
