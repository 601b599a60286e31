import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import type { RealtimeServer } from '../../src/lib/server/realtime/types.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { workQueue, type QueueRow } from '../../src/lib/server/cases/queries.ts';
import { listWorkQueue, workQueueQuerySchema } from '../../src/lib/server/cases/list.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { handoverInbox } from '../../src/lib/server/handovers/queries.ts';
import { inboxQuerySchema, listInbox } from '../../src/lib/server/handovers/list.ts';
import { createApiToken } from '../../src/lib/server/api/tokens.ts';
import { listHandoversEndpoint } from '../../src/lib/server/api/handovers.ts';
import { encodeCursor } from '../../src/lib/server/lists/cursor.ts';
import { parseListQuery, STALE_PAGE } from '../../src/lib/server/lists/query.ts';
import type { Page } from '../../src/lib/server/lists/keyset.ts';
import { completeCase, ensureRegion, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { uniqueIp } from '../support/it-helpers.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// Paging, search and filters of the werkvoorraad, the partner inbox and GET /api/v1/handovers: keyset
// cursors that neither repeat nor skip a row while rows come and go, filters that never widen what an
// organisation may see, and bad parameters that get a Dutch message (pages) or a precise 400 (API).
const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // a Monday
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let vt: Org, otherVt: Org, cjg: Org, wijkteam: Org;
let vtWorker: Person,
	vtColleague: Person,
	otherVtWorker: Person,
	cjgWorker: Person,
	cjgColleague: Person,
	cjgBeheerder: Person,
	wijkteamWorker: Person,
	wijkteamBeheerder: Person;

useOwnDatabase('list_paging');
beforeAll(async () => {
	registerRealtime(new Server() as RealtimeServer); // events go nowhere: these tests look at rows
	await ensureRegion();
	[vt, otherVt, cjg, wijkteam] = await Promise.all([organisation('vt'), organisation('vt'), organisation('cjg'), organisation('wijkteam')]);
	[vtWorker, vtColleague, otherVtWorker, cjgWorker, cjgColleague, cjgBeheerder, wijkteamWorker, wijkteamBeheerder] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(otherVt, 'medewerker', clock),
		person(cjg, 'medewerker', clock),
		person(cjg, 'medewerker', clock),
		person(cjg, 'beheerder', clock),
		person(wijkteam, 'medewerker', clock),
		person(wijkteam, 'beheerder', clock)
	]);
});
afterAll(() => registerRealtime(undefined));

const referenceOf = async (caseId: string) =>
	(await db()<{ reference: string }[]>`select reference from cases where id = ${caseId}`)[0].reference;

/** Every page of a list, one after the other; `between` runs after each page (rows coming and going meanwhile). */
async function allPages<T extends { id: string }>(
	read: (cursor: string | null) => Promise<Page<T>>,
	between: (page: number) => Promise<void> = async () => {}
): Promise<T[][]> {
	const pages: T[][] = [];
	let cursor: string | null = null;
	do {
		const page = await read(cursor);
		pages.push(page.rows);
		await between(pages.length);
		cursor = page.next;
	} while (cursor && pages.length < 50);
	return pages;
}

/** Rule 2 in JavaScript: spoed; kinderen and/or ouderen; no hulpverlening yet; then the due date (and the reference). */
function byPriority(a: QueueRow, b: QueueRow): number {
	const key = (r: QueueRow) =>
		[r.urgent ? 0 : 1, r.childrenInvolved || r.elderlyInvolved ? 0 : 1, r.helpPresent ? 1 : 0, r.assessmentDue, r.reference] as const;
	const [x, y] = [key(a), key(b)];
	for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
	return 0;
}

