import { formatMoment } from './labels.ts';
import { declineReasonInline } from './handover-labels.ts';

/** The facts of a case's latest handover that its state in words is made of. */
export interface HandoverFacts {
	status: string;
	toOrgName: string;
	respondBefore: Date | string;
	breachedAt?: Date | string | null;
	declineReason?: string | null;
	answeredAt?: Date | string | null;
	withdrawnAt?: Date | string | null;
}

/** A handover's state in words: a badge, a sentence, and whether VT should offer the case again. */
export interface HandoverStateWords {
	badge: { tone: 'warning' | 'danger' | 'safe' | 'neutral'; label: string } | null;
	sentence: string;
	/** Declined or withdrawn: the case is back with VT and waits to be offered again. */
	reoffer: boolean;
	/** The deadline passed without an answer. */
	late: boolean;
}

/** Whether the partner let the deadline pass: the breach was recorded, or the deadline is behind us. */
export function deadlinePassed(h: Pick<HandoverFacts, 'status' | 'respondBefore' | 'breachedAt'>, now: Date | string): boolean {
	return h.status === 'open' && (!!h.breachedAt || new Date(h.respondBefore).getTime() <= new Date(now).getTime());
}

/**
 * The one way every view (werkvoorraad, case page) says where a case's handover stands, from its
 * latest handover (null: never offered). A decline or withdrawal is said as such, with who and why,
 * never as "not offered yet"; a missed deadline as "termijn verstreken sinds …".
 */
export function handoverStateWords(h: HandoverFacts | null, now: Date | string): HandoverStateWords {
	if (!h) return { badge: null, sentence: 'Nog niet aangeboden', reoffer: false, late: false };
	const to = h.toOrgName;
	switch (h.status) {
		case 'open':
			return deadlinePassed(h, now)
				? {
						badge: { tone: 'danger', label: 'Geen antwoord' },
						sentence: `Termijn verstreken sinds ${formatMoment(h.respondBefore)}: ${to} heeft nog niet geantwoord`,
						reoffer: false,
						late: true
					}
				: {
						badge: { tone: 'warning', label: 'Aangeboden, wacht op antwoord' },
						sentence: `Aan ${to}, antwoord uiterlijk ${formatMoment(h.respondBefore)}`,
						reoffer: false,
						late: false
					};
		case 'accepted':
			return {
				badge: { tone: 'safe', label: 'Geaccepteerd' },
				sentence: `Door ${to}; de warme overdracht loopt`,
				reoffer: false,
				late: false
			};
		// an offer that ended without a handover: the sentence says it all, and asks to offer again
		case 'declined':
			return {
				badge: null,
				sentence: `Afgewezen door ${to} (${declineReasonInline(h.declineReason ?? null)})${h.answeredAt ? ` op ${formatMoment(h.answeredAt)}` : ''}`,
				reoffer: true,
				late: false
			};
		case 'withdrawn':
			return {
				badge: null,
				sentence: `Aanbod aan ${to} ingetrokken${h.withdrawnAt ? ` op ${formatMoment(h.withdrawnAt)}` : ''}`,
				reoffer: true,
				late: false
			};
		case 'completed':
			return { badge: { tone: 'safe', label: 'Overgedragen' }, sentence: `Aan ${to}`, reoffer: false, late: false };
		default:
			return { badge: null, sentence: h.status, reoffer: false, late: false };
	}
}

/** The facts of a handover that a confirmation ("Het aanbod is verstuurd.") is about. */
export interface HandoverStampFacts {
	id: string;
	status: string;
	breachedAt?: Date | string | null;
	warm?: {
		plannedAt: Date | string;
		form: string;
		vtAttendees: string;
		partnerAttendees: string;
		vtConfirmedAt: Date | string | null;
		partnerConfirmedAt: Date | string | null;
	} | null;
}

const time = (v: Date | string | null | undefined) => (v ? new Date(v).getTime() : '');

/**
 * A short fingerprint of a handover's state as both sides see it: it changes with every answer,
 * withdrawal, breach, planned or confirmed contact moment. A form's success message names the
 * stamp it confirmed; once the stamp moved on, the message no longer shows (confirmation.ts).
 */
export function handoverStamp(h: HandoverStampFacts): string {
	const w = h.warm;
	const parts = [
		h.id,
		h.status,
		time(h.breachedAt),
		w ? [time(w.plannedAt), w.form, w.vtAttendees, w.partnerAttendees, time(w.vtConfirmedAt), time(w.partnerConfirmedAt)].join('|') : ''
	];
	let hash = 0x811c9dc5; // FNV-1a: short, and stable on server and client
	for (const ch of parts.join('#')) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
	return `${h.id}:${h.status}:${hash.toString(36)}`;
}
