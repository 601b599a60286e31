import type { TimerKind } from './timers.ts';

const when = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

interface About {
	id: string;
	caseId: string;
	reference: string;
	fromOrgName: string;
	toOrgName: string;
	respondBefore: Date;
}

/**
 * The Dutch text of an SLA notification. Only the pseudonymous reference and organisation names:
 * never anything about the family.
 */
export function slaMessage(kind: TimerKind, h: About, side: 'partner' | 'vt'): { kind: 'sla.reminder_50' | 'sla.reminder_90' | 'sla.breached'; title: string; body: string; href: string } {
	const deadline = when.format(h.respondBefore);
	const href = side === 'partner' ? `/overdrachten/${h.id}` : `/zaken/${h.caseId}`;
	if (kind === 'sla-50') {
		return { kind: 'sla.reminder_50', title: `Overdracht ${h.reference} wacht op uw antwoord`, body: `De helft van de reactietermijn is voorbij. Antwoord uiterlijk ${deadline}.`, href };
	}
	if (kind === 'sla-90') {
		return { kind: 'sla.reminder_90', title: `Termijn bijna verstreken: ${h.reference}`, body: `Nog 10% van de reactietermijn. Antwoord uiterlijk ${deadline}.`, href };
	}
	return {
		kind: 'sla.breached',
		title: `Termijn verstreken: ${h.reference}`,
		body:
			side === 'partner'
				? `${h.toOrgName} heeft niet vóór ${deadline} geantwoord op het aanbod van ${h.fromOrgName}. Het aanbod staat nog open.`
				: `${h.toOrgName} heeft niet vóór ${deadline} geantwoord op uw aanbod. Het aanbod staat nog open.`,
		href
	};
}