describe('werkvoorraad', () => {
	const variants = [
		{ urgent: true, childrenInvolved: false, helpPresent: true, reportDate: '2026-11-18' },
		{ urgent: false, childrenInvolved: true, helpPresent: false, reportDate: '2026-11-16' },
		{ urgent: false, childrenInvolved: false, elderlyInvolved: true, helpPresent: true, reportDate: '2026-11-17' },
		{ urgent: true, childrenInvolved: true, helpPresent: false, reportDate: '2026-11-20' },
		{ urgent: false, childrenInvolved: false, helpPresent: false, reportDate: '2026-11-19' },
		{ urgent: false, childrenInvolved: false, helpPresent: true, reportDate: '2026-11-12' },
		{ urgent: true, childrenInvolved: false, helpPresent: false, reportDate: '2026-11-13' },
		{ urgent: false, childrenInvolved: true, helpPresent: true, reportDate: '2026-11-19', municipalityId: 'GM0453' },
		{ urgent: false, childrenInvolved: true, helpPresent: false, reportDate: '2026-11-16' }
	];
	let ids: string[] = [];
	const added: string[] = [];

	beforeAll(async () => {
		ids = [];
		for (const v of variants) ids.push(await createCase(deps(), vtWorker.actor, completeCase(v)));
	});

	it('pages in the priority order, each case exactly once, while cases arrive between the pages', async () => {
		const everything = (await workQueue(db(), vt.id, clock.now(), {}, { limit: 100 })).rows;
		expect(everything.map((r) => r.id).sort()).toEqual([...ids].sort());
		expect(everything.map((r) => r.reference)).toEqual([...everything].sort(byPriority).map((r) => r.reference));

		const pages = await allPages(
			(cursor) => workQueue(db(), vt.id, clock.now(), {}, { cursor, limit: 2 }),
			async (n) => {
				// after the first page: one case that sorts before the cursor (spoed, kinderen) and one that sorts at the end
				if (n === 1) {
					added.push(
						await createCase(
							deps(),
							vtColleague.actor,
							completeCase({ urgent: true, childrenInvolved: true, helpPresent: false, reportDate: '2026-11-10' })
						)
					);
					added.push(
						await createCase(
							deps(),
							vtColleague.actor,
							completeCase({ urgent: false, childrenInvolved: false, helpPresent: true, reportDate: '2026-11-21' })
						)
					);
				}
			}
		);
		const seen = pages.flat().map((r) => r.id);
		expect(new Set(seen).size, 'no case twice').toBe(seen.length);
		for (const id of ids)
			expect(
				seen.filter((s) => s === id),
				'every case that was there once'
			).toHaveLength(1);
		expect(seen).not.toContain(added[0]); // it sorts before the page that was read: it is on the first page now
		expect(seen.at(-1)).toBe(added[1]);
		expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
		expect((await workQueue(db(), vt.id, clock.now(), {}, { limit: 1 })).rows[0].id).toBe(added[0]);
	});

	it('finds a case by (part of) its reference, in any case, and filters by gemeente, spoed, stand, own cases and period', async () => {
		const reference = await referenceOf(ids[4]);
		const search = (q: string) => parseListQuery(workQueueQuerySchema, new URLSearchParams(q)).query;
		const found = async (q: string) => {
			const query = search(q);
			return (
				await workQueue(db(), vt.id, clock.now(), { ...query, mineOf: query.mine ? vtWorker.user.id : null }, { limit: 100 })
			).rows.map((r) => r.id);
		};
		expect(await found(`zoek=${reference.toLowerCase()}`)).toEqual([ids[4]]);
		expect(await found(`zoek=${reference.slice(-6)}`)).toEqual([ids[4]]);
		expect(await found('gemeente=GM0453')).toEqual([ids[7]]);
		expect(await found('spoed=ja')).toEqual([added[0], ids[3], ids[6], ids[0]]);
		expect(await found('van=2026-11-12&tot=2026-11-13')).toEqual([ids[6], ids[5]]);

		await offerHandover(deps(), vtWorker.actor, ids[1], { toOrgId: cjg.id, message: 'Graag warme overdracht.' });
		const accepted = await offerHandover(deps(), vtWorker.actor, ids[2], { toOrgId: cjg.id, message: 'Graag warme overdracht.' });
		await answerHandover(deps(), cjgWorker.actor, accepted, { answer: 'accept' });
		expect(await found('overdracht=aangeboden')).toEqual([ids[1]]);
		expect(await found('overdracht=geaccepteerd')).toEqual([ids[2]]);
		expect(await found('overdracht=niet-aangeboden')).not.toContain(ids[1]);
		// own cases: the ones this medewerker registered (all of ids) or offered; not the colleague's
		expect((await found('mijn=ja')).sort()).toEqual([...ids].sort());
		expect(await found(`mijn=ja&zoek=${reference}`)).toEqual([ids[4]]);
	});

	it('never shows another VT organisation’s case, whatever the filters; audits the cases shown with the filters', async () => {
		const theirs = await createCase(deps(), otherVtWorker.actor, completeCase({ urgent: true }));
		const reference = await referenceOf(theirs);
		const { query, filter } = parseListQuery(workQueueQuerySchema, new URLSearchParams(`zoek=${reference}&spoed=ja`));
		const view = await listWorkQueue(deps(), vtWorker.actor, query, filter);
		expect(view.rows).toEqual([]);
		expect(view.total).toEqual({ count: 0, more: false });
		const mine = await listWorkQueue(deps(), otherVtWorker.actor, query, filter);
		expect(mine.rows.map((r) => r.id)).toEqual([theirs]);
		const [row] = await db()<{ details: Record<string, unknown> }[]>`
			select details from audit_log where action = 'cases.listed' and actor_user_id = ${otherVtWorker.user.id} order by id desc limit 1`;
		expect(row.details).toEqual({ shown: 'case', rows: 1, ids: [theirs], filter: `zoek=${reference}&spoed=ja` });
	});

	it('shows the first page with a message for a cursor it cannot read, and refuses a cursor of another list', async () => {
		for (const cursor of [
			'bestaat-niet',
			encodeCursor('overdrachten:open', ['2026-11-23T09:00:00.000000Z', vt.id]),
			encodeCursor('werkvoorraad', ['x', '2026-11-23', 'VT'])
		]) {
			const { query, filter } = parseListQuery(workQueueQuerySchema, new URLSearchParams({ na: cursor }));
			const view = await listWorkQueue(deps(), vtWorker.actor, query, filter);
			expect(view.rows.length).toBeGreaterThan(0);
			expect(filter.errors).toEqual({ na: STALE_PAGE });
		}
	});
});

