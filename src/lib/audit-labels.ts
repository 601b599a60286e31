/** Dutch descriptions of audit actions. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
	'auth.sign_in': 'Ingelogd',
	'auth.sign_in_failed': 'Inloggen mislukt',
	'auth.sign_in_throttled': 'Inloggen geweigerd (te veel pogingen)',
	'auth.sign_in_unavailable': 'Inloggen geweigerd (storing)',
	'auth.sign_out': 'Uitgelogd',
	'auth.sign_out_everywhere': 'Overal uitgelogd',
	'auth.second_factor_passed': 'Tweestapsverificatie geslaagd',
	'auth.second_factor_failed': 'Tweestapsverificatie mislukt',
	'auth.second_factor_throttled': 'Code geweigerd (te veel pogingen)',
	'auth.second_factor_unavailable': 'Code geweigerd (storing)',
	'auth.reauthentication_failed': 'Bevestiging met wachtwoord en code mislukt',
	'auth.recovery_code_used': 'Herstelcode gebruikt',
	'auth.totp_enabled': 'Tweestapsverificatie aangezet',
	'auth.totp_disabled': 'Tweestapsverificatie uitgezet',
	'auth.recovery_codes_renewed': 'Nieuwe herstelcodes gemaakt',
	'auth.password_changed': 'Eigen wachtwoord gewijzigd',
	'auth.password_change_failed': 'Wachtwoord wijzigen mislukt (onjuist huidig wachtwoord)',
	'auth.password_change_throttled': 'Wachtwoord wijzigen geweigerd (te veel pogingen)',
	'auth.password_reset_requested': 'Nieuw wachtwoord aangevraagd',
	'auth.password_reset_throttled': 'Nieuw wachtwoord aanvragen geweigerd (te veel aanvragen)',
	'auth.password_reset': 'Nieuw wachtwoord ingesteld via link',
	'auth.link_refused': 'Link geweigerd (verlopen, gebruikt of onbekend)',
	'auth.sso_started': 'Inloggen via eigen inlogdienst van organisatie gestart',
	'auth.sso_refused': 'Inloggen via eigen inlogdienst van organisatie geweigerd',
	'account.invited': 'Gebruiker uitgenodigd',
	'account.invitation_resent': 'Uitnodiging opnieuw verstuurd',
	'account.invitation_accepted': 'Uitnodiging aangenomen, wachtwoord ingesteld',
	'account.roles_changed': 'Rollen van gebruiker gewijzigd',
	'account.membership_removed': 'Gebruiker uit organisatie gehaald',
	'account.deactivated': 'Account gedeactiveerd',
	'account.reactivated': 'Account weer geactiveerd',
	'account.second_factor_reset': 'Tweestapsverificatie van gebruiker teruggezet',
	'account.viewed': 'Account van gebruiker bekeken',
	'accounts.listed': 'Gebruikers bekeken',
	'account.email_preference_changed': 'Keuze voor e-mail bij meldingen gewijzigd',
	'organisation.created': 'Organisatie toegevoegd',
	'organisation.updated': 'Organisatie gewijzigd',
	'organisation.ended': 'Organisatie beëindigd',
	'organisation.sso_configured': 'Eigen inlogdienst van organisatie ingesteld',
	'organisation.sso_removed': 'Eigen inlogdienst van organisatie uitgezet',
	'session.organisation_switched': 'Van organisatie gewisseld',
	'audit.viewed': 'Auditlog bekeken',
	'access.refused': 'Toegang geweigerd',
	'events.replayed': 'Gemiste live-updates nagestuurd',
	'notifications.viewed': 'Meldingen bekeken',
	'case.created': 'Zaak aangemaakt',
	'case.updated': 'Zaak gewijzigd',
	'case.viewed': 'Zaak bekeken',
	'case.closed': 'Zaak afgesloten, monitoring gepland',
	'case.reopened': 'Zaak heropend',
	'case.reassigned': 'Verantwoordelijke medewerker van zaak gewijzigd',
	'monitoring.recorded': 'Uitkomst monitoring vastgelegd',
	'monitoring.replanned': 'Monitoring opnieuw gepland',
	'monitoring.viewed': 'Monitoringsmoment bekeken',
	'monitoring.listed': 'Monitoring bekeken',
	'cases.listed': 'Werkvoorraad bekeken',
	'escalations.listed': 'Escalaties en achterstanden van het team bekeken',
	'case.watched': 'Zaak live gevolgd',
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
	'checkin.recorded': 'Veiligheidscheck vastgelegd',
	'checkin.viewed': 'Veiligheidscheck bekeken',
	'checkins.listed': 'Veiligheidschecks bekeken',
	'waiting.started': 'Gezin wacht op een consortium',
	'waiting.care_started': 'Zorg gestart (wachtlijst verlaten)',
	'waiting.over_norm': 'Wachttijd boven de norm (systeem)',
	'waiting.reported': 'Wachttijden gemeld',
	'waiting.viewed': 'Wachttijden en wachtende gezinnen bekeken',
	'waiting.reports_viewed': 'Gemelde wachttijden opgevraagd',
	'waiting.norm_changed': 'Norm van een zorgvorm gewijzigd',
	'table.created': 'Overdrachtstafel gepland',
	'table.updated': 'Overdrachtstafel gewijzigd',
	'table.viewed': 'Overdrachtstafel bekeken',
	'tables.listed': 'Overdrachtstafels bekeken',
	'table.watched': 'Overdrachtstafel live gevolgd',
	'table.opened': 'Overdrachtstafel geopend',
	'table.attended': 'Aanwezig bij een overdrachtstafel',
	'table.item_decided': 'Agendapunt besloten',
	'table.closed': 'Overdrachtstafel gesloten',
	'api_token.created': 'API-token aangemaakt',
	'api_token.revoked': 'API-token ingetrokken',
	'api_token.refused': 'API-verzoek geweigerd',
	'sla.policy_changed': 'Reactietermijn gewijzigd',
	'sla.workdays_changed': 'Werkdageninstelling gewijzigd',
	'sla.breached': 'Reactietermijn verstreken (systeem)',
	'assessment.norm_changed': 'Termijn veiligheidsbeoordeling gewijzigd',
	'melder_letter.drafted': 'Afsluitbrief aan de melder opgesteld',
	'melder_letter.viewed': 'Afsluitbrief aan de melder bekeken',
	'melder_letter.saved': 'Afsluitbrief aan de melder bewerkt',
	'melder_letter.template_changed': 'Sjabloon van de afsluitbrief gewijzigd',
	'melder.informed': 'Vastgelegd hoe de melder is geïnformeerd',
	'caseload.viewed': 'Caseload van het team bekeken',
	'caseload.norm_changed': 'Caseloadnorm gewijzigd',
	'sprint.planned': 'Sprintweek of focusgroep gepland',
	'sprint.viewed': 'Voortgang sprintweek of focusgroep bekeken',
	'followup.settings_changed': 'Vervolgtermijnen gewijzigd',
	'dashboard.viewed': 'Doorstroomdashboard bekeken',
	'followup.escalated': 'Escalatie verstuurd (systeem)',
	'queues.viewed': 'Wachtrijen bekeken',
	'queues.job_retried': 'Mislukte taak opnieuw gestart',
	'retention.applied': 'Bewaartermijn toegepast (systeem)'
};

const RECORD_TYPES: Record<string, string> = {
	user: 'gebruiker',
	session: 'sessie',
	organisation: 'organisatie',
	case: 'zaak',
	handover: 'overdracht',
	trajectory: 'V&V-traject',
	monitoring: 'monitoringsmoment',
	safety_checkin: 'veiligheidscheck',
	table: 'overdrachtstafel',
	wait_entry: 'wachtend gezin',
	care_type: 'zorgvorm',
	api_token: 'API-token',
	sla_policy: 'reactietermijn',
	assessment_norm: 'termijn veiligheidsbeoordeling',
	workday_settings: 'werkdagen',
	retention: 'bewaartermijn',
	notification: 'melding'
};

/** What a list showed, in the plural. */
const SHOWN_RECORDS: Record<string, string> = {
	case: 'zaken',
	handover: 'overdrachten',
	trajectory: 'V&V-trajecten',
	safety_checkin: 'veiligheidschecks',
	monitoring: 'monitoringsmomenten',
	wait_entry: 'wachtende gezinnen',
	table: 'overdrachtstafels',
	notification: 'meldingen'
};

