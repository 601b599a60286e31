import { describe, expect, it } from 'vitest';
import { dueDayMoments, overdueMoments, startOfWorkOn } from '../../src/lib/server/followups/moments.ts';
import { statutoryTerm } from '../../src/lib/server/trajectories/service.ts';
import { DEFAULT_WORKDAY_POLICY } from '../../src/lib/server/workdays.ts';

const iso = (m: { remindAt: Date; escalateAt: Date }) => [m.remindAt.toISOString(), m.escalateAt.toISOString()];

describe('follow-up moments', () => {
	it('starts work at 09:00 Amsterdam time, in winter and in summer', () => {
		expect(startOfWorkOn('2030-01-07').toISOString()).toBe('2030-01-07T08:00:00.000Z');
		expect(startOfWorkOn('2030-07-01').toISOString()).toBe('2030-07-01T07:00:00.000Z');
	});

	it('makes an item overdue the working day after its due date and escalates after the grace period', () => {
		// due Friday 8 March 2030: overdue Monday 11 March, escalated Wednesday 13 March
		expect(iso(overdueMoments('2030-03-08', 2, DEFAULT_WORKDAY_POLICY))).toEqual(['2030-03-11T08:00:00.000Z', '2030-03-13T08:00:00.000Z']);
		// due Tuesday 24 December: 25 and 26 December are holidays; then Friday 27, Monday 30, Tuesday 31
		expect(iso(overdueMoments('2030-12-24', 2, DEFAULT_WORKDAY_POLICY))).toEqual(['2030-12-27T08:00:00.000Z', '2030-12-31T08:00:00.000Z']);
		// across the change to summer time (31 March 2030)
		expect(iso(overdueMoments('2030-03-29', 1, DEFAULT_WORKDAY_POLICY))).toEqual(['2030-04-01T07:00:00.000Z', '2030-04-02T07:00:00.000Z']);
	});

	it('reminds on the day of a check-in or monitoring moment, or the next working day', () => {
		expect(iso(dueDayMoments('2030-03-06', 2, DEFAULT_WORKDAY_POLICY))).toEqual(['2030-03-06T08:00:00.000Z', '2030-03-08T08:00:00.000Z']);
		// Saturday 9 March → Monday 11 March
		expect(iso(dueDayMoments('2030-03-09', 2, DEFAULT_WORKDAY_POLICY))).toEqual(['2030-03-11T08:00:00.000Z', '2030-03-13T08:00:00.000Z']);
		// Goede Vrijdag counts as a day off only under that policy (19 April 2030; 22 April is Tweede Paasdag)
		expect(iso(dueDayMoments('2030-04-19', 1, { goodFriday: true, liberationDay: false }))).toEqual([
			'2030-04-23T07:00:00.000Z',
			'2030-04-24T07:00:00.000Z'
		]);
		expect(dueDayMoments('2030-04-19', 1, DEFAULT_WORKDAY_POLICY).remindAt.toISOString()).toBe('2030-04-19T07:00:00.000Z');
	});

	it('gives a V&V-traject its term with a warning a week before and the escalation the day after', () => {
		const term = statutoryTerm('2030-07-01', 70);
		expect(term.due).toBe('2030-09-09');
		expect(iso(term)).toEqual(['2030-09-02T07:00:00.000Z', '2030-09-10T07:00:00.000Z']);
	});
});
