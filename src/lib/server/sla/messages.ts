import type { SlaStage } from './followups.ts';
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
 * The notification of a stage of the acceptance SLA for one side: its words (notifications/texts.ts: the reference
 * and organisation names only, never anything about the family) and the page it links to.
 */
export function slaMessage(stage: SlaStage, h: About, side: 'partner' | 'vt'): Notice & { href: string } {
	const href = handoverHref(h, side);
	if (stage === 'remind-50') return { ...notice('sla.reminder_50', { reference: h.reference }), href };
	if (stage === 'remind-90') return { ...notice('sla.reminder_90', { reference: h.reference }), href };
	return {
		...notice('sla.breached', { reference: h.reference, partner: h.toOrgName, offeredBy: side === 'partner' ? h.fromOrgName : null }),
		href
	};
}
