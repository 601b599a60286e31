/**
 * Region Kennemerland: its three subregions and nine gemeenten (with their CBS codes). The one list
 * the application, the seed and the tests use; the database holds the same rows (subregions,
 * municipalities), written by the seed. No server imports: usable in the browser too.
 */

/** The three subregions, in the order the pages list them. */
export const SUBREGIONS = [
	{ id: 'zuid-kennemerland', name: 'Zuid-Kennemerland' },
	{ id: 'ijmond', name: 'IJmond' },
	{ id: 'haarlemmermeer', name: 'Haarlemmermeer' }
] as const;

/** The nine gemeenten with their CBS codes and subregion. */
export const MUNICIPALITIES = [
	{ id: 'GM0392', name: 'Haarlem', subregionId: 'zuid-kennemerland' },
	{ id: 'GM0473', name: 'Zandvoort', subregionId: 'zuid-kennemerland' },
	{ id: 'GM0377', name: 'Bloemendaal', subregionId: 'zuid-kennemerland' },
	{ id: 'GM0397', name: 'Heemstede', subregionId: 'zuid-kennemerland' },
	{ id: 'GM0453', name: 'Velsen', subregionId: 'ijmond' },
	{ id: 'GM0375', name: 'Beverwijk', subregionId: 'ijmond' },
	{ id: 'GM0396', name: 'Heemskerk', subregionId: 'ijmond' },
	{ id: 'GM0450', name: 'Uitgeest', subregionId: 'ijmond' },
	{ id: 'GM0394', name: 'Haarlemmermeer', subregionId: 'haarlemmermeer' }
] as const;
