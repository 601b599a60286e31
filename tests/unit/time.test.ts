import { describe, expect, it } from 'vitest';
import {
	amsterdamDateTime,
	amsterdamDay,
	amsterdamEndOfDay,
	amsterdamInstant,
	amsterdamMinuteOfDay,
	amsterdamOffsetMinutes,
	amsterdamStartOfDay
} from '../../src/lib/server/time.ts';
import { addWorkingHours, DEFAULT_WORKDAY_POLICY } from '../../src/lib/server/workdays.ts';
import { startOfWorkOn } from '../../src/lib/server/followups/moments.ts';

const utc = (at: Date) => at.toISOString();

describe('Amsterdam days', () => {
	it('knows winter and summer time', () => {
		expect(amsterdamOffsetMinutes(new Date('2026-01-15T12:00:00Z'))).toBe(60);
		expect(amsterdamOffsetMinutes(new Date('2026-07-15T12:00:00Z'))).toBe(120);
	});

	it('starts a winter day at 23:00 UTC the evening before', () => {
		expect(amsterdamStartOfDay('2026-11-23').toISOString()).toBe('2026-11-22T23:00:00.000Z');
	});

	it('starts a summer day at 22:00 UTC the evening before', () => {
		expect(amsterdamStartOfDay('2026-06-01').toISOString()).toBe('2026-05-31T22:00:00.000Z');
	});

	it('ends the day the clocks go forward after 23 hours', () => {
		const start = amsterdamStartOfDay('2026-03-29');
		const end = amsterdamEndOfDay('2026-03-29');
		expect((end.getTime() - start.getTime()) / 3_600_000).toBe(23);
	});

	it('ends the day the clocks go back after 25 hours', () => {
		const start = amsterdamStartOfDay('2026-10-25');
		const end = amsterdamEndOfDay('2026-10-25');
		expect((end.getTime() - start.getTime()) / 3_600_000).toBe(25);
	});
});

describe('Amsterdam wall clock to instant: the offset of that very moment', () => {
	it('plans a warm handover at 10:00 on both change days at 10:00 Amsterdam time (not 11:00 or 09:00)', () => {
		// summer time from 02:00 on Sunday 29 March 2026: 10:00 CEST is 08:00 UTC
		expect(utc(amsterdamDateTime('2026-03-29T10:00'))).toBe('2026-03-29T08:00:00.000Z');
		// winter time from 03:00 on Sunday 25 October 2026: 10:00 CET is 09:00 UTC
		expect(utc(amsterdamDateTime('2026-10-25T10:00'))).toBe('2026-10-25T09:00:00.000Z');
		for (const local of ['2026-03-29T10:00', '2026-10-25T10:00']) {
			const at = amsterdamDateTime(local);
			expect(`${amsterdamDay(at)}T${String(amsterdamMinuteOfDay(at) / 60).padStart(2, '0')}:00`).toBe(local);
		}
	});

	it('is the same moment as the ordinary days around the changes', () => {
		expect(utc(amsterdamInstant('2026-03-28', '10:00'))).toBe('2026-03-28T09:00:00.000Z');
		expect(utc(amsterdamInstant('2026-03-30', '10:00'))).toBe('2026-03-30T08:00:00.000Z');
		expect(utc(amsterdamInstant('2026-10-24', '10:00'))).toBe('2026-10-24T08:00:00.000Z');
		expect(utc(amsterdamInstant('2026-10-26', '10:00'))).toBe('2026-10-26T09:00:00.000Z');
		// just before and after the jumps
		expect(utc(amsterdamInstant('2026-03-29', '01:59'))).toBe('2026-03-29T00:59:00.000Z');
		expect(utc(amsterdamInstant('2026-03-29', '03:00'))).toBe('2026-03-29T01:00:00.000Z');
		expect(utc(amsterdamInstant('2026-10-25', '01:59'))).toBe('2026-10-24T23:59:00.000Z');
		expect(utc(amsterdamInstant('2026-10-25', '03:00'))).toBe('2026-10-25T02:00:00.000Z');
	});

	it('moves 02:30 on 29 March 2026, which does not exist, forward by the gap to 03:30 summer time', () => {
		const at = amsterdamInstant('2026-03-29', '02:30');
		expect(utc(at)).toBe('2026-03-29T01:30:00.000Z');
		expect(amsterdamMinuteOfDay(at)).toBe(3 * 60 + 30);
		expect(utc(amsterdamDateTime('2026-03-29T02:30'))).toBe(utc(at));
	});

	it('takes the first of the two 02:30s on 25 October 2026 (still summer time)', () => {
		const at = amsterdamInstant('2026-10-25', '02:30');
		expect(utc(at)).toBe('2026-10-25T00:30:00.000Z');
		expect(amsterdamOffsetMinutes(at)).toBe(120);
		// the second 02:30, an hour later, reads as 02:30 too
		expect(amsterdamMinuteOfDay(new Date(at.getTime() + 3_600_000))).toBe(2 * 60 + 30);
	});

	it('takes minutes of the day as well as HH:MM, and refuses what is not a day or a time', () => {
		expect(utc(amsterdamInstant('2026-03-29', 9 * 60))).toBe(utc(amsterdamInstant('2026-03-29', '09:00')));
		expect(utc(amsterdamInstant('2026-10-25', 1440))).toBe(utc(amsterdamStartOfDay('2026-10-26')));
		expect(() => amsterdamInstant('2026-10-25', '24:00')).toThrow(RangeError);
		expect(() => amsterdamInstant('2026-10-25', '9:00')).toThrow(RangeError);
		expect(() => amsterdamInstant('2026-10-25', 1441)).toThrow(RangeError);
		expect(() => amsterdamInstant('25-10-2026', '09:00')).toThrow(RangeError);
		expect(() => amsterdamDateTime('2026-10-25')).toThrow(RangeError);
	});

	it('starts work at 09:00 on the wall clock on both change days', () => {
		expect(utc(startOfWorkOn('2026-03-29'))).toBe('2026-03-29T07:00:00.000Z');
		expect(utc(startOfWorkOn('2026-10-25'))).toBe('2026-10-25T08:00:00.000Z');
	});
});

