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

const dayFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A calendar day (YYYY-MM-DD) as "23 nov 2026". */
export function formatDay(day: string): string {
	return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

const shortDateTime = new Intl.DateTimeFormat('nl-NL', {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Amsterdam'
});

/** An instant as "ma 23 nov 14:30" in Dutch time. */
export function formatMoment(value: Date | string): string {
	return shortDateTime.format(new Date(value));
}
