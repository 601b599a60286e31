/** What a form sent, as the failure returns it: text values by field name (a repeated name gives a list). */
export type FormValues = Record<string, string | string[]>;

/** The one failure shape of a form action (see $lib/server/forms.ts). */
export interface FormProblem<F extends string = string> {
	form: F;
	message: string;
	fields: Record<string, string>;
	values: FormValues;
}

/** The failure of form `name` (of any form when no name is given) in a page's `form` (ActionData), or null. */
export function problemOf(form: unknown, name?: string): FormProblem | null {
	if (!form || typeof form !== 'object' || !('message' in form) || !('fields' in form)) return null;
	return name === undefined || (form as { form?: unknown }).form === name ? (form as FormProblem) : null;
}

/** The value a failed form sent for a field ('' when none; the first when repeated). */
export function sent(problem: { values?: FormValues } | null | undefined, name: string): string {
	const v = problem?.values?.[name];
	return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
}

/** The values a failed form sent for a repeated field (checkboxes, multiple select). */
export function sentAll(problem: { values?: FormValues } | null | undefined, name: string): string[] {
	const v = problem?.values?.[name];
	return typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
}

/** The success of form `name` in a page's `form` (ActionData): its message and what else it carries, or null. */
export function successOf(form: unknown, name: string): ({ saved: string } & Record<string, unknown>) | null {
	if (!form || typeof form !== 'object' || 'fields' in form) return null;
	const f = form as { form?: unknown; saved?: unknown };
	return f.form === name && typeof f.saved === 'string' ? (form as { saved: string } & Record<string, unknown>) : null;
}

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

/** The values a failed form sent, as form data again (e.g. for formToObject in a page). */
export function valuesToFormData(values: FormValues): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(values)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
	return form;
}

/**
 * The message to show above a form's fields: the failure's message when no field carries one
 * (a refusal, an expired link); null when the fields show the messages themselves.
 */
export function formMessage(problem: FormProblem | null): string | null {
	return problem && Object.keys(problem.fields).filter((name) => name !== 'form').length === 0 ? problem.message : null;
}
