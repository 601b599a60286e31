/** One block on the home page: what waits for you. */
export interface HomePanel {
	id: string;
	title: string;
	/** Shown when nothing waits (count 0 or no count). */
	empty: string;
	/** Shown with the count when something waits, e.g. "{n} zaken in de werkvoorraad". */
	waiting?: (count: number) => string;
	href?: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The home page of a role in an organisation kind: what waits for this person. */
export function homePanels(kind: string, roles: string[], organisation: string): HomePanel[] {
	const panels: HomePanel[] = [];
	const worker = roles.includes('medewerker') || roles.includes('coordinator');
	if (kind === 'vt' && worker) {
		panels.push(
			{
				id: 'werkvoorraad',
				title: 'Werkvoorraad veiligheidsbeoordelingen',
				empty: 'Er wachten geen meldingen op een veiligheidsbeoordeling.',
				waiting: (n) => `${plural(n, 'zaak', 'zaken')} in de werkvoorraad.`,
				href: '/zaken'
			},
			{
				id: 'overdrachten',
				title: 'Uw lopende overdrachten',
				empty: 'U heeft geen overdrachten die op antwoord van een ketenpartner wachten.',
				waiting: (n) => `${plural(n, 'overdracht loopt', 'overdrachten lopen')} bij een ketenpartner.`,
				href: '/zaken'
			}
		);
		if (roles.includes('coordinator')) {
			panels.push(
				{ id: 'tafels', title: 'Overdrachtstafels', empty: 'Bekijk en plan de overdrachtstafels per subregio.', href: '/tafels' },
				{ id: 'escalaties', title: 'Escalaties', empty: 'Er zijn geen escalaties die uw aandacht vragen.' }
			);
		}
	} else if (['cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp'].includes(kind) && worker) {
		panels.push(
			{
				id: 'aangeboden',
				title: 'Aangeboden overdrachten',
				empty: `Er zijn op dit moment geen overdrachten aan ${organisation} aangeboden.`,
				waiting: (n) => `${plural(n, 'overdracht wacht', 'overdrachten wachten')} op uw antwoord.`,
				href: '/overdrachten'
			},
			{
				id: 'warm',
				title: 'Warme overdrachten',
				empty: 'Er lopen geen warme overdrachten.',
				waiting: (n) => `${plural(n, 'geaccepteerde overdracht wacht', 'geaccepteerde overdrachten wachten')} op het gezamenlijke contactmoment.`,
				href: '/overdrachten'
			},
			{
				id: 'trajecten',
				title: 'Lopende V&V-trajecten',
				empty: 'U heeft geen lopende V&V-trajecten.',
				waiting: (n) => `${plural(n, 'V&V-traject loopt', 'V&V-trajecten lopen')} samen met Veilig Thuis.`,
				href: '/trajecten'
			}
		);
		if (kind === 'consortium') {
			panels.push({ id: 'wachtlijst', title: 'Wachtende gezinnen', empty: 'Er wachten geen gezinnen op zorg van uw consortium.' });
		}
	}
	if (roles.includes('gemeente')) {
		panels.push({ id: 'doorstroom', title: `Doorstroom ${organisation.replace(/^Gemeente /, '')}`, empty: 'Er zijn nog geen doorstroomcijfers voor uw gemeente. U ziet hier alleen totalen, nooit gegevens van gezinnen.' });
	}
	if (roles.includes('stuurgroep')) {
		panels.push({ id: 'regio', title: 'Doorstroom regio Kennemerland', empty: 'Er zijn nog geen doorstroomcijfers voor de regio. U ziet hier alleen totalen, nooit gegevens van gezinnen.' });
	}
	if (roles.includes('beheerder')) {
		panels.push({ id: 'beheer', title: 'Beheer', empty: 'Bekijk het auditlog en de systeemstatus via het menu.' });
	}
	return panels;
}
