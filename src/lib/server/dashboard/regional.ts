import { suppress, type SumConstraint } from './suppress.ts';

export interface Hierarchy {
	municipalities: { id: string; subregionId: string }[];
	subregions: { id: string }[];
}

/** The sums that tie the region, its subregions and its gemeenten together. */
export function hierarchyConstraints(geo: Hierarchy): SumConstraint[] {
	return [
		{ total: 'regio', parts: geo.subregions.map((s) => s.id) },
		...geo.subregions.map((s) => ({ total: s.id, parts: geo.municipalities.filter((m) => m.subregionId === s.id).map((m) => m.id) }))
	];
}

/**
 * Which areas (region, subregions, gemeenten) one figure hides in the regional pattern. Every view
 * of that figure — the stuurgroep's, each gemeente's — hides at least these, so that the reports of
 * all gemeenten and the stuurgroep laid side by side (as at the Ambtelijk Overleg) give away no
 * small number that each alone does not.
 */
export function regionalHidden(byMunicipality: Record<string, number>, geo: Hierarchy): Set<string> {
	const values: Record<string, number> = {};
	for (const m of geo.municipalities) values[m.id] = byMunicipality[m.id] ?? 0;
	for (const s of geo.subregions) values[s.id] = geo.municipalities.filter((m) => m.subregionId === s.id).reduce((n, m) => n + values[m.id], 0);
	values.regio = geo.subregions.reduce((n, s) => n + values[s.id], 0);
	const shown = suppress(values, hierarchyConstraints(geo), { keep: ['regio'] });
	return new Set(Object.keys(shown).filter((k) => typeof shown[k] !== 'number'));
}
