import type { Sql } from '../db/client.ts';
import { ManualClock } from '../clock.ts';
import { amsterdamDay } from '../workdays.ts';
import { shiftDay, takeWaitingSnapshot } from '../waiting/snapshot.ts';
import { publishDuePeriods } from '../dashboard/publish.ts';
import { generateHistory, HISTORY_STAFF, type HistoryCounts } from './history-generator.ts';

export interface SeedHistoryOptions {
	/** Weeks of history before `now` (52). */
	weeks?: number;
	/** Meldingen a year across the nine gemeenten (about 4,000). */
	reportsPerYear?: number;
	/** setseed() value: the same seed gives the same history. */
	seed?: number;
	/** When true, every period of the history that has ended is published afterwards (whether or not history was written). */
	publish?: boolean;
}

export interface SeedHistoryResult {
	/** Null when history was already there (nothing written). */
	counts: HistoryCounts | null;
	snapshotDays: number;
	/** The periods published (null without `publish`). */
	published: string[] | null;
}

/**
 * A year of synthetic history for all nine gemeenten, so that every chart of the doorstroom
 * dashboard means something in the demo: about 4,000 meldingen by population and season, their
 * assessments, handovers, V&V-trajecten, waiting families with their check-ins, closures with
 * monitoring, and the consortia's waiting-time reports (see generateHistory). Only cases that are
 * settled by `now` are kept, so VT's werkvoorraad and the partners' open offers stay those of the
 * other seeds. Then the daily waiting snapshots of the year are retaken and, with `publish`, the
 * doorstroom figures of every period that has ended are published. Idempotent: when cases of the history exist, nothing is written.
 */
export async function seedHistory(sql: Sql, now: Date = new Date(), options: SeedHistoryOptions = {}): Promise<SeedHistoryResult> {
	const weeks = options.weeks ?? 52;
	const [{ present }] = await sql<{ present: boolean }[]>`
		select exists (select 1 from cases c join users u on u.id = c.created_by where u.email = any(${HISTORY_STAFF.map((s) => s.email)})) as present`;
	let counts: HistoryCounts | null = null;
	let snapshotDays = 0;
	if (!present) {
		counts = await generateHistory(sql, {
			now,
			weeks,
			cases: Math.round(((options.reportsPerYear ?? 4000) * weeks) / 52),
			handoversPerCase: 0.88,
			seed: options.seed ?? 0.42,
			settledOnly: true,
			reportsUntilDaysAgo: 57
		});
		const today = amsterdamDay(now);
		const days = Array.from({ length: 7 * weeks }, (_, i) => shiftDay(today, i - 7 * weeks));
		await sql.begin(async (tx) => {
			for (const day of days) await takeWaitingSnapshot(tx, day, now);
		});
		snapshotDays = days.length;
	}
	const published = options.publish ? await publishDuePeriods({ sql, clock: new ManualClock(now) }) : null;
	return { counts, snapshotDays, published };
}
