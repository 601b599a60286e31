/** The demo organisations, users and password. The region itself (subregions, gemeenten) is src/lib/region.ts. */
import type { OrganisationKind, Role } from '../auth/roles.ts';
import { MUNICIPALITIES } from '../../region.ts';

export interface SeedOrganisation {
	name: string;
	kind: OrganisationKind;
	subregionId?: string;
	municipalityId?: string;
	/** Consortia: the zorgvormen they offer. */
	careTypes?: string[];
}

export const ORGANISATIONS: SeedOrganisation[] = [
	{ name: 'Veilig Thuis Kennemerland', kind: 'vt' },
	{ name: 'CJG Kennemerland', kind: 'cjg' },
	...MUNICIPALITIES.map((m) => ({
		name: `Sociaal Wijkteam ${m.name}`,
		kind: 'wijkteam' as const,
		subregionId: m.subregionId,
		municipalityId: m.id
	})),
	{
		name: 'Consortium Spaarnestroom Jeugd & Gezin',
		kind: 'consortium',
		careTypes: ['ihub', 'gezinsbehandeling', 'trauma', 'jeugd-ggz', 'verblijf']
	},
	{
		name: 'Consortium IJmond Kust Jeugdhulp',
		kind: 'consortium',
		subregionId: 'ijmond',
		careTypes: ['ihub', 'gezinsbehandeling', 'jeugd-ggz']
	},
	{ name: 'GGD Kennemerland', kind: 'ggd' },
	{ name: 'Duinrand Jeugdhulp', kind: 'jeugdhulp' },
	...MUNICIPALITIES.map((m) => ({
		name: `Gemeente ${m.name}`,
		kind: 'gemeente' as const,
		subregionId: m.subregionId,
		municipalityId: m.id
	})),
	{ name: 'Stuurgroep Veilig Thuis Kennemerland', kind: 'stuurgroep' }
];

export interface SeedUser {
	email: string;
	name: string;
	memberships: [organisation: string, role: Role][];
}

/** Demo accounts: every role and organisation kind. All share the demo password. */
export const DEMO_USERS: SeedUser[] = [
	{ email: 'vt.medewerker@ketentafel.test', name: 'Sanne Verhoef', memberships: [['Veilig Thuis Kennemerland', 'medewerker']] },
	{ email: 'vt.medewerker2@ketentafel.test', name: 'Youssef El Amrani', memberships: [['Veilig Thuis Kennemerland', 'medewerker']] },
	{ email: 'vt.coordinator@ketentafel.test', name: 'Marieke Zwanenburg', memberships: [['Veilig Thuis Kennemerland', 'coordinator']] },
	{ email: 'vt.beheerder@ketentafel.test', name: 'Ruben Kalkman', memberships: [['Veilig Thuis Kennemerland', 'beheerder']] },
	{ email: 'cjg.medewerker@ketentafel.test', name: 'Femke Dijkhuis', memberships: [['CJG Kennemerland', 'medewerker']] },
	{ email: 'cjg.medewerker2@ketentafel.test', name: 'Daan Oosterveld', memberships: [['CJG Kennemerland', 'medewerker']] },
	{ email: 'cjg.coordinator@ketentafel.test', name: 'Ilse Brouwer-Tan', memberships: [['CJG Kennemerland', 'coordinator']] },
	{ email: 'cjg.beheerder@ketentafel.test', name: 'Mohamed Bakkali', memberships: [['CJG Kennemerland', 'beheerder']] },
	{ email: 'wijkteam.haarlem@ketentafel.test', name: 'Lotte van Dam', memberships: [['Sociaal Wijkteam Haarlem', 'medewerker']] },
	{ email: 'wijkteam.velsen@ketentafel.test', name: 'Kees Schermer', memberships: [['Sociaal Wijkteam Velsen', 'medewerker']] },
	{
		email: 'wijkteam.haarlemmermeer@ketentafel.test',
		name: 'Priya Ramdin',
		memberships: [['Sociaal Wijkteam Haarlemmermeer', 'coordinator']]
	},
	{
		email: 'flex.medewerker@ketentafel.test',
		name: 'Noor Heemskerk',
		memberships: [
			['CJG Kennemerland', 'medewerker'],
			['Sociaal Wijkteam Heemstede', 'medewerker']
		]
	},
	{
		email: 'consortium.medewerker@ketentafel.test',
		name: 'Joris Blokker',
		memberships: [['Consortium Spaarnestroom Jeugd & Gezin', 'medewerker']]
	},
	{
		email: 'consortium.coordinator@ketentafel.test',
		name: 'Esra Yildiz',
		memberships: [['Consortium IJmond Kust Jeugdhulp', 'coordinator']]
	},
	{ email: 'ggd.medewerker@ketentafel.test', name: 'Hanneke Post', memberships: [['GGD Kennemerland', 'medewerker']] },
	{ email: 'jeugdhulp.medewerker@ketentafel.test', name: 'Bram Veldhuis', memberships: [['Duinrand Jeugdhulp', 'medewerker']] },
	{ email: 'gemeente.haarlem@ketentafel.test', name: 'Wendy Kroon', memberships: [['Gemeente Haarlem', 'gemeente']] },
	{ email: 'gemeente.beheerder@ketentafel.test', name: 'Wouter Kramer', memberships: [['Gemeente Haarlem', 'beheerder']] },
	{ email: 'gemeente.velsen@ketentafel.test', name: 'Arjen de Groot', memberships: [['Gemeente Velsen', 'gemeente']] },
	{ email: 'gemeente.haarlemmermeer@ketentafel.test', name: 'Linda Maas', memberships: [['Gemeente Haarlemmermeer', 'gemeente']] },
	{ email: 'stuurgroep@ketentafel.test', name: 'Gerard Bosman', memberships: [['Stuurgroep Veilig Thuis Kennemerland', 'stuurgroep']] }
];

export const DEMO_PASSWORD = 'Ketentafel-demo-2026';

/** A colleague the CJG's beheerder invited who has not set a password yet: the users page shows an open invitation. */
export const DEMO_INVITED = {
	email: 'cjg.nieuw@ketentafel.test',
	name: 'Sem de Wit',
	organisation: 'CJG Kennemerland',
	role: 'medewerker' as Role
};
