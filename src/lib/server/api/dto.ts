import type { HandoverRow } from '../handovers/queries.ts';
import type { PartnerCaseView } from '../handovers/service.ts';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** A handover as the API shows it to the receiving partner (dates in ISO 8601). */
export interface HandoverJson {
	id: string;
	caseReference: string;
	status: string;
	urgent: boolean;
	message: string;
	offeredBy: string | null;
	offeredAt: string;
	respondBefore: string;
	answeredBy: string | null;
	answeredAt: string | null;
	declineReason: string | null;
	declineNote: string | null;
	completedAt: string | null;
	/** The zorgvorm (care type id) of an offer to a consortium, else null. */
	careType: string | null;
	warmHandover: {
		plannedAt: string;
		form: string;
		vtAttendees: string;
		partnerAttendees: string;
		vtConfirmedAt: string | null;
		partnerConfirmedAt: string | null;
	} | null;
}

/** Maps a handover row to its API form. */
export function handoverJson(h: HandoverRow): HandoverJson {
	return {
		id: h.id,
		caseReference: h.reference,
		status: h.status,
		urgent: h.urgent,
		message: h.message,
		offeredBy: h.offeredByName,
		offeredAt: iso(h.offeredAt)!,
		respondBefore: iso(h.respondBefore)!,
		answeredBy: h.answeredByName,
		answeredAt: iso(h.answeredAt),
		declineReason: h.declineReason,
		declineNote: h.declineNote,
		completedAt: iso(h.completedAt),
		careType: h.careTypeId,
		warmHandover: h.warm
			? {
					plannedAt: iso(h.warm.plannedAt)!,
					form: h.warm.form,
					vtAttendees: h.warm.vtAttendees,
					partnerAttendees: h.warm.partnerAttendees,
					vtConfirmedAt: iso(h.warm.vtConfirmedAt),
					partnerConfirmedAt: iso(h.warm.partnerConfirmedAt)
				}
			: null
	};
}

/** The partner's view of the case (what rule 4 says a partner receives, nothing more). */
export function caseJson(c: PartnerCaseView) {
	return {
		reference: c.reference,
		municipality: c.municipalityName,
		urgent: c.urgent,
		childrenInvolved: c.childrenInvolved,
		elderlyInvolved: c.elderlyInvolved,
		summary: c.summary,
		persons: c.persons.map((p) => ({ role: p.role, label: p.label, spokenTo: p.spokenTo, spokenOn: p.spokenOn })),
		safetyAgreements: c.safetyAgreements,
		monitoringBy: c.monitoringBy
	};
}
