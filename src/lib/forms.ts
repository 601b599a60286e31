/** What a form sent, as the failure returns it: text values by field name (a repeated name gives a list). */
export type FormValues = Record<string, string | string[]>;

/** The one failure shape of a form action (see $lib/server/forms.ts). */
export interface FormProblem<F extends string = string> {
	form: F;
	message: string;
	fields: Record<string, string>;
	values: FormValues;
}

/** The failure of form `name` in a page's `form` (ActionData), or null. */
export function problemOf(form: unknown, name: string): FormProblem | null {
	if (!form || typeof form !== 'object' || !('message' in form) || !('fields' in form)) return null;
	return (form as { form?: unknown }).form === name ? (form as FormProblem) : null;
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