describe('working hours across the daylight-saving changes', () => {
	const policy = DEFAULT_WORKDAY_POLICY;

	it('counts from a moment on the change day itself (a Sunday) from 09:00 on Monday', () => {
		// 02:30 in spring (really 03:30 CEST) + 1 h → Monday 30 March 10:00 CEST
		expect(utc(addWorkingHours(amsterdamInstant('2026-03-29', '02:30'), 1, policy))).toBe('2026-03-30T08:00:00.000Z');
		// the first and the second 02:30 in autumn + 1 h → Monday 26 October 10:00 CET
		const first = amsterdamInstant('2026-10-25', '02:30');
		expect(utc(addWorkingHours(first, 1, policy))).toBe('2026-10-26T09:00:00.000Z');
		expect(utc(addWorkingHours(new Date(first.getTime() + 3_600_000), 1, policy))).toBe('2026-10-26T09:00:00.000Z');
	});

	it('keeps 09:00–17:00 on the wall clock in the week after each change', () => {
		// Friday 27 March 16:30 CET + 1 h: half an hour on Friday, half on Monday from 09:00 CEST
		expect(utc(addWorkingHours(amsterdamInstant('2026-03-27', '16:30'), 1, policy))).toBe('2026-03-30T07:30:00.000Z');
		// Friday 23 October 16:30 CEST + 9 h: half an hour on Friday, Monday 09:00–17:00 CET, Tuesday to 09:30 CET
		expect(utc(addWorkingHours(amsterdamInstant('2026-10-23', '16:30'), 9, policy))).toBe('2026-10-27T08:30:00.000Z');
		// the end of Monday's working day is 17:00 on the wall clock in either season
		expect(utc(addWorkingHours(amsterdamInstant('2026-03-30', '09:00'), 8, policy))).toBe('2026-03-30T15:00:00.000Z');
		expect(utc(addWorkingHours(amsterdamInstant('2026-10-26', '09:00'), 8, policy))).toBe('2026-10-26T16:00:00.000Z');
	});
});
