import { describe, expect, it } from 'vitest';
import { BELL_SIZE, joinLive } from '../../src/lib/notification-format.ts';

const item = (id: number, read = false) => ({ id, readAt: read ? '2026-12-05T10:00:00Z' : null });

describe('the bell joins a loaded list with what arrived live', () => {
	it('keeps a notification that arrived while an older list was loading, and counts it', () => {
		const loaded = { items: [item(11), item(10, true)], unread: 4 };
		const joined = joinLive(loaded, [item(12), item(11), item(10, true)]);
		expect(joined.items.map((n) => n.id)).toEqual([12, 11, 10]);
		expect(joined.unread).toBe(5);
	});

	it('takes a newer list as it is: what was shown before is in it or was read since', () => {
		const loaded = { items: [item(13, true), item(12, true)], unread: 0 };
		const joined = joinLive(loaded, [item(12), item(11)]);
		expect(joined).toEqual(loaded);
	});

	it('does not count a live notification that was read already, and shows at most the bell size', () => {
		const shown = Array.from({ length: BELL_SIZE }, (_, i) => item(100 - i, i === 0));
		const joined = joinLive({ items: [item(1)], unread: 1 }, shown);
		expect(joined.items).toHaveLength(BELL_SIZE);
		expect(joined.items[0].id).toBe(100);
		expect(joined.unread).toBe(1 + BELL_SIZE - 1);
	});

	it('starts from the loaded list when nothing is shown yet', () => {
		const loaded = { items: [item(3), item(2)], unread: 2 };
		expect(joinLive(loaded, [])).toEqual(loaded);
	});
});
