/**
 * Small-number suppression for the gemeente figures (DESIGN: aggregates only, counts under 5
 * suppressed). Every count under 5 is shown as "<5"; then more cells are hidden ("afgeschermd") until no
 * suppressed count can be worked out from the published ones through the sums they take part in
 * (a total and its parts: by gemeente, by week, by reason …): not by subtracting one part from a
 * total, and not by any other combination of the published sums either.
 */

/** Counts under this are never published. */
export const SMALL_COUNT = 5;

/**
 * What is published for a count: the number, "<5" for a small count, or "afgeschermd" for a count
 * of 5 or more hidden so that a small one cannot be worked out from it.
 */
export type Published = number | '<5' | 'afgeschermd';

/** A published total and the parts it is the sum of (cell keys). */
export interface SumConstraint {
	total: string;
	parts: string[];
}

const EPS = 1e-9;

/**
 * Reduced row echelon form of the constraints restricted to the suppressed cells (columns), with
 * which a suppressed cell can be tested for being determined by the published figures.
 */
function rowSpace(constraints: SumConstraint[], columns: Map<string, number>): { rows: number[][]; pivots: number[] } {
	const rows: number[][] = [];
	for (const c of constraints) {
		const row = new Array<number>(columns.size).fill(0);
		let any = false;
		const add = (key: string, coefficient: number) => {
			const col = columns.get(key);
			if (col === undefined) return;
			row[col] += coefficient;
			any = true;
		};
		add(c.total, 1);
		for (const p of c.parts) add(p, -1);
		if (any) rows.push(row);
	}
	const pivots: number[] = [];
	let r = 0;
	for (let col = 0; col < columns.size && r < rows.length; col++) {
		let best = r;
		for (let i = r + 1; i < rows.length; i++) if (Math.abs(rows[i][col]) > Math.abs(rows[best][col])) best = i;
		if (Math.abs(rows[best][col]) < EPS) continue;
		[rows[r], rows[best]] = [rows[best], rows[r]];
		const pivot = rows[r][col];
		for (let j = col; j < columns.size; j++) rows[r][j] /= pivot;
		for (let i = 0; i < rows.length; i++) {
			if (i === r || Math.abs(rows[i][col]) < EPS) continue;
			const f = rows[i][col];
			for (let j = col; j < columns.size; j++) rows[i][j] -= f * rows[r][j];
		}
		pivots.push(col);
		r++;
	}
	return { rows: rows.slice(0, r), pivots };
}

/** True when the published sums pin down this suppressed cell's value exactly. */
function determined(col: number, space: { rows: number[][]; pivots: number[] }, width: number): boolean {
	const v = new Array<number>(width).fill(0);
	v[col] = 1;
	space.pivots.forEach((p, i) => {
		if (Math.abs(v[p]) < EPS) return;
		const f = v[p];
		for (let j = 0; j < width; j++) v[j] -= f * space.rows[i][j];
	});
	return v.every((x) => Math.abs(x) < EPS);
}

/**
 * Bounds of every hidden cell that follow from the published cells, the sums, the fact that counts
 * are never negative and what the labels say ("<5": at most 4; "afgeschermd": at least 5), by
 * interval propagation to a fixpoint. A hidden count whose lower and upper bound meet is given
 * away, even when no linear combination of the sums isolates it.
 */
function pinned(values: Record<string, number>, hidden: Set<string>, constraints: SumConstraint[]): string[] {
	const lo = new Map<string, number>();
	const hi = new Map<string, number>();
	for (const k of Object.keys(values)) {
		const small = values[k] < SMALL_COUNT;
		lo.set(k, hidden.has(k) ? (small ? 0 : SMALL_COUNT) : values[k]);
		hi.set(k, hidden.has(k) ? (small ? SMALL_COUNT - 1 : Infinity) : values[k]);
	}
	const sum = (keys: string[], m: Map<string, number>) => keys.reduce((n, k) => n + m.get(k)!, 0);
	for (let round = 0, changed = true; changed && round < 50; round++) {
		changed = false;
		const tighten = (k: string, low: number, high: number) => {
			if (low > lo.get(k)!) {
				lo.set(k, low);
				changed = true;
			}
			if (high < hi.get(k)!) {
				hi.set(k, high);
				changed = true;
			}
		};
		for (const c of constraints) {
			tighten(c.total, sum(c.parts, lo), sum(c.parts, hi));
			for (const p of c.parts) {
				const others = c.parts.filter((x) => x !== p);
				tighten(p, lo.get(c.total)! - sum(others, hi), hi.get(c.total)! - sum(others, lo));
			}
		}
	}
	return [...hidden].filter((k) => values[k] < SMALL_COUNT && lo.get(k) === hi.get(k));
}

