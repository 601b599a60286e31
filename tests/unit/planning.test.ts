import { describe, expect, it } from 'vitest';
import { checkPlannedMoment, unusualConfirmation, unusualMomentReasons, UnusualMomentError } from '../../src/lib/server/planning.ts';
import { dayOffName, type WorkdayPolicy } from '../../src/lib/server/workdays.ts';
import { amsterdamInstant } from '../../src/lib/server/time.ts';

const off: WorkdayPolicy = { goodFriday: false, liberationDay: false };
const goodFridayOff: WorkdayPolicy = { goodFriday: true, liberationDay: false };
const at = (day: string, time: string) => amsterdamInstant(day, time);

describe('an unusual planned moment: weekend, Dutch public holiday, outside 08:00–18:00 Amsterdam time', () => {
	it('names every reason, in Dutch', () => {
		expect(unusualMomentReasons(at('2026-11-29', '05:46'), off)).toEqual(['in het weekend', 'buiten kantoortijd (08:00–18:00)']); // a Sunday
		expect(unusualMomentReasons(at('2026-12-26', '10:00'), off)).toEqual(['in het weekend', 'op een feestdag (Tweede kerstdag)']); // a Saturday
		expect(unusualMomentReasons(at('2026-12-25', '10:00'), off)).toEqual(['op een feestdag (Kerstmis)']); // a Friday
		expect(unusualMomentReasons(at('2026-04-03', '10:00'), off)).toEqual([]); // Goede Vrijdag works by default
		expect(unusualMomentReasons(at('2026-04-03', '10:00'), goodFridayOff)).toEqual(['op een feestdag (Goede Vrijdag)']);
		expect(dayOffName('2026-04-27')).toBe('Koningsdag');
	});

	it('counts 08:00 up to 17:59 as office hours, in winter and summer time alike', () => {
		for (const day of ['2026-11-24', '2026-06-23', '2026-03-30', '2026-10-26']) {
			expect(unusualMomentReasons(at(day, '08:00'), off), `${day} 08:00`).toEqual([]);
			expect(unusualMomentReasons(at(day, '17:59'), off), `${day} 17:59`).toEqual([]);
			expect(unusualMomentReasons(at(day, '07:59'), off), `${day} 07:59`).toEqual(['buiten kantoortijd (08:00–18:00)']);
			expect(unusualMomentReasons(at(day, '18:00'), off), `${day} 18:00`).toEqual(['buiten kantoortijd (08:00–18:00)']);
		}
	});

	it('asks unless confirmed with true or for exactly this moment; a usual moment needs nothing', () => {
		const sunday = at('2026-11-29', '05:46');
		let asked: unknown;
		try {
			checkPlannedMoment('Het contactmoment', sunday, '2026-11-29T05:46', undefined, off);
		} catch (e) {
			asked = e;
		}
		if (!(asked instanceof UnusualMomentError)) throw new Error(`expected an UnusualMomentError, got ${asked}`);
		expect(asked.message).toBe(
			'Het contactmoment valt op zondag 29 november 2026 om 05:46: dat is in het weekend en buiten kantoortijd (08:00–18:00). ' +
				'Klopt dit? Bevestig dan dat u bewust op dit moment plant, of kies een ander moment.'
		);
		expect(asked.fields).toEqual({ confirmUnusual: 'Bevestig dat u bewust op dit moment plant, of kies een ander moment.' });
		expect(asked.moment).toBe('2026-11-29T05:46');
		// confirmed for another moment: asked again
		expect(() => checkPlannedMoment('Het contactmoment', sunday, '2026-11-29T05:46', '2026-11-29T06:00', off)).toThrow(UnusualMomentError);
		expect(() => checkPlannedMoment('Het contactmoment', sunday, '2026-11-29T05:46', '2026-11-29T05:46', off)).not.toThrow();
		expect(() => checkPlannedMoment('Het contactmoment', sunday, '2026-11-29T05:46', true, off)).not.toThrow();
		expect(() => checkPlannedMoment('De tafel', at('2026-11-24', '10:00'), '2026-11-24T10:00', undefined, off)).not.toThrow();
	});

	it('parses the confirmation from a form or a JSON body; false and empty mean not confirmed', () => {
		expect(unusualConfirmation.parse(true)).toBe(true);
		expect(unusualConfirmation.parse('2026-11-29T05:46')).toBe('2026-11-29T05:46');
		for (const no of [undefined, '', null, false, 'false']) expect(unusualConfirmation.parse(no)).toBeUndefined();
		expect(unusualConfirmation.safeParse(1).success).toBe(false);
	});
});
