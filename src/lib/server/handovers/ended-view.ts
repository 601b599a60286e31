import { auditActorOf, isPartnerWorker, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { readHandover, type HandoverRow } from './queries.ts';
import { viewHandoverAsPartner, type HandoverDeps, type PartnerCaseView } from './service.ts';

/**
 * What the receiving partner sees of an offer that ended without it: declined by itself, or
 * withdrawn by Veilig Thuis (when, by whom, and the note VT wrote for it). Nothing of the case:
 * the partner's access to the case ended with the offer. Only what it had already seen (the
 * pseudonymous reference, who offered it when) and the facts of the ending.
 */
export interface EndedHandoverView {
	id: string;
	reference: string;
	status: 'declined' | 'withdrawn';
	offeredByName: string | null;
	offeredAt: Date;
	answeredByName: string | null;
	answeredAt: Date | null;
	declineReason: string | null;
	declineNote: string | null;
	withdrawnByName: string | null;
	withdrawnAt: Date | null;
	withdrawNote: string | null;
}

const ENDED = ['declined', 'withdrawn'] as const;
const isEnded = (status: string): status is EndedHandoverView['status'] => (ENDED as readonly string[]).includes(status);

/**
 * The ended offer as its receiving partner (a person, not a partner system) sees it, audited; null
 * when the handover did not end that way or was not offered to the actor's organisation.
 */
export async function viewEndedHandoverAsPartner(deps: HandoverDeps, actor: Actor, handoverId: string): Promise<EndedHandoverView | null> {
	if (!isPartnerWorker(actor) || actor.tokenId) return null;
	const h = await readHandover(deps.sql, handoverId);
	if (!h || h.toOrgId !== actor.organisationId || !isEnded(h.status)) return null;
	await audit(deps.sql, auditActorOf(actor), 'handover.viewed', { type: 'handover', id: h.id }, { case: h.caseId, ended: h.status });
	return {
		id: h.id,
		reference: h.reference,
		status: h.status,
		offeredByName: h.offeredByName,
		offeredAt: h.offeredAt,
		answeredByName: h.answeredByName,
		answeredAt: h.answeredAt,
		declineReason: h.declineReason,
		declineNote: h.declineNote,
		withdrawnByName: h.withdrawnByName,
		withdrawnAt: h.withdrawnAt,
		withdrawNote: h.withdrawNote
	};
}

/** What the partner's handover page shows: the ended offer, or the live one with the case. */
export type PartnerHandoverPage = { ended: EndedHandoverView } | { ended: null; handover: HandoverRow; case: PartnerCaseView };

/**
 * The partner's handover page: an ended offer shows how it ended (never an error page for
 * something the partner did itself, or for VT's withdrawal); otherwise the live offer with the case
 * (ForbiddenError without access).
 */
export async function viewHandoverPageAsPartner(deps: HandoverDeps, actor: Actor, handoverId: string): Promise<PartnerHandoverPage> {
	const ended = await viewEndedHandoverAsPartner(deps, actor, handoverId);
	if (ended) return { ended };
	return { ended: null, ...(await viewHandoverAsPartner(deps, actor, handoverId)) };
}
