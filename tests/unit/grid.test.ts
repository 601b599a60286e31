import { describe, expect, it } from 'vitest';
import {
	gridPeriod,
	isoWeek,
	nextPeriod,
	parsePeriodId,
	periodEnd,
	periodLabel,
	periodOf,
	periodsBetween,
	previousPeriod
} from '../../src/lib/dashboard/grid.ts';

describe('the publication grid: periods of four ISO weeks', () => {
	it('numbers ISO weeks as everyone does, across year ends', () => {
		expect(isoWeek('2026-12-03')).toEqual({ year: 2026, week: 49 });
		expect(isoWeek('2027-01-01')).toEqual({ year: 2026, week: 53 }); // 2026 has a week 53
		expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
		expect(isoWeek('2030-03-04')).toEqual({ year: 2030, week: 10 });
	});

	it('puts weeks 1–4 in period 1 … 49–52 (and 53) in period 13', () => {
		const p = periodOf('2026-12-03');
		expect(p).toMatchObject({ id: '2026-P13', from: '2026-11-30', to: '2026-12-28' });
		expect(p.weeks).toHaveLength(5); // with week 53
		expect(periodOf('2027-01-01').id).toBe('2026-P13');
		expect(periodEnd(p)).toBe('2027-01-03');
		expect(gridPeriod(2027, 1)).toMatchObject({ from: '2027-01-04', to: '2027-01-25' });
		expect(periodOf('2030-03-04')).toMatchObject({ id: '2030-P03', from: '2030-02-25', to: '2030-03-18' });
	});

	it('has no gaps and no overlaps: each period starts the Monday after the previous one ends', () => {
		let p = gridPeriod(2024, 1);
		for (let i = 0; i < 13 * 4; i++) {
			const next = nextPeriod(p);
			expect(next.from, p.id).toBe(new Date(Date.parse(periodEnd(p)) + 86_400_000).toISOString().slice(0, 10));
			expect(previousPeriod(next).id).toBe(p.id);
			p = next;
		}
		expect(periodsBetween(gridPeriod(2026, 12), gridPeriod(2027, 2)).map((x) => x.id)).toEqual([
			'2026-P12',
			'2026-P13',
			'2027-P01',
			'2027-P02'
		]);
	});

	it('reads ids and says them in Dutch', () => {
		expect(parsePeriodId('2026-P12')?.from).toBe('2026-11-02');
		for (const bad of ['2026-P14', '2026-P00', '2026-12', 'P12', '']) expect(parsePeriodId(bad)).toBeNull();
		expect(periodLabel(gridPeriod(2026, 12))).toBe('periode 12 van 2026 (2 nov t/m 29 nov 2026)');
	});
});
