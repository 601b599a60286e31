import { describe, expect, it } from 'vitest';
import { handoverStamp, handoverStateWords } from '../../src/lib/handover-state.ts';
import { confirmHandover, currentConfirmation } from '../../src/lib/confirmation.ts';

const NOW = '2026-12-04T10:00:00+01:00';
const base = { toOrgName: 'CJG Kennemerland', respondBefore: new Date('2026-12-03T17:00:00+01:00') };

describe("a handover's state in words", () => {
	it('says how the last offer ended, with who and why, and asks to offer again', () => {
		expect(
			handoverStateWords({ ...base, status: 'declined', declineReason: 'geen_capaciteit', answeredAt: '2026-12-02T14:30:00+01:00' }, NOW)
		).toEqual({
			badge: null,
			sentence: 'Afgewezen door CJG Kennemerland (geen capaciteit) op wo 2 dec, 14:30',
			reoffer: true,
			late: false
		});
		expect(handoverStateWords({ ...base, status: 'withdrawn', withdrawnAt: '2026-12-02T09:05:00+01:00' }, NOW)).toMatchObject({
			sentence: 'Aanbod aan CJG Kennemerland ingetrokken op wo 2 dec, 09:05',
			reoffer: true
		});
	});

	it('says since when the deadline passed, from the recorded breach or the clock, and waits before it', () => {
		const late = handoverStateWords({ ...base, status: 'open' }, NOW);
		expect(late).toMatchObject({ late: true, badge: { tone: 'danger', label: 'Geen antwoord' } });
		expect(late.sentence).toBe('Termijn verstreken sinds do 3 dec, 17:00: CJG Kennemerland heeft nog niet geantwoord');
		// the timer recorded the breach while this page's clock is still before the deadline
		expect(handoverStateWords({ ...base, status: 'open', breachedAt: '2026-12-03T17:00:00+01:00' }, '2026-12-03T16:59:00+01:00').late).toBe(
			true
		);
		const waiting = handoverStateWords({ ...base, status: 'open' }, '2026-12-03T16:59:00+01:00');
		expect(waiting).toMatchObject({ late: false, reoffer: false, badge: { tone: 'warning', label: 'Aangeboden, wacht op antwoord' } });
		expect(waiting.sentence).toBe('Aan CJG Kennemerland, antwoord uiterlijk do 3 dec, 17:00');
	});

	it('says "not offered yet" only for a case that never was', () => {
		expect(handoverStateWords(null, NOW)).toEqual({ badge: null, sentence: 'Nog niet aangeboden', reoffer: false, late: false });
	});
});

describe('a success message shows while the state it confirms holds', () => {
	const warm = {
		plannedAt: '2026-12-05T10:30:00+01:00',
		form: 'gesprek',
		vtAttendees: 'Sanne',
		partnerAttendees: 'Daan',
		vtConfirmedAt: null,
		partnerConfirmedAt: null
	};
	const open = { id: 'h1', status: 'open', breachedAt: null, warm: null };

	it('goes once the partner answers, the deadline passes or the contact moment is re-planned', () => {
		const sent = confirmHandover('Het aanbod is verstuurd.', open);
		expect(currentConfirmation(sent, [open])).toBe('Het aanbod is verstuurd.');
		expect(currentConfirmation(sent, [{ ...open, status: 'declined' }])).toBeNull();
		expect(currentConfirmation(sent, [{ ...open, breachedAt: new Date() }])).toBeNull();
		expect(currentConfirmation(sent, [])).toBeNull();

		const planned = { ...open, status: 'accepted', warm };
		const saved = confirmHandover('Het contactmoment is opgeslagen.', planned);
		// dates as the page has them (Date) or as the action had them (string): the same state
		expect(currentConfirmation(saved, [{ ...planned, warm: { ...warm, plannedAt: new Date(warm.plannedAt) } }])).toBe(
			'Het contactmoment is opgeslagen.'
		);
		expect(currentConfirmation(saved, [{ ...planned, warm: { ...warm, plannedAt: '2026-12-05T14:00:00+01:00' } }])).toBeNull();
		expect(currentConfirmation(saved, [{ ...planned, warm: { ...warm, partnerConfirmedAt: '2026-12-05T12:00:00+01:00' } }])).toBeNull();
		expect(handoverStamp(planned)).not.toBe(handoverStamp({ ...planned, warm: { ...warm, vtAttendees: 'Sanne en Youssef' } }));
	});

	it('shows a message that confirms no handover state as it is, and nothing for a failure', () => {
		expect(currentConfirmation({ saved: 'De zaak is afgesloten.' }, [])).toBe('De zaak is afgesloten.');
		expect(currentConfirmation({ message: 'Controleer het aanbod.' }, [open])).toBeNull();
		expect(currentConfirmation(null, [open])).toBeNull();
	});
});