/** Live streams (rooms) by their prefix. */
const STREAMS: Record<string, string> = { user: 'gebruiker', org: 'organisatie', case: 'zaak', table: 'overdrachtstafel' };

/** Short Dutch names of the API scopes: a token's role in the audit log. */
const SCOPE_ROLES: Record<string, string> = {
	'handovers:read': 'overdrachten lezen',
	'handovers:answer': 'overdrachten beantwoorden',
	'waiting-times:read': 'wachttijden lezen',
	'waiting-times:write': 'wachttijden melden',
	'dashboard:read': 'doorstroomcijfers lezen'
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
	path: 'pagina',
	monitoring: 'monitoringsmoment',
	monitor: 'monitor',
	plannedOn: 'gepland op',
	melder: 'melder',
	allSafe: 'iedereen veilig',
	unsafe: 'niet veilig',
	lapsed: 'vervallen momenten',
	what: 'wat',
	early: 'vóór de geplande datum',
	team: 'team',
	careType: 'zorgvorm',
	startedOn: 'zorg gestart op',
	cancelledCheckins: 'vervallen veiligheidschecks',
	normDays: 'norm (dagen)',
	count: 'aantal',
	via: 'via',
	filter: 'filters',
	search: 'gezocht op referentie',
	limit: 'grens',
	trustedDevice: 'vertrouwd apparaat',
	before: 'ouder dan',
	interrupted: 'onderbroken',
	after: 'na gebeurtenis',
	streams: 'gevolgde stromen',
	events: 'nagestuurde gebeurtenissen',
	page: 'bladzijde',
	purpose: 'doel',
	roles: 'rollen',
	added: 'toegevoegd',
	removed: 'verwijderd',
	preference: 'keuze',
	existing: 'bestaand account',
	email: 'e-mail',
	kind: 'soort',
	organisation: 'organisatie',
	fields: 'velden',
	offeredBy: 'aangeboden door',
	late: 'te laat',
	consortium: 'consortium',
	reference: 'referentie',
	shown: 'getoond',
	urgency: 'urgentie',
	days: 'dagen',
	minutes: 'minuten',
	version: 'versie',
	table: 'tabel',
	format: 'formaat',
	period: 'periode',
	periods: 'periodes',
	scope: 'bereik',
	target: 'doel',
	type: 'soort',
	id: 'nummer'
};

