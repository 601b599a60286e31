import type { z } from 'zod';
import { issuesToFields } from './issues.ts';
import type { FormValues } from '../../forms.ts';

export { formToObject } from '../../forms.ts';

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
