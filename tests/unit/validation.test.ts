import { describe, expect, it } from 'vitest';
import { calendarDay, dateWindow, isCalendarDay, localDateTime, timeOfDay } from '../../src/lib/server/validation/dates.ts';
import { freeText, hasControlCharacters } from '../../src/lib/server/validation/text.ts';

const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe('dates from outside', () => {
	const due = calendarDay({ label: 'de uiterste datum' });

	it('accepts real days within this year ± 5 years', () => {
		const { first, last } = dateWindow();
		for (const day of [first, last, '2026-12-31', '2028-02-29']) expect(due.safeParse(day).success, day).toBe(true);
	});

	it('refuses days that do not exist, with a Dutch message naming the field', () => {
		for (const day of ['2026-02-31', '2027-02-29', '2026-13-01', '2026-00-10', '0000-01-01']) {
			expect(isCalendarDay(day), day).toBe(false);
			expect(message(due.safeParse(day)), day).toBe('De uiterste datum bestaat niet: kijk de dag en de maand na.');
		}
		expect(message(due.safeParse('31-12-2026'))).toBe('Vul de uiterste datum in als datum (dd-mm-jjjj).');
		expect(message(due.safeParse(''))).toBe('Vul de uiterste datum in.');
	});

	it('refuses far future and far past dates (the 9999-12-31 that once hung the portal)', () => {
		const year = new Date().getUTCFullYear();
		for (const day of ['9999-12-31', '0001-01-01', `${year + 6}-01-01`, `${year - 6}-12-31`]) {
			expect(message(due.safeParse(day)), day).toMatch(/^De uiterste datum moet tussen 1 januari \d{4} en 31 december \d{4} liggen\.$/);
		}
	});

	it('checks date and time of a wall-clock moment, and a time of day', () => {
		const moment = localDateTime({ label: 'het contactmoment' });
		expect(moment.safeParse('2026-12-07T10:00').success).toBe(true);
		expect(message(moment.safeParse('2026-13-45T99:99'))).toBe('Het contactmoment bestaat niet: kijk de dag en de maand na.');
		expect(message(moment.safeParse('2026-12-07T24:00'))).toBe('Het contactmoment: de tijd bestaat niet (00:00 tot 23:59).');
		expect(message(moment.safeParse('9999-12-31T10:00'))).toMatch(/moet tussen/);
		expect(timeOfDay({ label: 'de begintijd' }).safeParse('25:00').success).toBe(false);
	});
});

describe('free text', () => {
	const note = freeText({ label: 'de toelichting', max: 20, required: 'Licht het toe.' });

	it('refuses NUL bytes and other control characters, keeps tabs and new lines', () => {
		for (const bad of ['a\u0000b', '\u0000', 'x\u0007', 'y\u001b[31m', 'z\u0085']) {
			expect(hasControlCharacters(bad), JSON.stringify(bad)).toBe(true);
			expect(message(note.safeParse(bad))).toBe('De toelichting bevat een teken dat niet is toegestaan.');
		}
		expect(note.safeParse('regel 1\nregel 2\t!').success).toBe(true);
	});

	it('trims, bounds and requires with Dutch messages', () => {
		expect(note.safeParse('  ok  ').data).toBe('ok');
		expect(message(note.safeParse('   '))).toBe('Licht het toe.');
		expect(message(note.safeParse('x'.repeat(21)))).toBe('De toelichting mag hoogstens 20 tekens hebben.');
		expect(message(note.safeParse(42))).toBe('Licht het toe.');
	});
});
