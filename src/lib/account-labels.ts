/** Dutch labels for the status of an account and its badge style. */
export const ACCOUNT_STATUS: Record<'active' | 'invited' | 'deactivated', { label: string; badge: string }> = {
	active: { label: 'Actief', badge: 'utrecht-status-badge--safe' },
	invited: { label: 'Uitgenodigd', badge: 'utrecht-status-badge--warning' },
	deactivated: { label: 'Gedeactiveerd', badge: 'utrecht-status-badge--inactive' }
};

/** What each kind of open item is, in Dutch (on the page of a person who may leave). */
export const OPEN_ITEM_LABELS: Record<string, string> = {
	case: 'Verantwoordelijk voor de zaak',
	offer: 'Aanbod wacht op antwoord',
	trajectory: 'V&V-traject',
	waiting: 'Wachtend gezin (zicht op veiligheid)',
	checkin: 'Veiligheidscheck',
	monitoring: 'Monitoring',
	table: 'Overdrachtstafel (voorzitter)'
};
