import type { z } from 'zod';
import './zod-locale.ts';

/**
 * The one zod-issue → field mapper, for forms and the API: field path ("note",
 * "persons.0.label") → the first Dutch message for it. An issue without a path goes under `root`
 * ('form' for forms, 'body' for the API); unknown keys of a strict object are named one by one.
 */
export function issuesToFields(
	issues: readonly Pick<z.core.$ZodIssue, 'path' | 'message' | 'code'>[] | readonly z.core.$ZodIssue[],
	root = 'form'
): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const issue of issues as readonly z.core.$ZodIssue[]) {
		const prefix = issue.path.map(String).join('.');
		if (issue.code === 'unrecognized_keys') {
			for (const key of issue.keys) fields[prefix ? `${prefix}.${key}` : key] ??= 'Onbekend veld: laat het weg.';
			continue;
		}
		fields[prefix || root] ??= issue.message;
	}
	return fields;
}
