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
	'audit.viewed': 'Auditlog bekeken'
};
