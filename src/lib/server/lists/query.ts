import { z } from 'zod';
import type postgres from 'postgres';
import type { Db } from '../db/client.ts';
import { optionalCalendarDay } from '../validation/dates.ts';
import { MAX_CURSOR_LENGTH, CursorError } from './cursor.ts';

/** Rows per page of a list in the portal. */
export const PAGE_SIZE = 50;

/** Rows per page of each list when a page shows several lists at once, or more than a list, so that the page stays small. */
export const SECTION_PAGE_SIZE = 20;

/** What a page shows instead of a cursor it cannot read: the first page, with this message. */
export const STALE_PAGE = 'Deze pagina van de lijst bestaat niet (meer). U ziet het begin van de lijst.';

const empty = (v: unknown) => (v === '' || v === null ? undefined : v);

/**
 * A search on the pseudonymous reference (VT-2026-000123), or part of it: at least 3 characters,
 * letters, digits and hyphens only; spaces are dropped and letters made capitals, as references are.
 */
export const referenceSearch = z.preprocess(
	(v) => (typeof v === 'string' ? empty(v.replace(/\s+/g, '').toUpperCase()) : empty(v)),
	z
		.string({ error: 'Zoek op een referentie, bijvoorbeeld VT-2026-000123.' })
		.max(20, { error: 'Een referentie is hoogstens 20 tekens lang.' })
		.regex(/^[A-Z0-9-]*$/, {
			error: 'Zoek op (een deel van) de referentie: alleen letters, cijfers en streepjes, bijvoorbeeld VT-2026-000123.'
		})
		.min(3, { error: 'Typ ten minste 3 tekens van de referentie.' })
		.optional()
);

/** The cursor of a page (its contents are checked when the page is read). */
export const pageCursor = z.preprocess(empty, z.string().max(MAX_CURSOR_LENGTH, { error: STALE_PAGE }).optional());

/** A checkbox of a filter form: "ja" when ticked, absent (or empty) when not. */
export const checkbox = z.preprocess(empty, z.literal('ja', { error: 'Vink aan of laat leeg.' }).optional()).transform((v) => v === 'ja');

/** One of a fixed list of choices, or none. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, message = 'Kies een waarde uit de lijst.') {
	return z.preprocess(empty, z.enum(values, { error: message }).optional());
}

/** An id chosen from a list (a UUID), or none. */
export function idChoice(message = 'Kies een waarde uit de lijst.') {
	return z.preprocess(empty, z.uuid({ error: message }).optional());
}

/** A short code chosen from a list (a gemeente's CBS code, a zorgvorm, a subregio), or none. */
export function codeChoice(message = 'Kies een waarde uit de lijst.') {
	return z.preprocess(
		empty,
		z
			.string()
			.regex(/^[A-Za-z0-9_-]{1,40}$/, { error: message })
			.optional()
	);
}

/** The first and last day of a period filter (van / tot en met), each optional, the last not before the first. */
export function period(what: string) {
	return {
		van: optionalCalendarDay({ label: `de begindatum (${what} vanaf)` }),
		tot: optionalCalendarDay({ label: `de einddatum (${what} tot en met)` })
	};
}

/** Refuses a period whose end lies before its start (on the field "tot"). */
export function endNotBeforeStart(value: { van?: string; tot?: string }, ctx: z.RefinementCtx): void {
	if (value.van && value.tot && value.tot < value.van)
		ctx.addIssue({ code: 'custom', path: ['tot'], message: 'De einddatum ligt vóór de begindatum.' });
}

/** The filters of a list as the form shows them again (the raw values) and what was wrong with them. */
export interface ListFilterState {
	values: Record<string, string>;
	errors: Record<string, string>;
}

/**
 * Reads a list's query string with its zod schema. A bad value never fails the page: its field gets
 * a Dutch message, the value is dropped (its default applies) and the rest of the filters still work.
 * Parameters the schema does not know are ignored.
 */
export function parseListQuery<S extends z.ZodType<Record<string, unknown>>>(
	schema: S,
	params: URLSearchParams
): { query: z.output<S>; filter: ListFilterState } {
	const raw: Record<string, string> = {};
	for (const [key, value] of params) raw[key] = value.slice(0, 200);
	const errors: Record<string, string> = {};
	let input: Record<string, string> = { ...raw };
	for (let attempt = 0; attempt < 5; attempt++) {
		const parsed = schema.safeParse(input);
		if (parsed.success) return { query: parsed.data, filter: { values: raw, errors } };
		for (const issue of parsed.error.issues) {
			const key = String(issue.path[0] ?? 'form');
			errors[key] ??= issue.message;
			delete input[key];
		}
		input = { ...input };
	}
	return { query: schema.parse({}), filter: { values: raw, errors } };
}

/**
 * Reads a page of a list; a cursor that cannot be read gives the first page and the message why
 * (in `filter.errors.na`, for the cursor parameter `param`).
 */
export async function pageOrFirst<T>(
	cursor: string | undefined,
	filter: ListFilterState,
	read: (cursor: string | null) => Promise<T>,
	param = 'na'
): Promise<T> {
	try {
		return await read(cursor ?? null);
	} catch (error) {
		if (!(error instanceof CursorError) || !cursor) throw error;
		filter.errors[param] = STALE_PAGE;
		return read(null);
	}
}

/** "The reference contains the search" for a reference column (references are capitals, digits and hyphens). */
export function referenceLike(sql: Db, column: postgres.Fragment, search: string | undefined): postgres.Fragment {
	return search ? sql`and ${column} like ${`%${search}%`}` : sql``;
}

/** The filters a list was read with, for its audit row (what was asked, not where the page began): { filter: "zoek=VT-2026&spoed=ja" }, or nothing. */
export function auditedFilter(filter: ListFilterState): { filter?: string } {
	const kept = Object.entries(filter.values).filter(([key, value]) => value !== '' && !key.startsWith('na') && !filter.errors[key]);
	return kept.length ? { filter: new URLSearchParams(kept).toString() } : {};
}
