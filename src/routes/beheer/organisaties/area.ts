/** The area an organisation serves, in words: its gemeenten, else its subregion, else the whole region. */
export function areaLabel(
	org: { subregionId: string | null; municipalityIds: string[] },
	options: { subregions: { id: string; name: string }[]; municipalities: { id: string; name: string }[] }
): string {
	if (org.municipalityIds.length) {
		return org.municipalityIds.map((id) => options.municipalities.find((m) => m.id === id)?.name ?? id).join(', ');
	}
	if (org.subregionId) return options.subregions.find((s) => s.id === org.subregionId)?.name ?? org.subregionId;
	return 'Hele regio';
}
