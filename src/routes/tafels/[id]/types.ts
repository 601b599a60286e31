import type { PageData } from './$types';

export type Table = PageData['table'];
export type Item = Table['items'][number];
export type Partner = PageData['partners'][number];
export type Rights = PageData['rights'];

/** A failed form as the actions return it. */
export interface Problem {
	form: string;
	message: string;
	fields: Record<string, string>;
	values: Record<string, string | string[]>;
}

/** The value a failed form sent for a field ('' when none). */
export function sent(problem: Problem | null, name: string): string {
	const v = problem?.values[name];
	return typeof v === 'string' ? v : '';
}

/** Ids for aria-describedby, skipping the ones not shown. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
	return ids.filter(Boolean).join(' ') || undefined;
}
