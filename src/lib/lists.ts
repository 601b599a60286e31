/** The filter bar and pager of the portal's lists (shared by the pages; see src/lib/server/lists/). */

export interface FilterOption {
	value: string;
	label: string;
}

/** One field of a list's filter form; `name` is its query parameter. */
export type FilterField =
	| { kind: 'search'; name: string; label: string; hint?: string }
	| { kind: 'select'; name: string; label: string; options: FilterOption[]; any: string }
	| { kind: 'check'; name: string; label: string }
	| { kind: 'date'; name: string; label: string };

/** The filters as the URL had them and the Dutch message per field that was wrong. */
export interface ListFilterState {
	values: Record<string, string>;
	errors: Record<string, string>;
}

/** How many rows a list has, counted up to a cap (`more`: there are more). */
export interface ListTotal {
	count: number;
	more: boolean;
}

const number = new Intl.NumberFormat('nl-NL');

/** "12 zaken", "1 zaak", "meer dan 1.000 zaken". */
export function totalLabel(total: ListTotal, one: string, many: string): string {
	if (total.more) return `meer dan ${number.format(total.count)} ${many}`;
	return `${number.format(total.count)} ${total.count === 1 ? one : many}`;
}

/** The search part of a URL with `param` set to `value` (or removed when null), the rest kept. */
export function withParam(search: URLSearchParams, param: string, value: string | null): string {
	const next = new URLSearchParams(search);
	if (value === null) next.delete(param);
	else next.set(param, value);
	const query = next.toString();
	return query ? `?${query}` : '?';
}

/** True when the list is filtered (any parameter set other than a page cursor "na…"). */
export function isFiltered(filter: ListFilterState): boolean {
	return Object.entries(filter.values).some(([key, value]) => value !== '' && !key.startsWith('na') && !filter.errors[key]);
}
