import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingHours, isWorkingDay, workingDaysBetween, type WorkdayPolicy } from '../../src/lib/server/workdays.ts';
import { slaTimes } from '../../src/lib/server/sla/followups.ts';

const off: WorkdayPolicy = { goodFriday: false, liberationDay: false };
const bothOff: WorkdayPolicy = { goodFriday: true, liberationDay: true };
const iso = (s: string) => new Date(s).toISOString();

describe('werkdagen: Dutch public holidays (date-holidays), Europe/Amsterdam', () => {
	it('Easter: Eerste and Tweede Paasdag are off; Goede Vrijdag only when the policy says so', () => {
		expect(isWorkingDay('2026-04-05', off)).toBe(false); // Pasen (a Sunday anyway)
		expect(isWorkingDay('2026-04-06', off)).toBe(false); // Tweede Paasdag
		expect(isWorkingDay('2026-04-03', off)).toBe(true); // Goede Vrijdag, working by default
		expect(isWorkingDay('2026-04-03', bothOff)).toBe(false);
		// Thursday 2 April + 1 werkdag: Friday, or Tuesday 7 April when Goede Vrijdag is off
		expect(addWorkingDays('2026-04-02', 1, off)).toBe('2026-04-03');
		expect(addWorkingDays('2026-04-02', 1, bothOff)).toBe('2026-04-07');
	});

	it('Bevrijdingsdag (5 May) is a day off only by policy', () => {
		expect(isWorkingDay('2026-05-05', off)).toBe(true);
		expect(isWorkingDay('2026-05-05', { goodFriday: false, liberationDay: true })).toBe(false);
		expect(addWorkingDays('2026-05-04', 1, { goodFriday: false, liberationDay: true })).toBe('2026-05-06');
	});

	it('Koningsdag: 27 April, or Saturday 26 April when the 27th is a Sunday (2025)', () => {
		expect(isWorkingDay('2026-04-27', off)).toBe(false); // Monday
		expect(isWorkingDay('2027-04-27', off)).toBe(false); // Tuesday
		expect(isWorkingDay('2025-04-26', off)).toBe(false); // Saturday (moved)
		expect(isWorkingDay('2025-04-28', off)).toBe(true); // the Monday after is an ordinary working day
		expect(addWorkingDays('2025-04-25', 1, off)).toBe('2025-04-28');
		expect(addWorkingDays('2026-04-24', 1, off)).toBe('2026-04-28');
	});

	it('Christmas and New Year', () => {
		expect(isWorkingDay('2026-12-25', off)).toBe(false);
		expect(isWorkingDay('2026-12-26', off)).toBe(false);
		expect(isWorkingDay('2026-12-31', off)).toBe(true); // Oudejaarsdag is a working day
		expect(isWorkingDay('2027-01-01', off)).toBe(false);
		expect(addWorkingDays('2026-12-24', 1, off)).toBe('2026-12-28');
		expect(addWorkingDays('2026-12-31', 1, off)).toBe('2027-01-04'); // Friday 1 January off, then the weekend
		expect(workingDaysBetween('2026-12-23', '2027-01-04', off)).toBe(6); // 24, 28, 29, 30, 31 Dec and 4 Jan
	});

	it('working hours keep the Amsterdam wall clock across both daylight-saving changes', () => {
		// summer time starts Sunday 29 March 2026 at 02:00: Friday 15:00 CET + 4 h → Monday 11:00 CEST
		expect(iso(addWorkingHours(new Date('2026-03-27T15:00:00+01:00'), 4, off).toISOString())).toBe(iso('2026-03-30T11:00:00+02:00'));
		// winter time starts Sunday 25 October 2026 at 03:00: Friday 15:00 CEST + 4 h → Monday 11:00 CET
		expect(addWorkingHours(new Date('2026-10-23T15:00:00+02:00'), 4, off).toISOString()).toBe(iso('2026-10-26T11:00:00+01:00'));
		// 16 h from Friday 16:00 CEST over the change: 1 h Fri, 8 h Mon, 7 h Tue → Tuesday 16:00 CET
		expect(addWorkingHours(new Date('2026-10-23T16:00:00+02:00'), 16, off).toISOString()).toBe(iso('2026-10-27T16:00:00+01:00'));
	});

	it('SLA reminders fall at 50% and 90% of the working time, skipping nights, weekends and holidays', () => {
		// regulier (960 working minutes) offered Thursday 24 December 2026 15:00
		const t = slaTimes(new Date('2026-12-24T15:00:00+01:00'), 960, off);
		expect(t.remind50.toISOString()).toBe(iso('2026-12-28T15:00:00+01:00')); // 2 h Thu + 6 h Mon
		expect(t.remind90.toISOString()).toBe(iso('2026-12-29T13:24:00+01:00')); // 864 min
		expect(t.deadline.toISOString()).toBe(iso('2026-12-29T15:00:00+01:00'));
		// spoed (240) over Easter with Goede Vrijdag off: Thursday 2 April 2026 16:00 → Tuesday 7 April 12:00
		const s = slaTimes(new Date('2026-04-02T16:00:00+02:00'), 240, bothOff);
		expect(s.remind50.toISOString()).toBe(iso('2026-04-07T10:00:00+02:00'));
		expect(s.deadline.toISOString()).toBe(iso('2026-04-07T12:00:00+02:00'));
	});
});

