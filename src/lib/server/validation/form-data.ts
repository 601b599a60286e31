import type { z } from 'zod';
import { issuesToFields } from './issues.ts';
import type { FormValues } from '../../forms.ts';

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
