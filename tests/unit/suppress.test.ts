import { describe, expect, it } from 'vitest';
import { suppress, type SumConstraint } from '../../src/lib/server/dashboard/suppress.ts';

describe('small-number suppression', () => {
	it('publishes counts of 5 and more as they are', () => {
		expect(suppress({ a: 5, b: 12, t: 17 }, [{ total: 't', parts: ['a', 'b'] }])).toEqual({ a: 5, b: 12, t: 17 });
	});

	it('shows every count under 5 as "<5", zero included', () => {
		expect(suppress({ x: 0, y: 4, z: 5 })).toEqual({ x: '<5', y: '<5', z: 5 });
	});

	it('hides a second part so that a small part cannot be found by subtracting from the total', () => {
		const out = suppress({ haarlem: 3, zandvoort: 9, heemstede: 30, total: 42 }, [
			{ total: 'total', parts: ['haarlem', 'zandvoort', 'heemstede'] }
		]);
		expect(out).toEqual({ haarlem: '<5', zandvoort: 'afgeschermd', heemstede: 30, total: 42 });
	});

	it('does not let the hidden parts add up to a small number either', () => {
		// Zandvoort 3, Bloemendaal 0 and Heemstede 0 are hidden; Zuid-Kennemerland − Haarlem would still show "3"
		const out = suppress({ haarlem: 8, zandvoort: 3, bloemendaal: 0, heemstede: 0, zk: 11 }, [
			{ total: 'zk', parts: ['haarlem', 'zandvoort', 'bloemendaal', 'heemstede'] }
		]);
		expect(out).toEqual({ haarlem: 'afgeschermd', zandvoort: '<5', bloemendaal: '<5', heemstede: '<5', zk: 11 });
	});

	it('also when counts that can never be negative pin a hidden one down', () => {
		// region 6 = Zuid-Kennemerland + IJmond (0) + Haarlemmermeer (0), and Zuid-Kennemerland = Haarlem 6 + Zandvoort 0:
		// with Zuid-Kennemerland hidden it is still at least 6 (Haarlem) and at most 6 (the region), so Zandvoort is 0
		const out = suppress(
			{ regio: 6, zk: 6, ij: 0, hm: 0, haarlem: 6, zandvoort: 0 },
			[
				{ total: 'regio', parts: ['zk', 'ij', 'hm'] },
				{ total: 'zk', parts: ['haarlem', 'zandvoort'] }
			],
			{ keep: ['regio'] }
		);
		expect(out.zandvoort).toBe('<5');
		expect([out.zk, out.haarlem]).toEqual(['afgeschermd', 'afgeschermd']);
	});

	it('counts what the labels say: an "afgeschermd" part is at least 5, so a total of 5 would pin the rest to zero', () => {
		// a partner accepted 5 in the region, all in one gemeente: hidden as complementary, that part is "at least 5",
		// and next to the published total the other gemeenten would be zero; the total is hidden too
		const parts = Array.from({ length: 9 }, (_, i) => `g${i}`);
		const values: Record<string, number> = Object.fromEntries(parts.map((g) => [g, g === 'g3' ? 5 : 0]));
		const out = suppress({ ...values, regio: 5 }, [{ total: 'regio', parts }], { keep: ['regio'] });
		expect(out.regio).toBe('afgeschermd');
		expect(out.g3).toBe('afgeschermd');
	});

	it('keeps going after a cell was hidden for a bound, until no count under 5 is pinned', () => {
		// the regio total and its part g0 are published; g1 is hidden small; after hiding g0 (for the sum of hidden parts)
		// the bounds still pin g1 through the second sum, so more must go
		const out = suppress({ t: 10, a: 6, b: 4, u: 10, c: 6, d: 4 }, [
			{ total: 't', parts: ['a', 'b'] },
			{ total: 'u', parts: ['c', 'd'] },
			{ total: 't', parts: ['u'] }
		]);
		for (const k of ['b', 'd']) expect(out[k]).toBe('<5');
		expect(typeof out.a).not.toBe('number');
		expect(typeof out.c).not.toBe('number');
	});

	it('hides the total when it is the only other cell', () => {
		expect(suppress({ part: 2, total: 2 }, [{ total: 'total', parts: ['part'] }])).toEqual({ part: '<5', total: '<5' });
	});

	it('also blocks recovery through a combination of sums, not only single subtraction', () => {
		// a + b, b + c and a + c published: each has two hidden parts, yet a = (ab − bc + ac) / 2
		const constraints: SumConstraint[] = [
			{ total: 'ab', parts: ['a', 'b'] },
			{ total: 'bc', parts: ['b', 'c'] },
			{ total: 'ac', parts: ['a', 'c'] }
		];
		const out = suppress({ a: 2, b: 3, c: 4, ab: 5, bc: 7, ac: 6 }, constraints);
		expect([out.a, out.b, out.c]).toEqual(['<5', '<5', '<5']);
		expect([out.ab, out.bc, out.ac].filter((v) => v === 'afgeschermd').length).toBeGreaterThanOrEqual(1);
	});

	it('hides a published cell when an unpublished remainder under 5 would follow from it', () => {
		// a gemeente user sees Heemstede and Zuid-Kennemerland; the rest of the subregion is 3
		const constraint = [{ total: 'subregion', parts: ['heemstede', 'rest'] }];
		expect(suppress({ heemstede: 40, subregion: 43, rest: 3 }, constraint, { unpublished: ['rest'], keep: ['heemstede'] })).toEqual({
			heemstede: 40,
			subregion: 'afgeschermd'
		});
		expect(suppress({ heemstede: 40, subregion: 43, rest: 3 }, constraint, { unpublished: ['rest'] })).toEqual({
			heemstede: 'afgeschermd',
			subregion: 43
		});
		// a remainder of 5 or more may follow: nothing is hidden
		expect(suppress({ heemstede: 40, subregion: 52, rest: 12 }, constraint, { unpublished: ['rest'] })).toEqual({
			heemstede: 40,
			subregion: 52
		});
	});

	it('keeps a region × week table safe in both directions', () => {
		// rows: three subregions and the region; columns: four weeks and the period
		const v: Record<string, number> = {};
		const data = { zk: [12, 3, 9, 14], ij: [7, 8, 2, 6], hm: [11, 10, 12, 9] };
		const constraints: SumConstraint[] = [];
		for (const [area, weeks] of Object.entries(data)) {
			weeks.forEach((n, w) => (v[`${area}.${w}`] = n));
			v[`${area}.period`] = weeks.reduce((a, b) => a + b, 0);
			constraints.push({ total: `${area}.period`, parts: weeks.map((_, w) => `${area}.${w}`) });
		}
		for (const w of [0, 1, 2, 3, 'period']) {
			v[`region.${w}`] = ['zk', 'ij', 'hm'].reduce((a, area) => a + v[`${area}.${w}`], 0);
			constraints.push({ total: `region.${w}`, parts: ['zk', 'ij', 'hm'].map((area) => `${area}.${w}`) });
		}
		constraints.push({ total: 'region.period', parts: [0, 1, 2, 3].map((w) => `region.${w}`) });
		const out = suppress(v, constraints);
		expect(out['zk.1']).toBe('<5');
		expect(out['ij.2']).toBe('<5');
		// a sum with a single hidden member gives that member away: it must never be a small count
		for (const c of constraints) {
			const hidden = [c.total, ...c.parts].filter((k) => typeof out[k] !== 'number');
			if (hidden.length === 1) expect(v[hidden[0]], `${c.total} = ${c.parts.join(' + ')}`).toBeGreaterThanOrEqual(5);
		}
		// and the small ones cannot be reached through two sums either: zk.1 = zk.period − (zk.0 + zk.2 + zk.3)
		expect(['zk.0', 'zk.2', 'zk.3', 'zk.period'].some((k) => out[k] === 'afgeschermd')).toBe(true);
		expect(['ij.0', 'ij.1', 'ij.3', 'ij.period'].some((k) => out[k] === 'afgeschermd')).toBe(true);
		// small counts say "<5", hidden larger ones "afgeschermd", never the other way round
		for (const [k, shown] of Object.entries(out)) if (shown === '<5') expect(v[k], k).toBeLessThan(5);
		for (const [k, shown] of Object.entries(out)) if (shown === 'afgeschermd') expect(v[k], k).toBeGreaterThanOrEqual(5);
		// no published count is under 5
		for (const [k, shown] of Object.entries(out)) if (typeof shown === 'number') expect(shown, k).toBeGreaterThanOrEqual(5);
	});
});
