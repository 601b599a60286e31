import { z } from 'zod';
import { calendarDay } from '../validation/dates.ts';
import { amsterdamDay } from '../workdays.ts';
import { addDays, mondayOf } from './weeks.ts';
import type { Period } from './figures.ts';

/** The periods a policy officer picks most: the last 4, 13 (a quarter), 26 or 52 weeks. */
export const PERIOD_PRESETS = { '4': 'Laatste 4 weken', '13': 'Laatste 13 weken (kwartaal)', '26': 'Laatste 26 weken', '52': 'Laatste 52 weken' } as const;
export type Preset = keyof typeof PERIOD_PRESETS;
export const MAX_WEEKS = 104;

const day = (what: string) => calendarDay({ label: `de datum bij ${what}` });

/** The period in the query string: `weken` (a preset) or `van` + `tot` (any days; whole weeks are taken). */
export const periodQuerySchema = z.union([
	z.object({ van: day('"van"'), tot: day('"tot en met"') }),
	z.object({ weken: z.enum(Object.keys(PERIOD_PRESETS) as [Preset, ...Preset[]], { error: 'Kies 4, 13, 26 of 52 weken.' }).default('13') })
]);

/** A period question that cannot be answered. */
export class PeriodError extends Error {
	override name = 'PeriodError';
}

/**
 * The period of whole weeks for a query (`?weken=13`, or `?van=2026-09-01&tot=2026-11-23`), never
 * ending after the current week and at most two years long. Throws PeriodError with a Dutch message.
 */
export function periodFrom(query: URLSearchParams, now: Date): Period & { preset: Preset | null } {
	const raw = Object.fromEntries([...query.entries()].filter(([k, v]) => ['van', 'tot', 'weken'].includes(k) && v !== ''));
	const parsed = periodQuerySchema.safeParse(raw);
	if (!parsed.success) throw new PeriodError(parsed.error.issues[0]?.message ?? 'Deze periode bestaat niet.');
	const current = mondayOf(amsterdamDay(now));
	if ('weken' in parsed.data) {
		const weeks = Number(parsed.data.weken);
		return { from: addDays(current, -7 * (weeks - 1)), to: current, preset: parsed.data.weken };
	}
	const from = mondayOf(parsed.data.van);
	const to = mondayOf(parsed.data.tot);
	if (to > current) throw new PeriodError('De periode kan niet na deze week eindigen.');
	if (from > to) throw new PeriodError('"Van" moet vóór "tot en met" liggen.');
	if ((Date.parse(to) - Date.parse(from)) / (7 * 86_400_000) + 1 > MAX_WEEKS) throw new PeriodError(`Kies een periode van hoogstens ${MAX_WEEKS} weken.`);
	return { from, to, preset: null };
}
