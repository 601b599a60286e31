import type { NotificationKind } from './service.ts';
import type { DeclineReason } from '../handovers/schema.ts';
import { declineReasonInline } from '../../handover-labels.ts';

/** A notification's kind and words. */
export interface Notice {
	kind: NotificationKind;
	title: string;
	body: string;
}

/** The kinds of V&V item a follow-up is about. */
export type VvItem = 'condition' | 'step';
const VV_ITEMS: Record<VvItem, string> = { condition: 'Veiligheidsvoorwaarde', step: 'Vervolgstap' };

/**
 * The one home of every notification's words. A notification names only the case's pseudonymous
 * reference and organisation names: never anything about the family (no dates such as a waiting
 * date, no zorgvorm, no number of persons, no free text) nor professionals' names. Its link leads
 * to the page that shows the rest to whoever may see it. Each kind takes exactly what it may name.
 */
const TEXTS = {
	'handover.offered': ({ reference, from, to }: { reference: string; from: string; to: string }) => ({
		title: `Nieuwe overdracht: ${reference}`,
		body: `${from} biedt ${to} een overdracht aan. Open de overdracht en antwoord binnen de reactietermijn.`
	}),
	'handover.accepted': ({ reference, partner }: { reference: string; partner: string }) => ({
		title: `${partner} accepteert ${reference}`,
		body: `${partner} heeft het aanbod geaccepteerd. Plan samen het contactmoment van de warme overdracht.`
	}),
	'handover.declined': ({ reference, partner, reason }: { reference: string; partner: string; reason: DeclineReason }) => ({
		title: `${partner} wijst ${reference} af`,
		body: `Reden: ${declineReasonInline(reason)}. De zaak ligt weer bij u: bied hem opnieuw aan, aan deze of een andere ketenpartner.`
	}),
	'handover.withdrawn': ({ reference, partner }: { reference: string; partner: string }) => ({
		title: `Aanbod ingetrokken: ${reference}`,
		body: `Een collega heeft uw aanbod aan ${partner} ingetrokken. De zaak staat weer als niet aangeboden in de werkvoorraad.`
	}),
	'sla.reminder_50': ({ reference }: { reference: string }) => ({
		title: `Overdracht ${reference} wacht op uw antwoord`,
		body: 'De helft van de reactietermijn is voorbij. Open de overdracht en antwoord vóór de termijn verstrijkt.'
	}),
	'sla.reminder_90': ({ reference }: { reference: string }) => ({
		title: `Termijn bijna verstreken: ${reference}`,
		body: 'Nog 10% van de reactietermijn. Open de overdracht en antwoord vóór de termijn verstrijkt.'
	}),
	'sla.breached': ({ reference, partner, offeredBy }: { reference: string; partner: string; offeredBy: string | null }) => ({
		title: `Termijn verstreken: ${reference}`,
		body: offeredBy
			? `${partner} heeft niet binnen de reactietermijn geantwoord op het aanbod van ${offeredBy}. Het aanbod staat nog open.`
			: `${partner} heeft niet binnen de reactietermijn geantwoord op uw aanbod. Het aanbod staat nog open.`
	}),
	'vv.overdue': ({ reference, item, owner }: { reference: string; item: VvItem; owner: string }) => ({
		title: `${VV_ITEMS[item]} te laat: ${reference}`,
		body: `De uiterste datum is voorbij (${owner}). Werk de status bij in het V&V-traject.`
	}),
	'vv.escalated': ({ reference, item, owner }: { reference: string; item: VvItem; owner: string }) => ({
		title: `Escalatie V&V: ${reference}`,
		body: `Een ${VV_ITEMS[item].toLowerCase()} van ${owner} staat na de uiterste datum nog open.`
	}),
	'vv.term_near': ({ reference }: { reference: string }) => ({
		title: `Termijn V&V-traject ${reference} loopt af`,
		body: 'De termijn loopt binnen een week af. Spreek af wie de ondersteuning voortzet en sluit het deel van Veilig Thuis af.'
	}),
	'vv.term_passed': ({ reference }: { reference: string }) => ({
		title: `Termijn V&V-traject verstreken: ${reference}`,
		body: 'De termijn is verstreken en het traject is nog open.'
	}),
	'checkin.due': ({ reference, consortium }: { reference: string; consortium: string }) => ({
		title: `Veiligheidscheck ${reference}`,
		body: `Er staat een veiligheidscheck gepland voor een gezin dat wacht op zorg van ${consortium}. Neem contact op en leg de uitkomst vast.`
	}),
	'checkin.escalated': ({ reference, consortium }: { reference: string; consortium: string }) => ({
		title: `Veiligheidscheck te laat: ${reference}`,
		body: `Een geplande veiligheidscheck is nog niet vastgelegd. Het gezin wacht op zorg van ${consortium}.`
	}),
	'checkin.concern': ({ reference }: { reference: string }) => ({
		title: `Escalatie bij veiligheidscheck ${reference}`,
		body: 'Bij een veiligheidscheck is een escalatie vastgelegd. Bekijk de toelichting en bepaal de vervolgstap.'
	}),
	'waiting.over_norm': ({ reference, consortium }: { reference: string; consortium: string }) => ({
		title: `Wacht langer dan de norm: ${reference}`,
		body: `Het gezin wacht langer dan de norm op zorg van ${consortium}. Houd zicht op de veiligheid tot de zorg start.`
	}),
	'monitoring.due': ({ reference, late }: { reference: string; late: boolean }) => ({
		title: late ? `Monitoring te doen: ${reference}` : `Monitoring vandaag: ${reference}`,
		body: late
			? 'De geplande monitoring is nog niet gedaan. Monitor of de veiligheid van iedereen in het gezin is hersteld en leg de uitkomst vast.'
			: 'U monitort vandaag of de veiligheid van iedereen in het gezin is hersteld en leg de uitkomst vast.'
	}),
	'monitoring.escalated': ({ reference }: { reference: string }) => ({
		title: `Monitoring te laat: ${reference}`,
		body: 'De geplande monitoring heeft nog geen uitkomst.'
	}),
	'monitoring.assigned': ({ reference }: { reference: string }) => ({
		title: `U monitort ${reference}`,
		body: 'U bent gevraagd deze zaak te monitoren. Het monitoringsmoment staat klaar.'
	}),
	'monitoring.unsafe': ({ reference }: { reference: string }) => ({
		title: `Monitoring ${reference}: veiligheid niet hersteld`,
		body: 'Bij de monitoring is vastgelegd dat de veiligheid niet voor iedereen in het gezin is hersteld. Bespreek of de zaak wordt heropend.'
	}),
	'case.assigned': ({ reference }: { reference: string }) => ({
		title: `U bent verantwoordelijk voor ${reference}`,
		body: 'Een teamcoördinator heeft deze zaak aan u toegewezen. U vindt haar onder Mijn zaken.'
	})
} satisfies Record<NotificationKind, (named: never) => { title: string; body: string }>;

/** What a notification of this kind names: the reference, organisation names, and fixed choices. */
export type NoticeNames<K extends NotificationKind> = Parameters<(typeof TEXTS)[K]>[0];

/** Every notification kind, in the order of the texts above. */
export const NOTIFICATION_KINDS = Object.keys(TEXTS) as NotificationKind[];

/** The words of a notification of this kind. */
export function notice<K extends NotificationKind>(kind: K, names: NoticeNames<K>): Notice {
	const write = TEXTS[kind] as (n: NoticeNames<K>) => { title: string; body: string };
	return { kind, ...write(names) };
}
