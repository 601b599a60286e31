/**
 * Turns form data into a plain object for zod. Names like "persons.0.role" become arrays of
 * objects; a repeated name keeps its last value.
 */
export function formToObject(form: FormData): Record<string, unknown> {
	const out: Record<string, unknown> = Object.create(null); // a field named __proto__ stays a field
	for (const [name, value] of form.entries()) {
		if (typeof value !== 'string') continue;
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

/** The first message per field path ("persons.0.label"), for forms. */
export function issuesByPath(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of issues) {
		const key = issue.path.map(String).join('.') || 'form';
		out[key] ??= issue.message;
	}
	return out;
}
