import { handoverStamp, type HandoverStampFacts } from './handover-state.ts';

/** What a form action returns on success: the message, and the handover state it confirms. */
export interface HandoverConfirmation {
	saved: string;
	confirms: { handoverId: string; stamp: string };
}

/** A form action's success message about a handover, stamped with the handover's state after the change. */
export function confirmHandover(saved: string, h: HandoverStampFacts): HandoverConfirmation {
	return { saved, confirms: { handoverId: h.id, stamp: handoverStamp(h) } };
}

/**
 * The success message of a form result to show now: while the handover it confirmed is still in the
 * state it confirmed. Once that state moved on (the partner answered, VT withdrew, the deadline
 * passed, someone re-planned), the message is gone: the page shows the new state instead.
 * A message that confirms no handover state shows as it is.
 */
export function currentConfirmation(form: unknown, handovers: readonly HandoverStampFacts[]): string | null {
	if (!form || typeof form !== 'object' || !('saved' in form) || typeof form.saved !== 'string' || !form.saved) return null;
	if (!('confirms' in form) || !form.confirms) return form.saved;
	const { handoverId, stamp } = form.confirms as HandoverConfirmation['confirms'];
	const h = handovers.find((x) => x.id === handoverId);
	return h && handoverStamp(h) === stamp ? form.saved : null;
}