describe('GET /api/v1/handovers', () => {
	let token: string;
	let wijkteamToken: string;
	const call = (t: string, query = '') =>
		listHandoversEndpoint(deps(), {
			request: new Request(`http://localhost/api/v1/handovers${query}`, { headers: { authorization: `Bearer ${t}` } }),
			ip: uniqueIp()
		});
	const offer = async (org: Org, overrides: Record<string, unknown> = {}) => {
		const caseId = await createCase(deps(), vtWorker.actor, completeCase(overrides));
		return {
			caseId,
			handoverId: await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: org.id, message: 'Graag warme overdracht.' })
		};
	};

	beforeAll(async () => {
		token = (await createApiToken(deps(), cjgBeheerder.actor, { name: 'CJG-systeem', scopes: ['handovers:read'] })).token;
		wijkteamToken = (await createApiToken(deps(), wijkteamBeheerder.actor, { name: 'Wijkteam-systeem', scopes: ['handovers:read'] })).token;
	});

	it('pages with next_cursor: every offer that stays open exactly once, while offers arrive and are answered', async () => {
		const before = (await call(token, '?limit=100').then((r) => r.json())).handovers.map((h: { id: string }) => h.id) as string[];
		const offers: string[] = [];
		for (let i = 0; i < 7; i++) {
			clock.advance(60_000); // each offer its own deadline
			offers.push((await offer(cjg)).handoverId);
		}
		const open = [...before, ...offers];
		let answered: string | null = null;
		let arrived: string | null = null;
		const seen: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const response = await call(token, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
			expect(response.status).toBe(200);
			const body = (await response.json()) as { status: string; handovers: { id: string }[]; next_cursor: string | null };
			expect(body.status).toBe('open');
			seen.push(...body.handovers.map((h) => h.id));
			if (++pages === 1) {
				// meanwhile: a new offer (latest deadline, so after the cursor) and an answer to one not read yet
				clock.advance(60_000);
				arrived = (await offer(cjg)).handoverId;
				answered = offers[5];
				await answerHandover(deps(), cjgWorker.actor, answered, { answer: 'accept' });
			}
			cursor = body.next_cursor;
		} while (cursor && pages < 20);
		expect(new Set(seen).size, 'no offer twice').toBe(seen.length);
		for (const id of open.filter((h) => h !== answered))
			expect(
				seen.filter((s) => s === id),
				'every offer that stayed open'
			).toHaveLength(1);
		expect(seen).not.toContain(answered);
		expect(seen.at(-1)).toBe(arrived);
		const rows = await db()<{ details: { ids: string[] } }[]>`
			select details from audit_log where action = 'handovers.listed' and actor_token_id is not null and details->>'cursor' = 'ja' order by id`;
		expect(rows.length).toBe(pages - 1); // every page audited; the first without a cursor
	});

	it('searches by reference and filters on spoed; completed ones newest first', async () => {
		const urgent = await offer(cjg, { urgent: true });
		const reference = await referenceOf(urgent.caseId);
		const ids = async (query: string) => ((await (await call(token, query)).json()).handovers as { id: string }[]).map((h) => h.id);
		expect(await ids(`?reference=${reference.slice(-6)}`)).toEqual([urgent.handoverId]);
		expect(await ids('?urgent=true&limit=100')).toContain(urgent.handoverId);
		expect(await ids('?urgent=false&limit=100')).not.toContain(urgent.handoverId);

		const done = [];
		for (let i = 0; i < 3; i++) {
			const { handoverId } = await offer(cjg);
			await answerHandover(deps(), cjgWorker.actor, handoverId, { answer: 'accept' });
			clock.advance(3_600_000);
			await db()`update handovers set status = 'completed', completed_at = ${clock.now()} where id = ${handoverId}`;
			done.push(handoverId);
		}
		const first = await (await call(token, '?status=completed&limit=2')).json();
		expect(first.handovers.map((h: { id: string }) => h.id)).toEqual([done[2], done[1]]);
		const second = await (await call(token, `?status=completed&limit=2&cursor=${first.next_cursor}`)).json();
		expect(second).toMatchObject({ status: 'completed', next_cursor: null });
		expect(second.handovers.map((h: { id: string }) => h.id)).toEqual([done[0]]);
	});

	it('never widens what the token’s organisation sees: another organisation’s reference or cursor finds nothing of theirs', async () => {
		const theirs = await offer(wijkteam);
		const reference = await referenceOf(theirs.caseId);
		expect((await (await call(token, `?reference=${reference}`)).json()).handovers).toEqual([]);
		const cjgPage = await (await call(token, '?limit=1')).json();
		const withTheirCursor = await (await call(wijkteamToken, `?limit=100&cursor=${cjgPage.next_cursor}`)).json();
		const visible = withTheirCursor.handovers.map((h: { id: string }) => h.id);
		const [{ n }] = await db()<
			{ n: number }[]
		>`select count(*)::int as n from handovers where id = any(${visible}::uuid[]) and to_org_id <> ${wijkteam.id}`;
		expect(n).toBe(0);
	});

	it('answers a bad cursor, limit or parameter with a precise 400', async () => {
		const open = await (await call(token, '?limit=1')).json();
		const cases: [string, string, RegExp][] = [
			['?cursor=niet-van-ons!', 'cursor', /ongeldig/],
			[`?cursor=${Buffer.from('["overdrachten:open","gisteren","x"]').toString('base64url')}`, 'cursor', /ongeldig/],
			[`?status=completed&cursor=${open.next_cursor}`, 'cursor', /andere lijst of een andere status/],
			['?limit=0', 'limit', /1 tot en met 100/],
			['?limit=veel', 'limit', /1 tot en met 100/],
			['?reference=ab', 'reference', /ten minste 3 tekens/],
			['?urgent=ja', 'urgent', /true of false/],
			['?pagina=2', 'pagina', /Onbekend veld/]
		];
		for (const [query, field, message] of cases) {
			const response = await call(token, query);
			expect(response.status, query).toBe(400);
			const body = await response.json();
			expect(body.error.code, query).toBe('invalid_input');
			expect(body.error.fields?.[field], query).toMatch(message);
		}
	});
});