/** Working days in (from, to] by walking, the reference for long spans. */
function addWorkingDaysCount(from: string, to: string): number {
	let n = 0;
	for (let d = new Date(`${from}T00:00:00Z`); ;) {
		d.setUTCDate(d.getUTCDate() + 1);
		const day = d.toISOString().slice(0, 10);
		if (day > to) return n;
		if (isWorkingDay(day, off)) n++;
	}
}

describe('werkdagen: bounded by construction', () => {
	/** Day by day, the way it used to be computed: the reference the arithmetic must agree with. */
	function walk(from: string, count: number, policy: WorkdayPolicy): string {
		let day = from;
		let left = count;
		while (left > 0) {
			const d = new Date(`${day}T00:00:00Z`);
			d.setUTCDate(d.getUTCDate() + 1);
			day = d.toISOString().slice(0, 10);
			if (isWorkingDay(day, policy)) left--;
		}
		return day;
	}

	it('agrees with walking day by day, over weekends, holidays and year ends', () => {
		let seed = 7;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
		for (let i = 0; i < 400; i++) {
			const start = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000).toISOString().slice(0, 10);
			const count = Math.floor(random() * (i % 4 === 0 ? 400 : 15));
			const policy = i % 2 ? off : bothOff;
			const end = walk(start, count, policy);
			expect(addWorkingDays(start, count, policy), `${start} + ${count}`).toBe(end);
			expect(workingDaysBetween(start, end, policy), `${start} → ${end}`).toBe(count);
		}
	});

	it('answers at once for far dates, and refuses spans no date from outside can reach', () => {
		// thirty years come out right (a week at a time, the holidays per year); the year 10000 is refused, not walked to
		expect(workingDaysBetween('2026-01-01', '2055-12-31', off)).toBe(addWorkingDaysCount('2026-01-01', '2055-12-31'));
		expect(addWorkingDays('2026-01-01', 5000, off) > '2045-01-01').toBe(true);
		expect(() => workingDaysBetween('2026-12-05', '9999-12-31', off)).toThrow(RangeError);
		expect(() => addWorkingDays('2026-12-05', 10_000_000, off)).toThrow(RangeError);
		expect(() => addWorkingDays('2026-12-05', -1, off)).toThrow(RangeError);
		expect(() => addWorkingHours(new Date(), 1e9, off)).toThrow(RangeError);
		expect(workingDaysBetween('2026-12-05', '0001-01-01', off)).toBe(0);
	});
});
