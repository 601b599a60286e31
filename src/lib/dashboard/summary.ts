import { formatCount, formatMinutes } from './format.ts';
import { changeOf, changeSize, changeWords, type Change } from './compare.ts';
import type { Area, DashboardFigures, MetricName, Published } from './types.ts';

/** The norms the report measures against, as set in Ketentafel (see /beheer/termijnen). */
export interface ReportNorms {
	/** Werkdagen after the melding within which the veiligheidsbeoordeling must be done. */
	assessmentDays: { regulier: number; spoed: number };
	/** Working minutes a ketenpartner has to answer an offered handover (the SLA). */
	responseMinutes: { regulier: number; spoed: number };
}

/**
 * The share of assessments that should be done within the norm: the streefwaarde the Ambtelijk
 * Overleg measures against (90% within 5 werkdagen).
 */
export const ON_TIME_TARGET = 0.9;

/** The generated summary of the report, in the order it is read. */
export interface Summary {
	/** The largest changes against the previous period, largest first. */
	changes: string[];
	/** Performance against the norms. */
	norms: string[];
	/** The gemeente beside its subregion and the region (the region: its subregions side by side). */
	comparison: string[];
	/** Where families wait longest. */
	stages: string[];
}

/** How many changes lead the summary. */
const LEADING = 5;
/** Changes smaller than this (relative) are not named as a change. */
const NOTABLE = 0.1;

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pct = (share: number) => `${Math.round(share * 100)}%`;
const werkdagen = (n: number) => `${n} ${n === 1 ? 'werkdag' : 'werkdagen'}`;
/** Working minutes as werkdagen (8 working hours) or hours. */
export function workingTime(minutes: number): string {
	if (minutes % 480 === 0) return werkdagen(minutes / 480);
	return `${String(Math.round((minutes / 60) * 10) / 10).replace('.', ',')} werkuur`;
}

/** A share of two published counts (part of part + rest), when both are numbers and the whole is not 0. */
function share(part: Published | undefined, rest: Published | undefined): { share: number; n: number } | null {
	if (typeof part !== 'number' || typeof rest !== 'number' || part + rest === 0) return null;
	return { share: part / (part + rest), n: part + rest };
}
/** A share of part in whole (both published numbers, whole not 0, part not more than whole). */
function shareOf(part: Published | undefined, whole: Published | undefined): number | null {
	if (typeof part !== 'number' || typeof whole !== 'number' || whole === 0 || part > whole) return null;
	return part / whole;
}

/**
 * The changes of every key figure of the main area against the previous period, largest first:
 * only figures published as a number in both periods (a suppressed one is never compared).
 */
export function rankedChanges(f: DashboardFigures): { metric: MetricName; label: string; change: Change }[] {
	const main = f.areas[0].id;
	return f.key
		.map((k) => ({ metric: k.metric, label: k.label, change: changeOf(k.metric, k.values[main], k.previous) }))
		.filter((x): x is { metric: MetricName; label: string; change: Change } => x.change !== null)
		.sort((a, b) => changeSize(b.change) - changeSize(a.change) || Math.abs(b.change.diff) - Math.abs(a.change.diff));
}

function changeLine(label: string, c: Change, kind: 'event' | 'state'): string {
	const verdict = c.verdict === 'beter' ? ' (beter)' : c.verdict === 'slechter' ? ' (slechter)' : '';
	const what = kind === 'state' ? 'aan het einde van de periode ' : '';
	return `${capital(label)}: ${changeWords(c)}${verdict}, ${what}${formatCount(c.to)} tegen ${formatCount(c.from)} in de vorige periode.`;
}

/** Per area: the share of assessments on time, the share of declined and of expired offers (from published counts only). */
function areaShares(f: DashboardFigures, area: Area) {
	const v = (m: MetricName) => f.key.find((k) => k.metric === m)?.values[area.id];
	return {
		onTime: share(v('assessed_on_time'), v('assessed_late')),
		declined: shareOf(v('declined'), v('offered')),
		breached: shareOf(v('breached'), v('offered'))
	};
}