/**
 * Suppresses the counts: primary (under 5) and complementary (so that no count under 5 follows
 * from the published ones through the constraints). `unpublished` cells take part in the sums but
 * are never shown (e.g. "the rest of the subregion" next to one gemeente and its subregion): when
 * such a remainder is under 5, a published cell is hidden so it cannot be worked out. `forced`
 * cells are hidden from the start (hidden in another view of the same figures, so that views put
 * side by side reveal no more than each one alone). Complementary
 * cells are chosen smallest first, parts before totals, `keep` cells (the reader's own area) last. Returns the published value of every
 * published cell.
 */
export function suppress(
	values: Record<string, number>,
	constraints: SumConstraint[] = [],
	options: { unpublished?: string[]; keep?: string[]; forced?: string[] } = {}
): Record<string, Published> {
	const unpublished = options.unpublished ?? [];
	const keep = new Set(options.keep ?? []);
	const small = (k: string) => values[k] < SMALL_COUNT;
	const hidden = new Set([...Object.keys(values).filter(small), ...[...unpublished, ...(options.forced ?? [])].filter((k) => k in values)]);
	const relevant = constraints.filter((c) => c.total in values && c.parts.every((p) => p in values));
	// the published cell to hide next among those around one or more constraints: smallest first,
	// parts before totals, the reader's own area last
	const hideOneMore = (...around: SumConstraint[]): boolean => {
		const candidates = around
			.flatMap((c) => [...c.parts.map((k) => ({ k, total: 0 })), { k: c.total, total: 1 }])
			.filter((x) => !hidden.has(x.k));
		if (!candidates.length) return false;
		const rank = (x: { k: string; total: number }) => [keep.has(x.k) ? 1 : 0, x.total, values[x.k]];
		candidates.sort((a, b) => {
			const [x, y] = [rank(a), rank(b)];
			return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
		});
		hidden.add(candidates[0].k);
		return true;
	};
	for (let changed = true; changed;) {
		changed = false;
		for (const c of relevant) {
			const inside = [c.total, ...c.parts].filter((k) => hidden.has(k));
			// a single hidden member follows by subtraction
			if (inside.length === 1 && small(inside[0]) && hideOneMore(c)) changed = true;
			// so does the sum of the hidden parts of a published total: it must not be a small number either
			else if (inside.length > 1 && !hidden.has(c.total) && inside.reduce((n, k) => n + values[k], 0) < SMALL_COUNT && hideOneMore(c))
				changed = true;
		}
		if (changed) continue;
		// bounds: e.g. a hidden subregion at least its published gemeente and at most what the region leaves
		const exposed = pinned(values, hidden, relevant);
		if (exposed.length && hideOneMore(...relevant.filter((c) => exposed.some((key) => c.total === key || c.parts.includes(key))))) {
			changed = true;
			continue;
		}
		// any other combination of published sums that pins a hidden cell down
		const columns = new Map([...hidden].map((k, i) => [k, i] as const));
		const space = rowSpace(relevant, columns);
		for (const [key, col] of columns) {
			if (!small(key) || !determined(col, space, columns.size)) continue;
			const around = relevant.find((c) => (c.total === key || c.parts.includes(key)) && [c.total, ...c.parts].some((k) => !hidden.has(k)));
			if (around && hideOneMore(around)) {
				changed = true;
				break;
			}
		}
	}
	const out = Object.keys(values).filter((k) => !unpublished.includes(k));
	return Object.fromEntries(out.map((k): [string, Published] => [k, !hidden.has(k) ? values[k] : small(k) ? '<5' : 'afgeschermd']));
}
