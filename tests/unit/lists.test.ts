import { describe, expect, it } from 'vitest';
import { CursorError, decodeCursor, encodeCursor } from '../../src/lib/server/lists/cursor.ts';
import { cursorValues, type ListOrder } from '../../src/lib/server/lists/keyset.ts';
import { auditedFilter, parseListQuery, referenceSearch } from '../../src/lib/server/lists/query.ts';
import { workQueueQuerySchema } from '../../src/lib/server/cases/list.ts';
import { inboxQuerySchema } from '../../src/lib/server/handovers/list.ts';
import { handoverListQuerySchema } from '../../src/lib/server/api/schema.ts';
import { isFiltered, totalLabel, withParam } from '../../src/lib/lists.ts';
import { auditDetails, auditLists, shortenAuditLists } from '../../src/lib/audit-labels.ts';

const fragment = {} as ListOrder['keys'][number]['sql'];
const order: ListOrder = {
	id: 'test:list',
	keys: [
		{ sql: fragment, type: 'date' },
		{ sql: fragment, type: 'timestamptz' },
		{ sql: fragment, type: 'uuid' }
	]
};
const UUID = '3f0b6c1e-8d2a-4a53-9d1e-2b7c5f4e9a10';
const params = (query: string) => new URLSearchParams(query);

describe('cursors', () => {
	it('round-trip the sort-key values of their own list only', () => {
		const cursor = encodeCursor('test:list', ['2026-11-23', '2026-11-23T09:00:00.123456Z', UUID]);
		expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(cursorValues(order, cursor)).toEqual(['2026-11-23', '2026-11-23T09:00:00.123456Z', UUID]);
		expect(() => decodeCursor('other:list', cursor)).toThrow(expect.objectContaining({ problem: 'other_list' }));
	});

	it('refuses what is not a cursor, or values that would not cast, before any query runs', () => {
		const bad = [
			'niet een cursor!',
			'x'.repeat(700),
			Buffer.from('{"a":1}').toString('base64url'),
			encodeCursor('test:list', ['2026-02-31', '2026-11-23T09:00:00.000000Z', UUID]),
			encodeCursor('test:list', ['2026-11-23', '2026-11-23 09:00', UUID]),
			encodeCursor('test:list', ['2026-11-23', '2026-11-23T09:00:00.000000Z', 'nope']),
			encodeCursor('test:list', ['2026-11-23', '2026-11-23T09:00:00.000000Z'])
		];
		for (const cursor of bad) {
			const error = (() => {
				try {
					cursorValues(order, cursor);
				} catch (e) {
					return e;
				}
			})();
			expect(error, cursor.slice(0, 40)).toBeInstanceOf(CursorError);
			expect((error as CursorError).fields.cursor).toMatch(/cursor/);
		}
	});
});

describe('list query strings', () => {
	it('normalise a reference search and refuse anything else with a Dutch message', () => {
		expect(referenceSearch.parse(' vt-2026 000123 ')).toBe('VT-2026000123');
		expect(referenceSearch.parse('')).toBeUndefined();
		expect(referenceSearch.safeParse('12').error?.issues[0].message).toBe('Typ ten minste 3 tekens van de referentie.');
		expect(referenceSearch.safeParse("1' or 1=1").error?.issues[0].message).toMatch(/alleen letters, cijfers en streepjes/);
		expect(referenceSearch.safeParse('%%%').error?.issues[0].message).toMatch(/alleen letters, cijfers en streepjes/);
	});

	it('drop each bad parameter with its message and keep the good ones', () => {
		const { query, filter } = parseListQuery(
			workQueueQuerySchema,
			params('zoek=000123&gemeente=GM0392&spoed=misschien&overdracht=weg&van=2026-02-31&onbekend=1')
		);
		expect(query).toMatchObject({ search: '000123', municipalityId: 'GM0392', urgentOnly: false, handover: undefined, from: undefined });
		expect(filter.errors).toEqual({
			spoed: 'Vink aan of laat leeg.',
			overdracht: 'Kies de stand van de overdracht uit de lijst.',
			van: expect.stringMatching(/bestaat niet/)
		});
		expect(filter.values).toMatchObject({ spoed: 'misschien', onbekend: '1' });
		expect(auditedFilter(filter)).toEqual({ filter: 'zoek=000123&gemeente=GM0392&onbekend=1' });
	});

	it('refuse a period that ends before it starts, on the end', () => {
		const { query, filter } = parseListQuery(workQueueQuerySchema, params('van=2026-11-20&tot=2026-11-01'));
		expect(filter.errors).toEqual({ tot: 'De einddatum ligt vóór de begindatum.' });
		expect(query).toMatchObject({ from: '2026-11-20', to: undefined });
	});

	it('give each inbox section its own cursor, and one section when a status is asked', () => {
		const all = parseListQuery(inboxQuerySchema, params('na-overgedragen=abc'));
		expect(all.query.statuses).toEqual(['open', 'accepted', 'completed']);
		expect(all.query.cursors).toEqual({ open: undefined, accepted: undefined, completed: 'abc' });
		expect(parseListQuery(inboxQuerySchema, params('status=geaccepteerd')).query.statuses).toEqual(['accepted']);
	});

	it('read the API list query strictly', () => {
		expect(handoverListQuerySchema.parse({})).toEqual({ status: 'open', limit: 50 });
		expect(handoverListQuerySchema.parse({ limit: '100', urgent: 'true', reference: 'vt-2026' })).toMatchObject({
			limit: 100,
			urgent: 'true',
			reference: 'VT-2026'
		});
		for (const limit of ['0', '101', '-1', '1.5', 'tien', ''])
			expect(handoverListQuerySchema.safeParse({ limit }).success, limit).toBe(false);
		expect(handoverListQuerySchema.safeParse({ limt: '10' }).error?.issues[0]).toMatchObject({ code: 'unrecognized_keys' });
	});
});

describe('pager and filter bar helpers', () => {
	it('keep the other parameters when moving a cursor, and count in Dutch', () => {
		expect(withParam(params('zoek=VT&na=abc'), 'na', null)).toBe('?zoek=VT');
		expect(withParam(params('zoek=VT'), 'na-open', 'xyz')).toBe('?zoek=VT&na-open=xyz');
		expect(withParam(params(''), 'na', null)).toBe('?');
		expect(totalLabel({ count: 1, more: false }, 'zaak', 'zaken')).toBe('1 zaak');
		expect(totalLabel({ count: 10_000, more: true }, 'zaak', 'zaken')).toBe('meer dan 10.000 zaken');
		expect(isFiltered({ values: { na: 'abc', zoek: '' }, errors: {} })).toBe(false);
		expect(isFiltered({ values: { spoed: 'ja' }, errors: {} })).toBe(true);
		expect(isFiltered({ values: { spoed: 'x' }, errors: { spoed: 'Vink aan of laat leeg.' } })).toBe(false);
	});
});

describe('the audit log page', () => {
	it('shows the first ids of a long list, the searched case first, and says how many it left out', () => {
		const ids = Array.from({ length: 50 }, (_, i) => `id-${i}`);
		const short = shortenAuditLists({ via: 'pagina', shown: 'case', rows: 50, ids }, new Set(['id-42']), 3);
		expect(auditLists(short)).toEqual([{ label: '50 zaken getoond', items: ['id-42', 'id-0', 'id-1', '… en 47 meer'] }]);
		expect(auditDetails(short)).toBe('via: pagina');
		expect(shortenAuditLists({ ids: ['a'] })).toEqual({ ids: ['a'] });
	});
});
