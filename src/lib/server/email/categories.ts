/**
 * What a notification e-mail says waits: not the notification itself (its title names a case), only
 * the category it falls in and how many. Issue 13: new offers, missed deadlines, reminders,
 * escalations; answers to one's own offers; anything else.
 */
export const MAIL_CATEGORIES = ['offer', 'answer', 'deadline', 'escalation', 'reminder', 'other'] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

/**
 * The category of each notification kind. A kind missing here (a new one) is still e-mailed, as
 * "other"; add it here to name it better. Keyed by string so the kinds other work adds
 * (handover.offered and the answers) can be named before they exist.
 */
const CATEGORY_OF_KIND: Record<string, MailCategory> = {
	'handover.offered': 'offer',
	'sla.reminder_50': 'offer',
	'sla.reminder_90': 'offer',
	'handover.accepted': 'answer',
	'handover.declined': 'answer',
	'handover.withdrawn': 'answer',
	'sla.breached': 'deadline',
	'vv.overdue': 'deadline',
	'vv.term_passed': 'deadline',
	'waiting.over_norm': 'deadline',
	'vv.escalated': 'escalation',
	'checkin.escalated': 'escalation',
	'checkin.concern': 'escalation',
	'monitoring.escalated': 'escalation',
	'monitoring.unsafe': 'escalation',
	'vv.term_near': 'reminder',
	'checkin.due': 'reminder',
	'monitoring.due': 'reminder',
	'monitoring.assigned': 'reminder',
	'case.assigned': 'reminder'
};

/** The e-mail category of a notification kind. */
export function mailCategory(kind: string): MailCategory {
	return CATEGORY_OF_KIND[kind] ?? 'other';
}

/** How many notifications of each category, in the fixed order above; categories without any left out. */
export function countByCategory(kinds: string[]): { category: MailCategory; count: number }[] {
	const counts = new Map<MailCategory, number>();
	for (const kind of kinds) counts.set(mailCategory(kind), (counts.get(mailCategory(kind)) ?? 0) + 1);
	return MAIL_CATEGORIES.filter((c) => counts.has(c)).map((category) => ({ category, count: counts.get(category)! }));
}
