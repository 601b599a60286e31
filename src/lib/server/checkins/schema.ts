import { z } from 'zod';

export const CHECKIN_OUTCOMES = ['veilig', 'zorgen', 'escalatie'] as const;
export type CheckinOutcome = (typeof CHECKIN_OUTCOMES)[number];

// Nine digits, also as printed on ID documents: never a BSN in free text.
const BSN_LIKE = /(?<!\d)\d{4}[.\s-]?\d{2}[.\s-]?\d{3}(?!\d)/;
const NO_BSN = 'Vul geen BSN of ander nummer van 9 cijfers in.';
const NEEDS_NOTE: readonly string[] = ['zorgen', 'escalatie'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
	.string({ error: 'Vul de datum van het contact in.' })
	.regex(DAY, { error: 'Vul de datum van het contact in.' })
	.refine((v) => !DAY.test(v) || (!Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), {
		error: 'Deze datum bestaat niet.'
	});

/**
 * The outcome of a safety check-in: veilig / zorgen / escalatie, the day of the contact (not in
 * the future: the service checks that against its clock), with whom and how, and a note that is
 * required for zorgen and escalatie.
 */
export const recordCheckinSchema = z
	.object({
		outcome: z.enum(CHECKIN_OUTCOMES, { error: 'Kies de uitkomst: veilig, zorgen of escalatie.' }),
		contactedOn: day,
		contactWith: z
			.string({ error: 'Vul in met wie en hoe u contact had.' })
			.trim()
			.min(1, { error: 'Vul in met wie en hoe u contact had.' })
			.max(200, { error: 'Houd het kort: hoogstens 200 tekens.' })
			.refine((v) => !BSN_LIKE.test(v), { error: NO_BSN }),
		note: z
			.string()
			.trim()
			.max(2000, { error: 'De toelichting mag hoogstens 2000 tekens hebben.' })
			.refine((v) => !BSN_LIKE.test(v), { error: NO_BSN })
			.default('')
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