/**
 * A short generated summary for the report to the Ambtelijk Overleg: the largest changes against
 * the previous period first (every key figure ranked by the size of its change, not a fixed list),
 * then performance against the norms, then the gemeente beside its subregion and the region, and
 * where families wait longest. Only published figures are used and only published figures are
 * combined (a share of two published counts): nothing the dashboard suppresses can be read from it.
 */
export function summarise(f: DashboardFigures, norms: ReportNorms): Summary {
	const main = f.areas[0];
	const out: Summary = { changes: [], norms: [], comparison: [], stages: [] };

	// 1. the largest changes
	if (!f.previous) out.changes.push('Er is geen eerdere periode gepubliceerd om mee te vergelijken.');
	else {
		const ranked = rankedChanges(f);
		const notable = ranked.filter((r) => r.change.relative === null || Math.abs(r.change.relative) >= NOTABLE);
		for (const r of notable.slice(0, LEADING))
			out.changes.push(changeLine(r.label, r.change, f.key.find((k) => k.metric === r.metric)!.kind));
		if (!notable.length && ranked.length)
			out.changes.push('Geen van de cijfers veranderde met 10% of meer ten opzichte van de vorige periode.');
		const hidden = f.key.filter((k) => !ranked.some((r) => r.metric === k.metric)).length;
		if (hidden)
			out.changes.push(
				`${hidden} van de ${f.key.length} cijfers ${hidden === 1 ? 'is' : 'zijn'} in deze of de vorige periode afgeschermd (klein aantal) en daarom niet vergeleken.`
			);
	}

	// 2. the norms
	const own = areaShares(f, main);
	const normWords = `${werkdagen(norms.assessmentDays.regulier)} na de melding, bij spoed ${werkdagen(norms.assessmentDays.spoed)}`;
	if (own.onTime) {
		const verdict = own.onTime.share >= ON_TIME_TARGET ? 'de streefwaarde is gehaald' : 'onder de streefwaarde';
		out.norms.push(
			`Veiligheidsbeoordelingen binnen de norm (${normWords}): ${pct(own.onTime.share)} van ${formatCount(own.onTime.n)}; streefwaarde ${pct(ON_TIME_TARGET)}, ${verdict}.`
		);
	} else
		out.norms.push(
			`Veiligheidsbeoordelingen binnen de norm (${normWords}): niet te berekenen, het aantal beoordelingen op tijd of te laat is afgeschermd.`
		);
	const sla = `${workingTime(norms.responseMinutes.regulier)}, bij spoed ${workingTime(norms.responseMinutes.spoed)}`;
	const offered = f.key.find((k) => k.metric === 'offered')?.values[main.id];
	if (own.breached !== null && typeof offered === 'number')
		out.norms.push(
			`Antwoord binnen de reactietermijn (${sla}): bij ${pct(own.breached)} van de ${formatCount(offered)} aangeboden overdrachten verstreek de termijn, dus ${pct(1 - own.breached)} werd op tijd beantwoord.`
		);
	else out.norms.push(`Antwoord binnen de reactietermijn (${sla}): niet te berekenen, een van de aantallen is afgeschermd.`);
	const backlog = f.key.find((k) => k.metric === 'assessment_backlog')?.values[main.id];
	if (backlog !== undefined)
		out.norms.push(
			`Aan het einde van de periode ${backlog === 1 ? 'was' : 'waren'} ${formatCount(backlog)} beoordelingen over de norm (werkvoorraad).`
		);
	for (const w of f.waiting) {
		if (typeof w.waiting !== 'number' || w.waiting === 0) continue;
		out.norms.push(
			`Wachten op ${w.careType} (norm ${w.normDays} dagen): ${formatCount(w.overNorm)} van de ${formatCount(w.waiting)} wachtende gezinnen wacht langer dan de norm.`
		);
	}

	// 3. the comparison
	if (f.scope.kind === 'gemeente') {
		const [, sub, regio] = f.areas;
		const s = areaShares(f, sub);
		const r = areaShares(f, regio);
		const compare = (what: string, a: number | null, b: number | null, c: number | null, better: 'higher' | 'lower') => {
			if (a === null) return;
			const others = [
				b === null ? `${sub.name} afgeschermd` : `${sub.name} ${pct(b)}`,
				c === null ? `${regio.name} afgeschermd` : `${regio.name} ${pct(c)}`
			];
			const against = c ?? b;
			const verdict =
				against === null || Math.round(a * 100) === Math.round(against * 100)
					? ''
					: a > against === (better === 'higher')
						? `; beter dan ${c !== null ? 'de regio' : 'de subregio'}`
						: `; slechter dan ${c !== null ? 'de regio' : 'de subregio'}`;
			out.comparison.push(`${capital(what)}: ${main.name} ${pct(a)} (${others.join(', ')})${verdict}.`);
		};
		compare('beoordelingen binnen de norm', own.onTime?.share ?? null, s.onTime?.share ?? null, r.onTime?.share ?? null, 'higher');
		compare('aandeel afgewezen overdrachten', own.declined, s.declined, r.declined, 'lower');
		compare('aandeel overdrachten met verstreken reactietermijn', own.breached, s.breached, r.breached, 'lower');
		if (!out.comparison.length)
			out.comparison.push(`De aantallen van ${main.name} zijn te klein om met de subregio en de regio te vergelijken.`);
	} else {
		const subs = f.areas.filter((a) => a.level === 'subregio');
		const shares = subs.map((a) => ({ a, s: areaShares(f, a).onTime?.share ?? null })).filter((x) => x.s !== null);
		if (own.onTime && shares.length)
			out.comparison.push(
				`Beoordelingen binnen de norm per subregio: ${shares.map((x) => `${x.a.name} ${pct(x.s!)}`).join(', ')} (regio ${pct(own.onTime.share)}).`
			);
		const declined = subs.map((a) => ({ a, s: areaShares(f, a).declined })).filter((x) => x.s !== null);
		if (declined.length)
			out.comparison.push(`Aandeel afgewezen overdrachten per subregio: ${declined.map((x) => `${x.a.name} ${pct(x.s!)}`).join(', ')}.`);
	}

	// 4. where families wait
	const slowest = f.bottleneck.stages.find((s) => s.id === f.bottleneck.slowest);
	if (slowest?.current) {
		const before = slowest.previous ? `; vorige periode ${formatMinutes(slowest.previous.median)}` : '';
		out.stages.push(
			`Gezinnen wachten het langst in de fase "${slowest.label}": mediaan ${formatMinutes(slowest.current.median)}${before}.`
		);
		const ownSub = f.scope.kind === 'gemeente' ? f.areas[1] : null;
		const subMedian = ownSub ? slowest.bySubregion[ownSub.id] : null;
		if (ownSub && subMedian) out.stages.push(`In de subregio ${ownSub.name} is dat ${formatMinutes(subMedian.median)}.`);
	}
	for (const s of f.bottleneck.stages) {
		const medians = f.bottleneck.subregions.map((sr) => ({ name: sr.name, d: s.bySubregion[sr.id] })).filter((x) => x.d);
		if (medians.length < 2) continue;
		medians.sort((a, b) => b.d!.median - a.d!.median);
		const [high, low] = [medians[0], medians[medians.length - 1]];
		if (low.d!.median > 0 && high.d!.median >= 1.5 * low.d!.median)
			out.stages.push(
				`Niet overal gelijk: "${s.label}" duurt in ${high.name} ${formatMinutes(high.d!.median)} tegen ${formatMinutes(low.d!.median)} in ${low.name}.`
			);
	}
	return out;
}