const DETAIL_VALUES: Record<string, string> = {
	wrong_password: 'onjuist wachtwoord',
	unknown_account: 'onbekend account',
	wrong_code: 'onjuiste code',
	wrong_password_and_code: 'onjuist wachtwoord en onjuiste code',
	pair: 'account en adres',
	account: 'account',
	address: 'adres',
	device: 'apparaat',
	second_factor: 'codes per gebruiker',
	pending: 'nog te doen',
	done: 'al gedaan',
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
	informed: 'geïnformeerd',
	anonymous: 'anoniem',
	api: 'API',
	job: 'nachtelijke taak',
	cli: 'opdrachtregel',
	formulier: 'formulier',
	true: 'ja',
	false: 'nee',
	role: 'rol past niet',
	no_organisation: 'geen organisatie',
	pagina: 'pagina',
	live: 'live-verbinding',
	aanwezigheid: 'aanwezigheid aan de tafel',
	bel: 'meldingenbel',
	wachtrijen: 'wachtrijbeheer',
	invitation: 'uitnodiging',
	password_reset: 'nieuw wachtwoord',
	invalid_link: 'link ongeldig of verlopen',
	immediate: 'direct',
	digest: 'dagelijks overzicht',
	smtp_off: 'e-mail staat uit',
	queued: 'verstuurd via de workers',
	shown_once: 'link eenmalig getoond',
	page: 'pagina',
	report: 'rapport',
	export: 'CSV-export',
	web: 'website',
	accepted: 'geaccepteerd',
	declined: 'afgewezen',
	withdrawn: 'ingetrokken',
	offered: 'aangeboden',
	breached: 'termijn verstreken',
	expired: 'verlopen',
	open: 'open',
	closed: 'afgesloten',
	planned: 'gepland',
	cancelled: 'geannuleerd',
	scheduled: 'gepland',
	regio: 'de regio',
	gemeente: 'gemeente',
	stuurgroep: 'stuurgroep',
	user: 'gebruiker',
	case: 'zaak',
	handover: 'overdracht',
	trajectory: 'V&V-traject',
	wait_entry: 'wachtend gezin',
	safety_checkin: 'veiligheidscheck',
	notification: 'melding'
};

