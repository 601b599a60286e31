/** Dutch labels for roles and organisation kinds. */
export const ROLE_LABELS: Record<string, string> = {
	medewerker: 'medewerker',
	coordinator: 'teamcoördinator',
	beheerder: 'beheerder',
	gemeente: 'gemeente',
	stuurgroep: 'stuurgroep'
};

export const KIND_LABELS: Record<string, string> = {
	vt: 'Veilig Thuis',
	cjg: 'CJG',
	wijkteam: 'sociaal wijkteam',
	consortium: 'consortium',
	ggd: 'GGD',
	jeugdhulp: 'jeugdhulp',
	gemeente: 'gemeente',
	stuurgroep: 'stuurgroep'
};

export function rolesLabel(roles: string[]): string {
	return roles.map((r) => ROLE_LABELS[r] ?? r).join(', ');
}

const dateTime = new Intl.DateTimeFormat('nl-NL', {
	dateStyle: 'medium',
	timeStyle: 'medium',
	timeZone: 'Europe/Amsterdam'
});

/** A date and time as Dutch readers expect, in Dutch time. */
export function formatDateTime(value: Date | string): string {
	return dateTime.format(new Date(value));
}