describe('the partner inbox', () => {
	let accepted: string, open: string, completed: string[];

	beforeAll(async () => {
		const offer = async (overrides: Record<string, unknown> = {}) =>
			offerHandover(deps(), vtWorker.actor, await createCase(deps(), vtWorker.actor, completeCase(overrides)), {
				toOrgId: cjg.id,
				message: 'Graag warme overdracht.'
			});
		open = await offer({ municipalityId: 'GM0375', urgent: true });
		accepted = await offer({ municipalityId: 'GM0375' });
		await answerHandover(deps(), cjgColleague.actor, accepted, { answer: 'accept' });
		completed = [];
		for (let i = 0; i < 3; i++) {
			const id = await offer({ municipalityId: 'GM0375' });
			await answerHandover(deps(), cjgColleague.actor, id, { answer: 'accept' });
			clock.advance(60_000);
			await db()`update handovers set status = 'completed', completed_at = ${clock.now()} where id = ${id}`;
			completed.push(id);
		}
	});

	const inbox = async (q: string, who: Person = cjgWorker) => {
		const { query, filter } = parseListQuery(inboxQuerySchema, new URLSearchParams(q));
		return { sections: await listInbox(db(), who.actor, query, filter), filter };
	};

	it('shows each stand as its own paged list with its total, filtered', async () => {
		const { sections } = await inbox('gemeente=GM0375');
		expect(sections.open?.rows.map((h) => h.id)).toEqual([open]);
		expect(sections.accepted?.rows.map((h) => h.id)).toEqual([accepted]);
		expect(sections.completed?.rows.map((h) => h.id)).toEqual([...completed].reverse());
		expect(sections.completed?.total).toEqual({ count: 3, more: false });

		const only = await inbox('gemeente=GM0375&status=overgedragen&spoed=ja');
		expect(Object.keys(only.sections)).toEqual(['completed']);
		expect(only.sections.completed?.rows).toEqual([]);
		expect((await inbox('gemeente=GM0375&spoed=ja')).sections.open?.rows.map((h) => h.id)).toEqual([open]);
		// own items: the ones this medewerker answered (a colleague answered these)
		expect((await inbox('gemeente=GM0375&mijn=ja', cjgColleague)).sections.completed?.total.count).toBe(3);
		expect((await inbox('gemeente=GM0375&mijn=ja')).sections.accepted?.rows).toEqual([]);
	});

	it('pages a section on its own cursor and keeps the others at their first page', async () => {
		const first = await handoverInbox(db(), cjg.id, 'completed', { municipalityId: 'GM0375' }, { limit: 2 });
		const { sections } = await inbox(`gemeente=GM0375&na-overgedragen=${first.next}`);
		expect(sections.completed?.rows.map((h) => h.id)).toEqual([completed[0]]);
		expect(sections.open?.rows.map((h) => h.id)).toEqual([open]);
		const stale = await inbox(`gemeente=GM0375&na-open=${first.next}`);
		expect(stale.filter.errors).toEqual({ 'na-open': STALE_PAGE });
		expect(stale.sections.open?.rows.map((h) => h.id)).toEqual([open]);
	});

	it('never shows what another organisation was offered; audits every handover shown', async () => {
		const { sections } = await inbox('gemeente=GM0375', wijkteamWorker);
		expect(Object.values(sections).flatMap((s) => s?.rows ?? [])).toEqual([]);
		await inbox('gemeente=GM0375');
		const [row] = await db()<{ details: { ids: string[]; filter: string } }[]>`
			select details from audit_log where action = 'handovers.listed' and actor_user_id = ${cjgWorker.user.id} order by id desc limit 1`;
		expect([...row.details.ids].sort()).toEqual([open, accepted, ...completed].sort());
		expect(row.details.filter).toBe('gemeente=GM0375');
	});
});
