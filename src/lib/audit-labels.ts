/** Dutch descriptions of audit actions. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
	'auth.sign_in': 'Ingelogd',
	'auth.sign_in_failed': 'Inloggen mislukt',
	'auth.sign_in_throttled': 'Inloggen geweigerd (te veel pogingen)',
	'auth.sign_out': 'Uitgelogd',
	'auth.sign_out_everywhere': 'Overal uitgelogd',
	'auth.second_factor_passed': 'Tweestapsverificatie geslaagd',
	'auth.second_factor_failed': 'Tweestapsverificatie mislukt',
	'auth.recovery_code_used': 'Herstelcode gebruikt',
	'auth.totp_enabled': 'Tweestapsverificatie aangezet',
	'auth.totp_disabled': 'Tweestapsverificatie uitgezet',
	'auth.recovery_codes_renewed': 'Nieuwe herstelcodes gemaakt',
	'session.organisation_switched': 'Van organisatie gewisseld',
	'audit.viewed': 'Auditlog bekeken',
	'case.created': 'Zaak aangemaakt',
	'case.updated': 'Zaak gewijzigd',
	'case.viewed': 'Zaak bekeken',
	'cases.listed': 'Werkvoorraad bekeken',
	'handover.offered': 'Overdracht aangeboden',
	'handover.accepted': 'Overdracht geaccepteerd',
	'handover.declined': 'Overdracht afgewezen',
	'handover.withdrawn': 'Aanbod ingetrokken',
	'handover.viewed': 'Overdracht bekeken',
	'handovers.listed': 'Overdrachten bekeken',
	'handover.answer_refused': 'Antwoord geweigerd (al beantwoord)',
	'warm_handover.planned': 'Contactmoment gepland',
	'warm_handover.confirmed': 'Contactmoment bevestigd',
	'handover.completed': 'Warme overdracht afgerond',
	'trajectory.opened': 'V&V-traject gestart',
	'trajectory.updated': 'V&V-traject bijgewerkt',
	'trajectory.viewed': 'V&V-traject bekeken',
	'trajectory.continuation_confirmed': 'Voortzetting ondersteuning bevestigd',
	'trajectory.closed': 'Deel van Veilig Thuis afgesloten',
	'trajectories.listed': 'V&V-trajecten bekeken',
	'table.created': 'Overdrachtstafel gepland',
	'table.updated': 'Overdrachtstafel gewijzigd',
	'table.viewed': 'Overdrachtstafel bekeken',
	'table.opened': 'Overdrachtstafel geopend',
	'table.item_decided': 'Agendapunt besloten',
	'table.closed': 'Overdrachtstafel gesloten',
	'api_token.created': 'API-token aangemaakt',
	'api_token.revoked': 'API-token ingetrokken',
	'api_token.refused': 'API-verzoek geweigerd',
	'sla.policy_changed': 'Reactietermijn gewijzigd',
	'sla.workdays_changed': 'Werkdageninstelling gewijzigd',
	'sla.breached': 'Reactietermijn verstreken (systeem)',
	'queues.viewed': 'Wachtrijen bekeken',
	'queues.job_retried': 'Mislukte taak opnieuw gestart'
};

const RECORD_TYPES: Record<string, string> = {
	user: 'gebruiker',
	session: 'sessie',
	organisation: 'organisatie',
	case: 'zaak',
	handover: 'overdracht',
	trajectory: 'V&V-traject',
	table: 'overdrachtstafel',
	api_token: 'API-token',
	sla_policy: 'reactietermijn',
	workday_settings: 'werkdagen'
};

const DETAIL_KEYS: Record<string, string> = {
	reason: 'reden',
	secondFactor: 'tweestapsverificatie',
	sessions: 'sessies',
	from: 'vanaf',
	to: 'tot',
	action: 'actie',
	user: 'gebruiker',
	rows: 'regels',
	case: 'zaak',
	side: 'kant',
	status: 'status',
	name: 'naam',
	scopes: 'rechten',
	request: 'verzoek',
	change: 'wijziging',
	cases: 'zaken',
	view: 'weergave',
	outcome: 'uitkomst',
	partner: 'ketenpartner',
	handover: 'overdracht',
	decided: 'besloten',
	undecided: 'open',
	subregion: 'subregio',
	participants: 'deelnemers',
	goodFriday: 'Goede Vrijdag vrij',
	liberationDay: 'Bevrijdingsdag vrij',
	queue: 'wachtrij',
	jobId: 'taak',
	path: 'pagina'
};

const DETAIL_VALUES: Record<string, string> = {
	wrong_password: 'onjuist wachtwoord',
	unknown_account: 'onbekend account',
	pending: 'nog te doen',
	off: 'uit',
	missing: 'geen token',
	malformed: 'ongeldig token',
	unknown: 'onbekend token',
	revoked: 'ingetrokken token',
	organisation: 'organisatie past niet',
	scope: 'recht ontbreekt',
	no_access: 'geen toegang',
	vt: 'Veilig Thuis',
	partner: 'ketenpartner',
	offer: 'aanbieden',
	back_to_vt: 'terug naar VT',
	spoed: 'spoed',
	regulier: 'regulier',
	failed: 'mislukt',
	completed: 'voltooid',
	true: 'ja',
	false: 'nee'
};

/** The record an audit row is about, in Dutch. */
export function auditRecord(type: string | null, id: string | null): string {
	return type ? `${RECORD_TYPES[type] ?? type} ${id ?? ''}`.trim() : '–';
}

/** The details of an audit row as short Dutch text. */
export function auditDetails(details: Record<string, unknown>): string {
	return Object.entries(details)
		.filter(([, v]) => v !== null && v !== '')
		.map(([k, v]) => `${DETAIL_KEYS[k] ?? k}: ${DETAIL_VALUES[String(v)] ?? AUDIT_ACTION_LABELS[String(v)] ?? v}`)
		.join(', ');
}
