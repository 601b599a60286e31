import type { TimerKind } from './timers.ts';
import { notice, type Notice } from '../notifications/texts.ts';
import { handoverHref } from '../handovers/notices.ts';

interface About {
	id: string;
	caseId: string;
	reference: string;
	fromOrgName: string;
	toOrgName: string;
}

/**
 * The notification of an SLA timer for one side: its words (notifications/texts.ts: the reference
 * and organisation names only, never anything about the family) and the page it links to.
 */
export function slaMessage(kind: TimerKind, h: About, side: 'partner' | 'vt'): Notice & { href: string } {
	const href = handoverHref(h, side);
	if (kind === 'sla-50') return { ...notice('sla.reminder_50', { reference: h.reference }), href };
	if (kind === 'sla-90') return { ...notice('sla.reminder_90', { reference: h.reference }), href };
	return { ...notice('sla.breached', { reference: h.reference, partner: h.toOrgName, offeredBy: side === 'partner' ? h.fromOrgName : null }), href };
}
