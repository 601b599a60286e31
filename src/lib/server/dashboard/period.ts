import { z } from 'zod';
import { calendarDay } from '../validation/dates.ts';
import { parsePeriodId, periodName, periodOf, type GridPeriod } from '../../dashboard/grid.ts';

/** What a policy officer picks most: the last period, or the last 3, 6 or 13 (a year). */
export const RANGE_PRESETS = {
	'1': 'Laatste periode (4 weken)',
	'3': 'Laatste 3 periodes (12 weken)',
	'6': 'Laatste 6 periodes (24 weken)',
	'13': 'Laatste 13 periodes (een jaar)'
} as const;
export type Preset = keyof typeof RANGE_PRESETS;
export const DEFAULT_PRESET: Preset = '3';
/** The longest range: two years of periods. */
export const MAX_PERIODS = 26;

/** A period as asked for: its id ("2026-P12"), or a day (the period it falls in). */
const periodRef = (field: 'van' | 'tot') =>
	z
		.string()
		.trim()
		.transform((value, ctx) => {
			const byId = parsePeriodId(
				value.toUpperCase().replace(/^(\d{4})-?P?(\d{1,2})$/, (_, y: string, n: string) => `${y}-P${n.padStart(2, '0')}`)
			);
			if (byId) return byId;
			const day = calendarDay({ label: `de datum bij "${field === 'van' ? 'van' : 'tot en met'}"` }).safeParse(value);
			if (day.success) return periodOf(day.data);
			ctx.addIssue({
				code: 'custom',
				message: `Kies bij "${field === 'van' ? 'van' : 'tot en met'}" een periode, zoals 2026-P12, of een datum (jjjj-mm-dd).`
			});
			return z.NEVER;
		})
		.meta({
			description:
				field === 'van'
					? 'Eerste periode (bijvoorbeeld `2026-P10`) of een datum daarin (jjjj-mm-dd). Alleen samen met `tot`.'
					: 'Laatste periode (bijvoorbeeld `2026-P12`) of een datum daarin (jjjj-mm-dd); moet gepubliceerd zijn. Alleen samen met `van`.'
		});

const preset = z.enum(Object.keys(RANGE_PRESETS) as [Preset, ...Preset[]], { error: 'Kies 1, 3, 6 of 13 periodes.' }).meta({
	description: `De laatste 1, 3, 6 of 13 gepubliceerde periodes (standaard ${DEFAULT_PRESET}). Niet samen met \`van\` en \`tot\`.`
});

/**
 * The range parameters as the dashboard page and GET /api/v1/dashboard take them, each on its own
 * (rangeFrom also checks how they combine); the API reference is generated from it.
 */
export const rangeQuerySchema = z.object({
	periodes: preset.optional(),
	van: periodRef('van').optional(),
	tot: periodRef('tot').optional()
});

const betweenSchema = z.object({ van: rangeQuerySchema.shape.van.unwrap(), tot: rangeQuerySchema.shape.tot.unwrap() });
const presetSchema = z.object({ periodes: preset.default(DEFAULT_PRESET) });

/** A range question that cannot be answered; `field` names the query parameter at fault. */
export class PeriodError extends Error {
	override name = 'PeriodError';
	constructor(
		message: string,
		readonly field: 'periodes' | 'van' | 'tot'
	) {
		super(message);
	}
}

export interface RangeChoice {
	from: GridPeriod;
	to: GridPeriod;
	preset: Preset | null;
}

/**
 * The range of published periods a query asks for: `?periodes=3` (the last 3 published), or
 * `?van=2026-P10&tot=2026-P12` (ids, or days: the periods they fall in), at most MAX_PERIODS, only
 * periods that are published. No query: the last DEFAULT_PRESET periods. Throws PeriodError with a
 * Dutch message naming the parameter; null when nothing is published yet.
 */
export function rangeFrom(query: URLSearchParams, published: GridPeriod[]): RangeChoice | null {
	const raw = Object.fromEntries([...query.entries()].filter(([k, v]) => ['van', 'tot', 'periodes'].includes(k) && v !== ''));
	for (const name of ['van', 'tot', 'periodes'] as const) {
		if (query.getAll(name).length > 1) throw new PeriodError(`Geef "${name}" één keer op.`, name);
	}
	if ('van' in raw !== 'tot' in raw) throw new PeriodError('Geef zowel "van" als "tot en met" op.', 'van' in raw ? 'tot' : 'van');
	if ('periodes' in raw && 'van' in raw) throw new PeriodError('Kies een aantal periodes of van … tot en met, niet beide.', 'periodes');
	const parsed = 'van' in raw ? betweenSchema.safeParse(raw) : presetSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new PeriodError(issue.message, issue.path[0] === 'tot' ? 'tot' : issue.path[0] === 'van' ? 'van' : 'periodes');
	}
	if (!published.length) return null;
	const last = published.at(-1)!;
	if ('periodes' in parsed.data) {
		const preset = parsed.data.periodes;
		return { from: published[Math.max(0, published.length - Number(preset))], to: last, preset };
	}
	const { van, tot } = parsed.data;
	if (van.from > tot.from) throw new PeriodError('"Van" moet vóór "tot en met" liggen.', 'van');
	if (tot.from > last.from)
		throw new PeriodError(
			`${capital(periodName(tot))} is nog niet gepubliceerd. De laatste gepubliceerde periode is ${periodName(last)}.`,
			'tot'
		);
	const from = van.from < published[0].from ? published[0] : van;
	const count = published.filter((p) => p.from >= from.from && p.from <= tot.from).length;
	if (count > MAX_PERIODS) throw new PeriodError(`Kies hoogstens ${MAX_PERIODS} periodes (twee jaar).`, 'van');
	return { from, to: tot, preset: null };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
