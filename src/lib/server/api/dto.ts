import type { HandoverRow } from '../handovers/queries.ts';
import type { PartnerCaseView } from '../handovers/service.ts';
import { PERSON_ROLES } from '../cases/schema.ts';
import { CONTACT_FORMS, DECLINE_REASONS } from '../handovers/schema.ts';
import { HANDOVER_STATUSES, type HandoverJson, type PartnerCaseJson } from './contract.ts';

const iso = (d: Date | string): string => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null | undefined): string | null => (d ? iso(d) : null);

/** A database value narrowed to the contract's enum; anything else is a bug (500), never sent. */
function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
	if (!(values as readonly string[]).includes(value)) throw new Error(`${what} outside the API contract`);
	return value as T;
}

/** Maps a handover row to its API form (contract.ts: handoverSchema; dates in ISO 8601). */
export function handoverJson(h: HandoverRow): HandoverJson {
	return {
		id: h.id,
		caseReference: h.reference,
		status: oneOf(HANDOVER_STATUSES, h.status, 'handover status'),
		urgent: h.urgent,
		message: h.message,
		offeredBy: h.offeredByName,
		offeredAt: iso(h.offeredAt),
		respondBefore: iso(h.respondBefore),
		answeredBy: h.answeredByName,
		answeredAt: isoOrNull(h.answeredAt),
		declineReason: h.declineReason === null ? null : oneOf(DECLINE_REASONS, h.declineReason, 'decline reason'),
		declineNote: h.declineNote,
		completedAt: isoOrNull(h.completedAt),
		careType: h.careTypeId,
		warmHandover: h.warm
			? {
					plannedAt: iso(h.warm.plannedAt),
					form: oneOf(CONTACT_FORMS, h.warm.form, 'contact form'),
					vtAttendees: h.warm.vtAttendees,
					partnerAttendees: h.warm.partnerAttendees,
					vtConfirmedAt: isoOrNull(h.warm.vtConfirmedAt),
					partnerConfirmedAt: isoOrNull(h.warm.partnerConfirmedAt)
				}
			: null
	};
}

/** The partner's view of the case (what rule 4 says a partner receives, nothing more; contract.ts: partnerCaseSchema). */
export function caseJson(c: PartnerCaseView): PartnerCaseJson {
	return {
		reference: c.reference,
		municipality: c.municipalityName,
		urgent: c.urgent,
		childrenInvolved: c.childrenInvolved,
		elderlyInvolved: c.elderlyInvolved,
		summary: c.summary,
		persons: c.persons.map((p) => ({
			role: oneOf(PERSON_ROLES, p.role, 'person role'),
			label: p.label,
			spokenTo: p.spokenTo,
			spokenOn: p.spokenOn
		})),
		safetyAgreements: c.safetyAgreements,
		monitoringBy: c.monitoringBy
	};
}
