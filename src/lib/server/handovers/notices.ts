import type { Db } from '../db/client.ts';
import { activeResponsibleOf, coordinatorsOf, members, usersOrCoordinators } from '../notifications/recipients.ts';
import { insertNotifications, type StoredNotification } from '../notifications/service.ts';
import { notice, type Notice } from '../notifications/texts.ts';
import type { DeclineReason } from './schema.ts';

/** What happened to a handover that people are told of. */
export type HandoverNews = 'offered' | 'accepted' | 'declined' | 'withdrawn' | 'reminded' | 'breached';

/** The parties of a handover: what its recipients and notices are derived from. */
export interface HandoverParties {
	id: string;
	caseId: string;
	reference: string;
	fromOrgId: string;
	fromOrgName: string;
	toOrgId: string;
	toOrgName: string;
	/** The VT medewerker who offered it (null for an offer whose account is gone). */
	offeredBy: string | null;
}

/** Who is told, per side of the handover. */
export interface HandoverRecipients {
	vt: string[];
	partner: string[];
}

/**
 * Who is told of a step in a handover; never the person who took the step. The one place that
 * decides it, for the services and the acceptance SLA (sla/followups.ts) alike:
 * - VT: whoever waits for the answer, that is the case's responsible medewerker (rule 6) and the
 *   medewerker who offered it, each while the account is active (the organisation's coordinators
 *   when neither is, so someone always hears of it), for an accept, a decline, a withdrawal by a
 *   colleague and a missed deadline. A missed deadline also goes to VT's coordinators.
 * - Partner: the receiving organisation's medewerkers and coordinators, for a new offer, for the
 *   reminders at 50% and 90% of the response time (VT is not reminded) and for a missed deadline.
 * Someone in both organisations is told once, as the partner.
 */
export async function handoverRecipients(
	tx: Db,
	news: HandoverNews,
	h: HandoverParties,
	actorUserId: string | null
): Promise<HandoverRecipients> {
	const partner =
		news === 'offered' || news === 'reminded' || news === 'breached' ? await members(tx, h.toOrgId, ['medewerker', 'coordinator']) : [];
	const waiting =
		news === 'offered' || news === 'reminded'
			? []
			: await usersOrCoordinators(tx, [await activeResponsibleOf(tx, h.caseId), h.offeredBy], h.fromOrgId);
	const vt = news === 'breached' ? [...waiting, ...(await coordinatorsOf(tx, h.fromOrgId))] : waiting;
	const others = (ids: string[]) => [...new Set(ids)].filter((id) => id !== actorUserId).sort();
	return { vt: others(vt).filter((id) => !partner.includes(id)), partner: others(partner) };
}

/** Where each side reads more: VT on the case page, the partner on the handover. */
export function handoverHref(h: Pick<HandoverParties, 'id' | 'caseId'>, side: keyof HandoverRecipients): string {
	return side === 'vt' ? `/zaken/${h.caseId}` : `/overdrachten/${h.id}`;
}

/** An offer, an answer or a withdrawal (reminders and a missed deadline are the acceptance SLA's: sla/followups.ts). */
type StepNews = Exclude<HandoverNews, 'reminded' | 'breached'>;

function words(news: StepNews, h: HandoverParties, reason: DeclineReason | undefined): Notice {
	if (news === 'offered') return notice('handover.offered', { reference: h.reference, from: h.fromOrgName, to: h.toOrgName });
	if (news === 'accepted') return notice('handover.accepted', { reference: h.reference, partner: h.toOrgName });
	if (news === 'declined') return notice('handover.declined', { reference: h.reference, partner: h.toOrgName, reason: reason ?? 'anders' });
	return notice('handover.withdrawn', { reference: h.reference, partner: h.toOrgName });
}

/**
 * Stores the notices of an offer, an answer or a withdrawal in the caller's transaction (texts in
 * notifications/texts.ts: the reference and organisation names, the decline reason as a fixed
 * choice). Send the result after commit with emitNotifications.
 */
export async function noticeHandoverStep(
	tx: Db,
	news: StepNews,
	h: HandoverParties,
	actorUserId: string | null,
	at: Date,
	reason?: DeclineReason
): Promise<StoredNotification[]> {
	const to = await handoverRecipients(tx, news, h, actorUserId);
	const n = words(news, h, reason);
	// each step happens once per handover, so it is told once
	const dedupeKey = `handover.${news}:${h.id}`;
	return [
		...(await insertNotifications(tx, to.partner, { ...n, href: handoverHref(h, 'partner'), dedupeKey }, at)),
		...(await insertNotifications(tx, to.vt, { ...n, href: handoverHref(h, 'vt'), dedupeKey }, at))
	];
}
