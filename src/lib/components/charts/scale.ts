/** Small helpers shared by the SVG charts: value kinds, nice axis ticks, Dutch number formats. */

/** What a chart cell can hold: a number, a suppressed count, or null (a duration of fewer than 5 families). */
export type ChartValue = number | '<5' | 'afgeschermd' | null;

export const isNumber = (v: ChartValue | undefined): v is number => typeof v === 'number';

const integer = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

/** A number as Dutch readers expect ("1.234", "2,5"). */
export function formatNumber(n: number): string {
	return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

/** Round axis ticks from 0 to at least `max` (about `count` of them). */
export function niceTicks(max: number, count = 5): number[] {
	if (!(max > 0)) return [0, 1];
	const raw = max / count;
	const magnitude = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
	const ticks: number[] = [];
	for (let t = 0; t < max + step * 0.999; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
	return ticks;
}

/** Minutes as an axis in hours (short stages) or days. */
export function durationAxis(maxMinutes: number): { divisor: number; unit: string; tick: (minutes: number) => string } {
	const hours = maxMinutes < 48 * 60;
	const divisor = hours ? 60 : 1440;
	return { divisor, unit: hours ? 'uren' : 'dagen', tick: (m) => `${formatNumber(m / divisor)}${hours ? ' u' : ' d'}` };
}

/** The chart colours: NL Design System voorbeeld theme, each at least 3:1 against white. */
export const SERIES_COLOURS = [
	'var(--voorbeeld-kleuren-blauw-500, #00568b)',
	'var(--voorbeeld-kleuren-oranje-400, #ac501b)',
	'var(--voorbeeld-kleuren-groen-400, #157b31)',
	'var(--voorbeeld-kleuren-violet-500, #5115ef)',
	'var(--voorbeeld-kleuren-grijs-500, #3d5374)'
];
export const HIGHLIGHT_COLOUR = 'var(--voorbeeld-kleuren-rood-500, #a01d23)';
export const NORM_COLOUR = 'var(--voorbeeld-kleuren-rood-500, #a01d23)';
export const GRID_COLOUR = '#c0c7d2';
export const MUTED_TEXT = '#3d5374';

/** The legend text for a drawn gap: a count too small to publish, or hidden so that one cannot be worked out. */
export const GAP_LEGEND =
	'<5: klein aantal, afgeschermd; afgeschermd: verborgen zodat een klein aantal niet af te leiden is (niet getekend)';
/** The same for the columns per period, where "afgeschermd" is shortened to "afg.". */
export const WEEK_GAP_LEGEND =
	'<5: klein aantal, afgeschermd; afg.: afgeschermd, verborgen zodat een klein aantal niet af te leiden is (niet getekend)';

/** One entry of a chart's legend. */
export type LegendItem =
	| { kind: 'series'; index: number; label: string }
	| { kind: 'gap'; label: string }
	| { kind: 'band'; label: string }
	| { kind: 'norm'; label: string }
	| { kind: 'reported'; label: string }
	| { kind: 'whisker'; label: string };
