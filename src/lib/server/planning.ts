import { z } from 'zod';
import { InputError } from './errors.ts';
import { amsterdamMinuteOfDay } from './time.ts';
import { amsterdamDay, dayOffName, isWeekendDay, type WorkdayPolicy } from './workdays.ts';

/**
 * Planned moments (a warm handover's contact moment, a tafel) on a working day from 08:00 up to
 * 18:00 Amsterdam time need no confirmation; 18:00 itself is outside.
 */
export const PLANNING_HOURS = { from: '08:00', until: '18:00' } as const;
const FROM_MINUTES = 8 * 60;
const UNTIL_MINUTES = 18 * 60;

/** The form field (and API body field) that confirms an unusual moment. */
export const CONFIRM_FIELD = 'confirmUnusual';

/**
 * The confirmation of an unusual moment as it comes in: `true` (API), or from a form the moment
 * it confirms ("YYYY-MM-DDTHH:MM", so a changed moment asks again). Absent or empty: not confirmed.
 */
export const unusualConfirmation = z.preprocess(
	(v) => (v === '' || v === null || v === false || v === 'false' ? undefined : v),
	z.union([z.literal(true), z.string().trim().max(20)], { error: 'Bevestig het moment met true, of laat het veld weg.' }).optional()
);
export type UnusualConfirmation = z.output<typeof unusualConfirmation>;

const dutchMoment = new Intl.DateTimeFormat('nl-NL', {
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/Amsterdam'
});

/** "zondag 29 november 2026 om 05:46" (Amsterdam time). */
function inWords(at: Date): string {
	const parts = dutchMoment.formatToParts(at);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')} om ${get('hour')}:${get('minute')}`;
}

/**
 * Why a planned moment is unusual, in Dutch ("in het weekend", "op een feestdag (Tweede
 * kerstdag)", "buiten kantoortijd (08:00–18:00)"); empty on a working day within planning hours.
 * Holidays are the Dutch public holidays and the policy's days off (workdays.ts).
 */
export function unusualMomentReasons(at: Date, policy: WorkdayPolicy): string[] {
	const day = amsterdamDay(at);
	const minute = amsterdamMinuteOfDay(at);
	const reasons: string[] = [];
	if (isWeekendDay(day)) reasons.push('in het weekend');
	const holiday = dayOffName(day, policy);
	if (holiday) reasons.push(`op een feestdag (${holiday})`);
	if (minute < FROM_MINUTES || minute >= UNTIL_MINUTES) reasons.push(`buiten kantoortijd (${PLANNING_HOURS.from}–${PLANNING_HOURS.until})`);
	return reasons;
}

/** A planned moment that is unusual and not (or not for this moment) confirmed. */
export class UnusualMomentError extends InputError {
	override name = 'UnusualMomentError';
	constructor(
		message: string,
		/** The moment that needs confirming, as the planner entered it ("YYYY-MM-DDTHH:MM"). */
		readonly moment: string
	) {
		super(message, { [CONFIRM_FIELD]: 'Bevestig dat u bewust op dit moment plant, of kies een ander moment.' });
	}
}

/**
 * Refuses a planned moment on a weekend, a holiday or outside planning hours unless the planner
 * confirmed it: `true`, or the same wall-clock moment (`local`) the confirmation was given for.
 * `what` starts the Dutch message, e.g. "Het contactmoment". Not refused, only asked: a
 * confirmed moment is planned as entered.
 */
export function checkPlannedMoment(what: string, at: Date, local: string, confirmation: UnusualConfirmation, policy: WorkdayPolicy): void {
	const reasons = unusualMomentReasons(at, policy);
	if (!reasons.length || confirmation === true || confirmation === local) return;
	const list = reasons.length === 1 ? reasons[0] : `${reasons.slice(0, -1).join(', ')} en ${reasons.at(-1)}`;
	throw new UnusualMomentError(
		`${what} valt op ${inWords(at)}: dat is ${list}. Klopt dit? Bevestig dan dat u bewust op dit moment plant, of kies een ander moment.`,
		local
	);
}
