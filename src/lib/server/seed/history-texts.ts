/**
 * Short synthetic texts for the generated history: generic situations and agreements, never about
 * real people. Reused across thousands of cases, so they stay deliberately general.
 */

export interface HistoryScenario {
	summary: string;
	agreements: string;
	monitoringBy: string;
	persons: { role: 'ouder' | 'kind' | 'verzorger' | 'partner' | 'oudere' | 'overig'; label: string }[];
}

export const HISTORY_SCENARIOS: HistoryScenario[] = [
	{
		summary: 'Zorgen over spanningen tussen de ouders waar de kinderen bij zijn.',
		agreements: 'Geen geweld waar de kinderen bij zijn; bij oplopende spanning neemt een ouder afstand.',
		monitoringBy: 'VT-medewerker, met de school',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Kind 1' },
			{ role: 'kind', label: 'Kind 2' }
		]
	},
	{
		summary: 'Signalen van verwaarlozing van een jong kind; de ouder is overbelast.',
		agreements: 'Dagelijkse steun uit het netwerk; het consultatiebureau komt wekelijks langs.',
		monitoringBy: 'VT-medewerker, met het consultatiebureau',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'kind', label: 'Kind' }
		]
	},
	{
		summary: 'Een oudere voelt zich niet veilig bij een inwonend familielid.',
		agreements: 'Het familielid beheert geen geld meer; de wijkverpleging komt dagelijks.',
		monitoringBy: 'VT-medewerker, met de wijkverpleging',
		persons: [
			{ role: 'oudere', label: 'Oudere' },
			{ role: 'overig', label: 'Inwonend familielid' }
		]
	},
	{
		summary: 'Conflictscheiding; de kinderen raken betrokken bij de ruzies tussen de ouders.',
		agreements: 'Overdrachten van de kinderen via een neutrale plek; de ouders volgen een ouderschapstraject.',
		monitoringBy: 'VT-medewerker, met de mentor van school',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'ouder', label: 'Vader' },
			{ role: 'kind', label: 'Jongere' }
		]
	},
	{
		summary: 'Incident van partnergeweld na een melding van de politie; er wonen kinderen in het gezin.',
		agreements: 'Er is een veiligheidsplan met het netwerk; de pleger volgt een agressieregulatietraining.',
		monitoringBy: 'VT-medewerker, met de wijkagent',
		persons: [
			{ role: 'ouder', label: 'Moeder' },
			{ role: 'partner', label: 'Partner van moeder' },
			{ role: 'kind', label: 'Kind 1' },
			{ role: 'kind', label: 'Kind 2' }
		]
	},
	{
		summary: 'Jongere met zorgen over veiligheid thuis en schoolverzuim.',
		agreements: 'De jongere heeft een vertrouwenspersoon op school; de ouders zijn bereikbaar voor de leerplichtambtenaar.',
		monitoringBy: 'VT-medewerker, met de leerplichtambtenaar',
		persons: [
			{ role: 'verzorger', label: 'Verzorger' },
			{ role: 'kind', label: 'Jongere' }
		]
	}
];

export const HISTORY_TEXTS = {
	offerMessages: [
		'De veiligheidsbeoordeling is afgerond; graag vervolgondersteuning en een warme overdracht.',
		'Wij bieden dit gezin aan voor vervolghulp. De veiligheidsafspraken staan in de zaak.',
		'Graag specialistische hulp voor dit gezin; de afspraken en wie monitort staan in de zaak.'
	],
	declineNotes: [
		'Er ontbreekt informatie over de afspraken met het netwerk.',
		'Het gezin heeft al hulp via een andere aanbieder.',
		'Past beter bij een andere partner; graag opnieuw afstemmen.'
	],
	withdrawNotes: [
		'Het gezin is verhuisd naar een andere regio.',
		'Een andere partner bleek al betrokken.',
		'Opnieuw besproken aan de overdrachtstafel.'
	],
	closings: [
		'Onderzoek afgerond. De veiligheidsafspraken zijn vastgelegd en de vervolghulp ziet erop toe.',
		'Afgesloten met een gezinsplan; de melder is geïnformeerd over de uitkomst.',
		'Afgesloten na advies; het netwerk en de huisarts zien toe op de afspraken.'
	],
	effects: [
		'De afspraken worden nagekomen; er zijn geen nieuwe incidenten geweest.',
		'De hulp is gestart en het gezin ervaart meer rust.',
		'Er zijn opnieuw zorgen; de hulpverlener schaalt op.'
	],
	withWhom: ['de ouders en de hulpverlener', 'de verzorger en de school', 'het gezin en de wijkverpleging'],
	contactWith: ['Ouder, telefonisch', 'Huisbezoek bij het gezin', 'Beeldbellen met de ouders'],
	concerns: [
		'De spanningen thuis lopen weer op; wekelijks contact tot de zorg start.',
		'Zorgen over de veiligheid; de crisisdienst is ingelicht.'
	],
	conditions: [
		'Geen geweld waar de kinderen bij zijn',
		'De ouders zijn bereikbaar voor school en hulpverlening',
		'Het netwerk is betrokken bij het veiligheidsplan'
	],
	steps: ['Gezamenlijk gesprek met het gezin plannen', 'Evaluatie van de veiligheidsafspraken', 'Afstemmen met de huisarts']
} as const;
