import { describe, expect, it } from 'vitest';
import { amsterdamEndOfDay, amsterdamOffsetMinutes, amsterdamStartOfDay } from '../../src/lib/server/time.ts';

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
