/** One block on the home page: what waits for you. */
export interface HomePanel {
	id: string;
	title: string;
	/** Shown when nothing waits (count 0 or no count). */
	empty: string;
	/** Shown with the count when something waits, e.g. "{n} zaken in de werkvoorraad". */
	waiting?: (count: number) => string;
	href?: string;
	/** Text of the link (default: "Bekijk" and the title in lower case). */
	link?: string;
	/** Whose items the count covers: the person's own or the team's (organisation's). */
	scope?: 'own' | 'team';
}

/** The words that say whose items a panel counts. */
export function scopeLabel(scope: HomePanel['scope'], kind: string): string | null {
	if (!scope) return null;
	return scope === 'own' ? 'Van u' : kind === 'vt' ? 'Van uw team' : 'Van uw organisatie';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The home page of a role in an organisation kind: what waits for this person. */
export function homePanels(kind: string, roles: string[], organisation: string): HomePanel[] {
	const panels: HomePanel[] = [];
	const worker = roles.includes('medewerker') || roles.includes('coordinator');
	if (kind === 'vt' && worker) {
		// a coordinator oversees the team's check-ins and monitoring; a medewerker sees her own
		const mine = roles.includes('coordinator') ? 'team' : 'own';
		panels.push(
			{
				id: 'mijnzaken',
				title: 'Mijn zaken',
				empty: 'U bent nu voor geen open zaak verantwoordelijk.',
				waiting: (n) => `U bent verantwoordelijk voor ${plural(n, 'open zaak', 'open zaken')}.`,
				href: '/zaken?mijn=ja',
				link: 'Bekijk mijn zaken',
				scope: 'own'
			},
			{
				id: 'werkvoorraad',
				title: 'Werkvoorraad veiligheidsbeoordelingen',
				empty: 'Er wachten geen meldingen op een veiligheidsbeoordeling.',
				waiting: (n) => `${plural(n, 'zaak', 'zaken')} in de werkvoorraad.`,
				href: '/zaken',
				scope: 'team'
			},
			{
				id: 'overdrachten',
				title: mine === 'own' ? 'Uw lopende overdrachten' : 'Lopende overdrachten',
				empty:
					mine === 'own'
						? 'Er zijn geen overdrachten van uw zaken die op een ketenpartner wachten.'
						: 'Er zijn geen overdrachten die op een ketenpartner wachten.',
				waiting: (n) => `${plural(n, 'overdracht loopt', 'overdrachten lopen')} bij een ketenpartner.`,
				href: mine === 'own' ? '/zaken?mijn=ja' : '/zaken',
				link: mine === 'own' ? 'Bekijk mijn zaken' : 'Bekijk de werkvoorraad',
				scope: mine
			},
			{
				id: 'veiligheidschecks',
				title: 'Veiligheidschecks',
				empty: 'Er is vandaag geen veiligheidscheck bij een wachtend gezin aan de beurt.',
				waiting: (n) => `${plural(n, 'veiligheidscheck is', 'veiligheidschecks zijn')} aan de beurt bij gezinnen die op zorg wachten.`,
				href: '/veiligheidschecks',
				scope: mine
			},
			{
				id: 'monitoring',
				title: 'Monitoring na afsluiten',
				empty: 'Er is geen monitoring van een afgesloten zaak aan de beurt.',
				waiting: (n) => `${plural(n, 'monitoringsmoment is', 'monitoringsmomenten zijn')} aan de beurt of te laat.`,
				href: '/monitoring',
				scope: mine
			}
		);
		if (roles.includes('coordinator')) {
			// what asks for the coordinator's action first
			panels.unshift({
				id: 'escalaties',
				title: 'Escalaties en achterstanden',
				empty: 'Er zijn geen escalaties of achterstanden in uw team.',
				waiting: (n) => `${plural(n, 'punt vraagt', 'punten vragen')} om actie: te laat of geëscaleerd.`,
				scope: 'team'
			});
			panels.push({
				id: 'tafels',
				title: 'Overdrachtstafels',
				empty: 'Bekijk en plan de overdrachtstafels per subregio.',
				href: '/tafels'
			});
		}
	} else if (['cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp'].includes(kind) && worker) {
		panels.push(
			{
				id: 'aangeboden',
				title: 'Aangeboden overdrachten',
				empty: `Er zijn op dit moment geen overdrachten aan ${organisation} aangeboden.`,
				waiting: (n) => `${plural(n, 'overdracht wacht', 'overdrachten wachten')} op uw antwoord.`,
				href: '/overdrachten',
				scope: 'team'
			},
			{
				id: 'warm',
				title: 'Warme overdrachten',
				empty: 'Er lopen geen warme overdrachten.',
				waiting: (n) =>
					`${plural(n, 'geaccepteerde overdracht wacht', 'geaccepteerde overdrachten wachten')} op het gezamenlijke contactmoment.`,
				href: '/overdrachten',
				scope: 'team'
			},
			{
				id: 'trajecten',
				title: 'Lopende V&V-trajecten',
				empty: 'Er lopen geen V&V-trajecten met Veilig Thuis.',
				waiting: (n) => `${plural(n, 'V&V-traject loopt', 'V&V-trajecten lopen')} samen met Veilig Thuis.`,
				href: '/trajecten',
				scope: 'team'
			}
		);
		if (kind === 'consortium') {
			panels.push({
				id: 'wachtlijst',
				title: 'Wachtende gezinnen',
				empty: 'Er wachten geen gezinnen op zorg van uw consortium. Houd uw gemelde wachttijden actueel.',
				waiting: (n) => `${plural(n, 'gezin wacht', 'gezinnen wachten')} op zorg van uw consortium.`,
				href: '/wachttijden',
				scope: 'team'
			});
		}
	}
	if (roles.includes('gemeente')) {
		panels.push({
			id: 'doorstroom',
			title: `Doorstroom ${organisation.replace(/^Gemeente /, '')}`,
			empty:
				'Zie waar gezinnen in uw gemeente wachten, vergelijk met de subregio en de regio, en maak het rapport voor het Ambtelijk Overleg. Alleen totalen, nooit gegevens van gezinnen.',
			href: '/dashboard',
			link: 'Naar het doorstroomdashboard'
		});
	}
	if (roles.includes('stuurgroep')) {
		panels.push({
			id: 'regio',
			title: 'Doorstroom regio Kennemerland',
			empty:
				'Zie waar gezinnen in de regio wachten, per subregio en per gemeente naast elkaar, en maak het rapport voor het Ambtelijk Overleg. Alleen totalen, nooit gegevens van gezinnen.',
			href: '/dashboard',
			link: 'Naar het doorstroomdashboard'
		});
	}
	if (roles.includes('beheerder')) {
		panels.push({ id: 'beheer', title: 'Beheer', empty: 'Bekijk het auditlog en de systeemstatus via het menu.' });
	}
	return panels;
}
