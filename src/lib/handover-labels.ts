/** Dutch labels shared by pages, API messages and the timeline. */
export const DECLINE_REASON_LABELS: Record<string, string> = {
	geen_capaciteit: 'Geen capaciteit',
	past_niet_bij_aanbod: 'Past niet bij ons aanbod',
	al_betrokken: 'Wij zijn al betrokken',
	buiten_werkgebied: 'Buiten ons werkgebied',
	onvoldoende_informatie: 'Onvoldoende informatie',
	anders: 'Anders'
};

/** A decline reason inside a sentence: "(geen capaciteit)". */
export function declineReasonInline(reason: string | null): string {
	const label = DECLINE_REASON_LABELS[reason ?? ''] ?? reason ?? 'geen reden';
	return label.charAt(0).toLowerCase() + label.slice(1);
}

export const STATUS_LABELS: Record<string, string> = {
	open: 'Aangeboden, wacht op antwoord',
	accepted: 'Geaccepteerd, warme overdracht loopt',
	declined: 'Afgewezen',
	withdrawn: 'Ingetrokken',
	completed: 'Overgedragen'
};

export const CONTACT_FORM_LABELS: Record<string, string> = {
	gesprek: 'Gesprek',
	huisbezoek: 'Huisbezoek',
	telefonisch: 'Telefonisch'
};
