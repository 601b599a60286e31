import { z } from 'zod';
import { calendarDay } from '../validation/dates.ts';
import { freeText, optionalFreeText } from '../validation/text.ts';

export const CHECKIN_OUTCOMES = ['veilig', 'zorgen', 'escalatie'] as const;
export type CheckinOutcome = (typeof CHECKIN_OUTCOMES)[number];

const NEEDS_NOTE: readonly string[] = ['zorgen', 'escalatie'];

const day = calendarDay({ label: 'de datum van het contact' });

/**
 * The outcome of a safety check-in: veilig / zorgen / escalatie, the day of the contact (not in
 * the future: the service checks that against its clock), with whom and how, and a note that is
 * required for zorgen and escalatie.
 */
export const recordCheckinSchema = z
	.object({
		outcome: z.enum(CHECKIN_OUTCOMES, { error: 'Kies de uitkomst: veilig, zorgen of escalatie.' }),
		contactedOn: day,
		contactWith: freeText({ label: 'het veld "Met wie en hoe"', max: 200, required: 'Vul in met wie en hoe u contact had.' }),
		note: optionalFreeText({ label: 'de toelichting', max: 2000 })
	})
	.refine((v) => !NEEDS_NOTE.includes(v.outcome) || v.note.length > 0, {
		path: ['note'],
		error: 'Licht toe welke zorgen er zijn en wat er is afgesproken (verplicht bij zorgen en escalatie).',
		// also when another field is wrong, so every message shows at once
		when: (payload) => {
			const value = payload.value as { outcome?: unknown; note?: unknown } | undefined;
			return NEEDS_NOTE.includes(String(value?.outcome)) && typeof value?.note === 'string';
		}
	});
export type RecordCheckinInput = z.output<typeof recordCheckinSchema>;
