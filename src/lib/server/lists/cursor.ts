import { InputError } from '../errors.ts';

/** The longest cursor the portal and the API read (a cursor holds a few sort-key values). */
export const MAX_CURSOR_LENGTH = 600;

/** What is wrong with a cursor: not one of ours, or one of another list (or another order of it). */
export type CursorProblem = 'malformed' | 'other_list';

const MESSAGES: Record<CursorProblem, string> = {
	malformed: 'Deze cursor is ongeldig. Gebruik de cursor uit het vorige antwoord ongewijzigd, of begin opnieuw zonder cursor.',
	other_list: 'Deze cursor hoort bij een andere lijst of een andere status. Begin opnieuw zonder cursor.'
};

/** A cursor that cannot be read; `problem` says why. The message is Dutch. */
export class CursorError extends InputError {
	override name = 'CursorError';
	constructor(readonly problem: CursorProblem) {
		super(MESSAGES[problem], { cursor: MESSAGES[problem] });
	}
}

/**
 * An opaque cursor: where the previous page ended, as the sort-key values of its last row and the
 * list (and order) they belong to. Not secret and not signed: it only says where to continue; the
 * list's own filters and access rules apply to every page.
 */
export function encodeCursor(list: string, values: readonly string[]): string {
	return Buffer.from(JSON.stringify([list, ...values]), 'utf8').toString('base64url');
}

/** The sort-key values of a cursor of `list` (CursorError when it is not one). */
export function decodeCursor(list: string, cursor: string): string[] {
	if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new CursorError('malformed');
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
	} catch {
		throw new CursorError('malformed');
	}
	if (!Array.isArray(parsed) || parsed.length < 2 || !parsed.every((v) => typeof v === 'string')) throw new CursorError('malformed');
	const [owner, ...values] = parsed as string[];
	if (owner !== list) throw new CursorError('other_list');
	return values;
}
