import type postgres from 'postgres';
import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { isCalendarDay } from '../validation/dates.ts';
import { hasControlCharacters } from '../validation/text.ts';
import { CursorError, decodeCursor, encodeCursor } from './cursor.ts';

type Fragment = postgres.Fragment;

/** How a sort key is carried in a cursor and compared in SQL. */
export type KeyType = 'int' | 'bool' | 'text' | 'uuid' | 'date' | 'timestamptz';

/** One key of a list's order: a column or expression that is never null. */
export interface SortKey {
	sql: Fragment;
	type: KeyType;
	desc?: boolean;
}

/**
 * One order of a list. `id` names it in its cursors (a cursor of one order is refused by another);
 * the last key makes the order unique (an id), so every row has exactly one place.
 */
export interface ListOrder {
	id: string;
	keys: readonly SortKey[];
}

/** Which page: after the cursor (the first page without one), at most `limit` rows. */
export interface PageRequest {
	cursor?: string | null;
	limit: number;
}

/** One page of a list and the cursor of the next (null on the last page). */
export interface Page<T> {
	rows: T[];
	next: string | null;
}

/** The SQL pieces of one page, for the list's query to put in place (see keysetPage). */
export interface KeysetParts {
	/** ", key columns": append to the select list. */
	keys: Fragment;
	/** "and (keys) > (cursor)", or nothing on the first page: append to the where clause. */
	after: Fragment;
	/** "order by …". */
	order: Fragment;
	/** "limit n + 1". */
	limit: Fragment;
}

const CAST: Record<KeyType, string> = {
	int: 'bigint',
	bool: 'boolean',
	text: 'text',
	uuid: 'uuid',
	date: 'date',
	timestamptz: 'timestamptz'
};
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/;

/** True when a cursor value can be cast to the key's type without an error. */
function valid(type: KeyType, value: string): boolean {
	switch (type) {
		case 'int':
			return /^-?\d{1,18}$/.test(value);
		case 'bool':
			return value === 'true' || value === 'false';
		case 'uuid':
			return isUuid(value);
		case 'date':
			return isCalendarDay(value);
		case 'timestamptz': {
			const match = INSTANT.exec(value);
			return !!match && isCalendarDay(match[1]);
		}
		case 'text':
			return value.length <= 200 && !hasControlCharacters(value);
	}
}

/** The key as text, exactly (microseconds of an instant included), the way cursors carry it. */
function asText(sql: Db, key: SortKey): Fragment {
	if (key.type === 'timestamptz') return sql`to_char(${key.sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
	if (key.type === 'date') return sql`to_char(${key.sql}, 'YYYY-MM-DD')`;
	return sql`(${key.sql})::text`;
}

const join = (sql: Db, parts: Fragment[], separator: 'comma' | 'and' | 'or'): Fragment =>
	parts.reduce((all, part) =>
		separator === 'comma' ? sql`${all}, ${part}` : separator === 'and' ? sql`${all} and ${part}` : sql`${all} or ${part}`
	);

/**
 * "Rows after these key values" in the order's direction: one row comparison when every key runs the
 * same way (an index on the keys serves it), else the expanded form (k0 > v0) or (k0 = v0 and k1 < v1) ….
 */
function afterValues(sql: Db, order: ListOrder, values: string[]): Fragment {
	const value = (i: number) => sql`${values[i]}::${sql.unsafe(CAST[order.keys[i].type])}`;
	const keys = order.keys.map((k) => k.sql);
	const desc = order.keys[0].desc ?? false;
	if (order.keys.every((k) => (k.desc ?? false) === desc)) {
		const left = join(sql, keys, 'comma');
		const right = join(
			sql,
			values.map((_, i) => value(i)),
			'comma'
		);
		return desc ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
	}
	const branches = order.keys.map((key, i) => {
		const equal = order.keys.slice(0, i).map((k, j) => sql`${k.sql} = ${value(j)}`);
		const beyond = key.desc ? sql`${key.sql} < ${value(i)}` : sql`${key.sql} > ${value(i)}`;
		return sql`(${join(sql, [...equal, beyond], 'and')})`;
	});
	return sql`(${join(sql, branches, 'or')})`;
}

const KEY_COLUMN = (i: number) => `kt_page_key_${i}`;
const KEY_PROPERTY = (i: number) => `ktPageKey${i}`;

/** The cursor's sort-key values for this order, checked (CursorError when it is not one of its cursors). */
export function cursorValues(order: ListOrder, cursor: string): string[] {
	const values = decodeCursor(order.id, cursor);
	if (values.length !== order.keys.length || !values.every((v, i) => valid(order.keys[i].type, v))) throw new CursorError('malformed');
	return values;
}

/**
 * Keyset ("seek") paging: runs the list's query for one page with the pieces it needs and returns the
 * rows and the cursor of the next page. Every page continues exactly after the last row of the one
 * before, so rows added or removed meanwhile never make a row appear twice or be skipped. A bad cursor
 * throws CursorError before any query runs.
 */
export async function keysetPage<T extends object>(
	sql: Db,
	order: ListOrder,
	request: PageRequest,
	run: (parts: KeysetParts) => Promise<readonly T[]>
): Promise<Page<T>> {
	const values = request.cursor ? cursorValues(order, request.cursor) : null;
	const parts: KeysetParts = {
		keys: sql`, ${join(
			sql,
			order.keys.map((k, i) => sql`${asText(sql, k)} as ${sql(KEY_COLUMN(i))}`),
			'comma'
		)}`,
		after: values ? sql`and ${afterValues(sql, order, values)}` : sql``,
		order: sql`order by ${join(
			sql,
			order.keys.map((k) => (k.desc ? sql`${k.sql} desc` : sql`${k.sql} asc`)),
			'comma'
		)}`,
		limit: sql`limit ${request.limit + 1}`
	};
	const found = await run(parts);
	const shown = found.slice(0, request.limit);
	const last = shown.at(-1) as Record<string, unknown> | undefined;
	const next =
		found.length > request.limit && last
			? encodeCursor(
					order.id,
					order.keys.map((_, i) => String(last[KEY_PROPERTY(i)]))
				)
			: null;
	const rows = shown.map((row) => {
		const copy = { ...row } as Record<string, unknown>;
		order.keys.forEach((_, i) => delete copy[KEY_PROPERTY(i)]);
		return copy as T;
	});
	return { rows, next };
}

/** How many rows a list has, counted up to `cap` (so a long list costs no more than that): `more` when there are more. */
export interface ListTotal {
	count: number;
	more: boolean;
}

/** Counts the rows of `fromWhere` ("from … where …") up to `cap`. */
export async function countUpTo(sql: Db, fromWhere: Fragment, cap = 1000): Promise<ListTotal> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from (select 1 ${fromWhere} limit ${cap + 1}) counted`;
	return { count: Math.min(row.n, cap), more: row.n > cap };
}
