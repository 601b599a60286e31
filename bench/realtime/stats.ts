/** Latency figures of one series of rounds, in milliseconds. */
export interface Summary {
	n: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

/** The nearest-rank percentile of an ascending list (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
	if (!sorted.length) return Number.NaN;
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[Math.min(rank, sorted.length) - 1];
}

/** p50, p95, p99 and the maximum of a list of samples. */
export function summarize(samples: readonly number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		n: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.at(-1) ?? Number.NaN
	};
}

/** A millisecond figure with one decimal. */
export function ms(value: number): string {
	return Number.isFinite(value) ? value.toFixed(1) : '-';
}

/** "p50 / p95 / p99" of a summary. */
export function triple(s: Summary): string {
	return `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}`;
}

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function formatTable(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, i) => (/^[\d.\s/×-]+$/.test(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
			.join(' | ')
			.trimEnd();
	const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
	return [line(header), rule, ...rows.map(line)].join('\n');
}