/** Names of users and organisations by id, as far as the viewer may see them (see the audit page). */
export type AuditNames = Readonly<Record<string, string>>;

/** The record an audit row is about, in Dutch. */
export function auditRecord(type: string | null, id: string | null, names: AuditNames = {}): string {
	return type ? `${RECORD_TYPES[type] ?? type} ${id ? (names[id] ?? id) : ''}`.trim() : '–';
}

/** The role an API token acted in: its scopes, in Dutch. */
export function tokenRole(scopes: readonly string[]): string {
	return `API-koppeling: ${scopes.map((s) => SCOPE_ROLES[s] ?? s).join(', ')}`;
}

/** One detail value in Dutch: a name for an id the viewer may see, yes/no, a Dutch word for a code. */
function detailValue(v: unknown, names: AuditNames): string {
	const text = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
	return names[text] ?? DETAIL_VALUES[text] ?? AUDIT_ACTION_LABELS[text] ?? text;
}

/** The ids in audit rows that may be shown as a name: the record's id and every id-like detail value. */
export function auditIds(rows: readonly { recordId: string | null; details: Record<string, unknown> }[]): string[] {
	const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
	const ids = new Set<string>();
	for (const r of rows) {
		if (r.recordId && UUID.test(r.recordId)) ids.add(r.recordId);
		for (const v of Object.values(r.details)) if (typeof v === 'string' && UUID.test(v)) ids.add(v);
	}
	return [...ids];
}

/** The details of an audit row as short Dutch text; lists are left to auditLists. */
export function auditDetails(details: Record<string, unknown>, names: AuditNames = {}): string {
	const listed = Array.isArray(details.ids);
	return Object.entries(details)
		.filter(([k, v]) => v !== null && v !== '' && !Array.isArray(v) && k !== SHORTENED && !(listed && (k === 'shown' || k === 'rows')))
		.map(([k, v]) => `${DETAIL_KEYS[k] ?? k}: ${detailValue(v, names)}`)
		.join(', ');
}

/** A list in an audit row: which records a list showed, which streams and events a replay sent. */
export interface AuditList {
	label: string;
	items: string[];
}

/** The lists in an audit row's details, each with a Dutch heading ("12 zaken getoond"). */
export function auditLists(details: Record<string, unknown>): AuditList[] {
	const left = (details[SHORTENED] ?? {}) as Record<string, number>;
	return Object.entries(details)
		.filter((e): e is [string, unknown[]] => Array.isArray(e[1]))
		.map(([k, v]) => {
			const more = left[k] ?? 0;
			const rest = more ? [`… en ${more} meer`] : [];
			if (k === 'ids')
				return {
					label: `${v.length + more} ${SHOWN_RECORDS[String(details.shown)] ?? 'regels'} getoond`,
					items: [...v.map(String), ...rest]
				};
			const items = k === 'streams' ? v.map((s) => String(s).replace(/^(\w+):/, (_m, p: string) => `${STREAMS[p] ?? p} `)) : v.map(String);
			return { label: `${DETAIL_KEYS[k] ?? k}: ${v.length + more}`, items: [...items, ...rest] };
		});
}

/** Where shortenAuditLists notes how many items of each list it left out. */
const SHORTENED = '_shortened';

/**
 * An audit row's details with each list cut to its first `max` items (those in `first` before the
 * others), for showing a page of the log: a list view names up to a page of records, and fifty rows
 * of fifty ids would make the page heavy. auditLists says how many were left out.
 */
export function shortenAuditLists(
	details: Record<string, unknown>,
	first: ReadonlySet<string> = new Set(),
	max = 10
): Record<string, unknown> {
	const left: Record<string, number> = {};
	const out: Record<string, unknown> = { ...details };
	for (const [k, v] of Object.entries(details)) {
		if (!Array.isArray(v) || v.length <= max) continue;
		const ordered = [...v.filter((x) => first.has(String(x))), ...v.filter((x) => !first.has(String(x)))];
		out[k] = ordered.slice(0, max);
		left[k] = v.length - max;
	}
	if (Object.keys(left).length) out[SHORTENED] = left;
	return out;
}
