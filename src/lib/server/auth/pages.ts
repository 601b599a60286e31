import { isPartnerWorker, isVtBeheerder, isVtCoordinator, isVtWorker, type Capacity } from '../actor.ts';
import { isConsortiumWorker } from '../waiting/service.ts';
import { TOKEN_KINDS } from '../api/scopes.ts';

/** One page of the portal: where it is, its menu label, who may open it and whether it belongs in their menu. */
export interface PageRule {
	path: string;
	label: string;
	/** Who may open the page: the same predicates the page's guard and its service use. */
	mayOpen: (actor: Capacity) => boolean;
	/**
	 * Whether the page is offered in the menu of someone who may open it (default: yes). False for
	 * pages reached from another page; a predicate for pages some may open but have no use for.
	 */
	menu?: boolean | ((actor: Capacity) => boolean);
	/** The menu link when it is a view of the page (a filter in the query), not the page itself. */
	query?: string;
}

/** An entry of the main menu. */
export interface MenuItem {
	href: string;
	label: string;
}

const anyone = () => true;
const beheerder = (a: Capacity) => !a.tokenId && a.roles.includes('beheerder');
/** Gemeenten and the stuurgroep read figures: the case-work settings (termijnen, zorgvormen) are of no use to them. */
const worksCases = (a: Capacity) => a.organisationKind !== 'gemeente' && a.organisationKind !== 'stuurgroep';

/**
 * The pages of the portal in menu order: one table for the menu and for the test that proves it
 * matches what the server lets each person open (tests/integration/menu.test.ts). The predicates
 * are the ones the guards and services decide access with (actor.ts, waiting, api/scopes).
 */
export const PAGES: readonly PageRule[] = [
	{ path: '/', label: 'Start', mayOpen: anyone },
	{ path: '/zaken', query: 'mijn=ja', label: 'Mijn zaken', mayOpen: isVtWorker },
	{ path: '/zaken', label: 'Werkvoorraad', mayOpen: isVtWorker },
	{ path: '/veiligheidschecks', label: 'Veiligheidschecks', mayOpen: isVtWorker },
	{ path: '/monitoring', label: 'Monitoring', mayOpen: isVtWorker },
	{ path: '/caseload', label: 'Caseload', mayOpen: isVtCoordinator },
	{ path: '/overdrachten', label: 'Overdrachten', mayOpen: isPartnerWorker },
	{ path: '/wachttijden', label: 'Wachttijden', mayOpen: (a) => isVtWorker(a) || isConsortiumWorker(a) },
	{ path: '/trajecten', label: 'V&V-trajecten', mayOpen: (a) => isVtWorker(a) || isPartnerWorker(a) },
	{ path: '/tafels', label: 'Overdrachtstafels', mayOpen: (a) => isVtWorker(a) || isPartnerWorker(a) },
	{
		path: '/dashboard',
		label: 'Doorstroom',
		// dashboard/service.ts dashboardScope: gemeente people of a gemeente, stuurgroep people of the stuurgroep
		mayOpen: (a) =>
			(a.organisationKind === 'gemeente' && a.roles.includes('gemeente')) ||
			(a.organisationKind === 'stuurgroep' && a.roles.includes('stuurgroep'))
	},
	{ path: '/account', label: 'Mijn account', mayOpen: anyone },
	{ path: '/beheer/gebruikers', label: 'Gebruikers', mayOpen: beheerder },
	{ path: '/beheer/organisaties', label: 'Organisaties', mayOpen: isVtBeheerder },
	{ path: '/beheer/termijnen', label: 'Termijnen', mayOpen: beheerder, menu: worksCases },
	{ path: '/beheer/afsluitbrief', label: 'Afsluitbrief', mayOpen: isVtBeheerder },
	{ path: '/beheer/zorgvormen', label: 'Zorgvormen', mayOpen: beheerder, menu: worksCases },
	{ path: '/beheer/api-tokens', label: 'API-koppelingen', mayOpen: (a) => beheerder(a) && TOKEN_KINDS.includes(a.organisationKind) },
	{ path: '/beheer/audit', label: 'Auditlog', mayOpen: beheerder },
	{ path: '/beheer/status', label: 'Systeemstatus', mayOpen: beheerder },
	{ path: '/beheer/wachtrijen', label: 'Wachtrijen', mayOpen: isVtBeheerder, menu: false }
];

/** True when the actor may open the page at this path (its own entry or the nearest one above it). */
export function mayOpenPage(actor: Capacity, path: string): boolean {
	const rule = pageRule(path);
	return rule ? rule.mayOpen(actor) : false;
}

/** The rule of the page at this path: the entry with the longest matching path. */
export function pageRule(path: string): PageRule | undefined {
	let best: PageRule | undefined;
	for (const rule of PAGES) {
		const match = rule.path === '/' ? path === '/' : path === rule.path || path.startsWith(`${rule.path}/`);
		if (match && (!best || rule.path.length > best.path.length)) best = rule;
	}
	return best;
}

/** The main menu of an actor: every page in the table they may open and have a use for, in table order. */
export function menuFor(actor: Capacity): MenuItem[] {
	return PAGES.filter((p) => p.mayOpen(actor) && (typeof p.menu === 'function' ? p.menu(actor) : p.menu !== false)).map((p) => ({
		href: p.query ? `${p.path}?${p.query}` : p.path,
		label: p.label
	}));
}
