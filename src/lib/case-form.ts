/** What the case form shows and sends back (strings, as in the form). */
export interface CaseFormValues {
	municipalityId: string;
	reportDate: string;
	urgent: boolean;
	childrenInvolved: boolean;
	elderlyInvolved: boolean;
	helpPresent: boolean;
	summary: string;
	safetyAgreements: string;
	monitoringBy: string;
	/** "Uitzondering: er is al een ketenpartner betrokken" ticked. */
	exception: boolean;
	involvedPartnerId: string;
	involvedPartnerReason: string;
	persons: { role: string; label: string; spokenTo: boolean; spokenOn: string }[];
	version?: number;
}

export const PERSON_ROLE_LABELS: Record<string, string> = {
	kind: 'Kind',
	ouder: 'Ouder',
	verzorger: 'Verzorger',
	partner: 'Partner',
	oudere: 'Oudere',
	overig: 'Overig'
};

/** Empty form for a new case. */
export function emptyCaseForm(today: string): CaseFormValues {
	return {
		municipalityId: '',
		reportDate: today,
		urgent: false,
		childrenInvolved: false,
		elderlyInvolved: false,
		helpPresent: false,
		summary: '',
		safetyAgreements: '',
		monitoringBy: '',
		exception: false,
		involvedPartnerId: '',
		involvedPartnerReason: '',
		persons: [{ role: 'kind', label: '', spokenTo: false, spokenOn: '' }]
	};
}

/** Form values back from a submitted (plain-object) form, for redisplay after an error. */
export function caseFormFromRaw(raw: Record<string, unknown>): CaseFormValues {
	const str = (v: unknown) => (typeof v === 'string' ? v : '');
	const persons = Array.isArray(raw.persons) ? (raw.persons as Record<string, unknown>[]) : [];
	return {
		municipalityId: str(raw.municipalityId),
		reportDate: str(raw.reportDate),
		urgent: raw.urgent === 'on',
		childrenInvolved: raw.childrenInvolved === 'on',
		elderlyInvolved: raw.elderlyInvolved === 'on',
		helpPresent: raw.helpPresent === 'on',
		summary: str(raw.summary),
		safetyAgreements: str(raw.safetyAgreements),
		monitoringBy: str(raw.monitoringBy),
		exception: raw.exception === 'on',
		involvedPartnerId: str(raw.involvedPartnerId),
		involvedPartnerReason: str(raw.involvedPartnerReason),
		persons: persons.map((p) => ({ role: str(p.role), label: str(p.label), spokenTo: p.spokenTo === 'on', spokenOn: str(p.spokenOn) })),
		version: raw.version ? Number(raw.version) : undefined
	};
}
