import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import type { Actor } from '../../src/lib/server/actor.ts';
import type { OrganisationKind, Role } from '../../src/lib/server/auth/roles.ts';
import { ConflictError, ForbiddenError, InputError } from '../../src/lib/server/errors.ts';
import { MUNICIPALITIES, SUBREGIONS } from '../../src/lib/region.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { caseInputSchema } from '../../src/lib/server/cases/schema.ts';
import { caseAccess } from '../../src/lib/server/cases/access.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { tableAccess } from '../../src/lib/server/tables/access.ts';
import { createTableSchema, decisionSchema } from '../../src/lib/server/tables/schema.ts';
import {
	addAgendaItem,
	closeTable,
	createTable,
	decideItem,
	openTable,
	proposePartner,
	removeAgendaItem,
	setCurrentItem,
	tablesFor,
	viewTable
} from '../../src/lib/server/tables/service.ts';
import { createOrganisation, createUser } from '../support/fixtures.ts';

const clock = new ManualClock('2026-11-23T09:00:00+01:00'); // a Monday
const deps = () => ({ sql: db(), clock });

interface Org {
	id: string;
	name: string;
	kind: OrganisationKind;
}

async function org(kind: OrganisationKind): Promise<Org> {
	return { ...(await createOrganisation(db(), kind)), kind };
}

async function person(organisation: Org, role: Role): Promise<Actor> {
	const user = await createUser(db(), [{ organisationId: organisation.id, role }]);
	return {
		userId: user.id,
		tokenId: null,
		name: user.name,
		organisationId: organisation.id,
		organisationName: organisation.name,
		organisationKind: organisation.kind,
		roles: [role],
		ip: '127.0.0.1',
		userAgent: 'vitest'
	};
}

let vt: Org, cjg: Org, wijkteam: Org, ggd: Org, gemeente: Org;
let coordinator: Actor, medewerker: Actor, cjgWorker: Actor, wijkteamWorker: Actor, ggdWorker: Actor, gemeenteUser: Actor;

async function newCase(municipalityId = 'GM0392', urgent = false): Promise<string> {
	const input = caseInputSchema.parse({
		municipalityId,
		reportDate: '2026-11-19',
		urgent,
		childrenInvolved: true,
		summary: 'Zorgen over de veiligheid van de kinderen na een melding van school.',
		safetyAgreements: 'Ouders zorgen dat er geen ruzie is waar de kinderen bij zijn.',
		monitoringBy: 'VT-medewerker, wekelijks telefonisch',
		persons: [
			{ role: 'kind', label: 'Kind 1 (8 jaar)', spokenTo: true, spokenOn: '2026-11-20' },
			{ role: 'ouder', label: 'Moeder', spokenTo: true, spokenOn: '2026-11-20' }
		]
	});
	return createCase(deps(), medewerker, input);
}

/** A tafel for Zuid-Kennemerland tomorrow with CJG and the wijkteam taking part. */
async function newTable(participants: Org[] = [cjg, wijkteam]): Promise<string> {
	return createTable(
		deps(),
		coordinator,
		createTableSchema.parse({
			subregionId: 'zuid-kennemerland',
			date: '2026-11-24',
			time: '10:00',
			participantIds: participants.map((p) => p.id)
		})
	);
}

async function expectError(
	promise: Promise<unknown>,
	type: typeof ForbiddenError | typeof InputError | typeof ConflictError,
	message?: RegExp
) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(type);
	if (message) expect((error as Error).message).toMatch(message);
	return error as Error;
}

async function tableEvents(tableId: string) {
	return db()<{ type: string; streams: string[]; payload: Record<string, unknown> }[]>`
		select type, streams, payload from events where streams @> ${[`table:${tableId}`]}::text[] order by id`;
}

async function auditActions(tableId: string): Promise<string[]> {
	const rows = await db()<
		{ action: string }[]
	>`select action from audit_log where record_type = 'table' and record_id = ${tableId} order by id`;
	return rows.map((r) => r.action);
}

beforeAll(async () => {
	for (const s of SUBREGIONS) await db()`insert into subregions (id, name) values (${s.id}, ${s.name}) on conflict do nothing`;
	for (const m of MUNICIPALITIES) {
		await db()`insert into municipalities (id, name, subregion_id) values (${m.id}, ${m.name}, ${m.subregionId}) on conflict do nothing`;
	}
	[vt, cjg, wijkteam, ggd, gemeente] = await Promise.all([org('vt'), org('cjg'), org('wijkteam'), org('ggd'), org('gemeente')]);
	[coordinator, medewerker, cjgWorker, wijkteamWorker, ggdWorker, gemeenteUser] = await Promise.all([
		person(vt, 'coordinator'),
		person(vt, 'medewerker'),
		person(cjg, 'medewerker'),
		person(wijkteam, 'coordinator'),
		person(ggd, 'medewerker'),
		person(gemeente, 'gemeente')
	]);
});

afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('scheduling a tafel', () => {
	it('lets only a VT teamcoördinator plan a tafel, in the future, with partner organisations', async () => {
		const input = createTableSchema.parse({
			subregionId: 'zuid-kennemerland',
			date: '2026-11-24',
			time: '10:00',
			participantIds: [cjg.id]
		});
		await expectError(createTable(deps(), medewerker, input), ForbiddenError, /teamcoördinator/);
		await expectError(createTable(deps(), cjgWorker, input), ForbiddenError);
		await expectError(createTable(deps(), gemeenteUser, input), ForbiddenError);
		const past = await expectError(createTable(deps(), coordinator, { ...input, date: '2026-11-20' }), InputError);
		expect((past as InputError).fields.date).toBeTruthy();
		const wrong = await expectError(createTable(deps(), coordinator, { ...input, participantIds: [gemeente.id] }), InputError);
		expect((wrong as InputError).fields.participantIds).toBeTruthy();

		const tableId = await createTable(deps(), coordinator, input);
		const [row] = await db()<
			{ status: string; scheduledAt: Date; chairId: string }[]
		>`select status::text as status, scheduled_at, chair_id from handover_tables where id = ${tableId}`;
		expect(row.status).toBe('scheduled');
		expect(row.scheduledAt.toISOString()).toBe('2026-11-24T09:00:00.000Z'); // 10:00 in Amsterdam (winter time)
		expect(row.chairId).toBe(coordinator.userId);
		const events = await tableEvents(tableId);
		expect(events.map((e) => e.type)).toEqual(['table.created']);
		expect(events[0].streams).toEqual(expect.arrayContaining([`table:${tableId}`, `org:${cjg.id}`]));
		expect(await auditActions(tableId)).toEqual(['table.created']);
	});

	it('validates the form in Dutch', () => {
		const result = createTableSchema.safeParse({ subregionId: 'elders', date: '2026-02-30', time: '25:00', participantIds: [] });
		expect(result.success).toBe(false);
		const paths = result.error!.issues.map((i) => i.path.join('.'));
		expect(paths).toEqual(expect.arrayContaining(['subregionId', 'date', 'time', 'participantIds']));
		expect(result.error!.issues.find((i) => i.path[0] === 'participantIds')!.message).toBe('Kies minstens één deelnemende organisatie.');
	});

	it('never shows a tafel to gemeente users or non-participating partners', async () => {
		const tableId = await newTable();
		expect(await tableAccess(db(), gemeenteUser, tableId)).toBeNull();
		expect(await tableAccess(db(), ggdWorker, tableId)).toBeNull();
		expect(await tableAccess(db(), cjgWorker, tableId)).toBe('participant');
		await expectError(tablesFor(deps(), gemeenteUser), ForbiddenError);
		await expectError(viewTable(deps(), ggdWorker, tableId), ForbiddenError);
		expect((await tablesFor(deps(), ggdWorker)).map((t) => t.id)).not.toContain(tableId);
		expect((await tablesFor(deps(), cjgWorker)).map((t) => t.id)).toContain(tableId);
		expect((await tablesFor(deps(), medewerker)).map((t) => t.id)).toContain(tableId);
	});
});

describe('the agenda', () => {
	it('takes VT cases of the subregion that are on no other open tafel and have no live handover', async () => {
		const tableId = await newTable();
		const other = await newTable();
		const caseId = await newCase();
		await expectError(addAgendaItem(deps(), cjgWorker, tableId, caseId), ForbiddenError);
		const itemId = await addAgendaItem(deps(), medewerker, tableId, caseId);
		await expectError(addAgendaItem(deps(), medewerker, tableId, caseId), ConflictError, /al op de agenda van deze tafel/);
		await expectError(addAgendaItem(deps(), coordinator, other, caseId), ConflictError, /al op de agenda van de tafel Zuid-Kennemerland/);

		const velsen = await newCase('GM0453');
		const outside = await expectError(addAgendaItem(deps(), medewerker, tableId, velsen), InputError, /Velsen, buiten Zuid-Kennemerland/);
		expect((outside as InputError).fields.caseId).toBeTruthy();

		const offered = await newCase();
		await offerHandover(deps(), medewerker, offered, { toOrgId: cjg.id, message: 'Graag overnemen.' });
		await expectError(addAgendaItem(deps(), medewerker, tableId, offered), ConflictError, /al aangeboden aan/);

		await expectError(removeAgendaItem(deps(), cjgWorker, tableId, itemId), ForbiddenError);
		await removeAgendaItem(deps(), medewerker, tableId, itemId);
		expect(await addAgendaItem(deps(), coordinator, other, caseId)).toBeTruthy(); // free again
		expect(await auditActions(tableId)).toEqual(['table.created', 'table.updated', 'table.updated']);
		const types = (await tableEvents(tableId)).map((e) => e.type);
		expect(types).toEqual(['table.created', 'table.item_added', 'table.item_removed']);
	});
});

describe('running a tafel', () => {
	it('shows the cases to participants while open, records proposals and outcomes, and is read-only once closed', async () => {
		const tableId = await newTable();
		const first = await newCase('GM0392', true);
		const second = await newCase('GM0397');
		const third = await newCase('GM0473');
		const firstItem = await addAgendaItem(deps(), medewerker, tableId, first);
		const secondItem = await addAgendaItem(deps(), medewerker, tableId, second);
		const thirdItem = await addAgendaItem(deps(), medewerker, tableId, third);

		// a participant sees the agenda's cases while the tafel is not closed; others never
		expect(await caseAccess(db(), cjgWorker, first)).toBe('partner');
		expect(await caseAccess(db(), ggdWorker, first)).toBeNull();
		expect(await caseAccess(db(), gemeenteUser, first)).toBeNull();
		const seen = await viewTable(deps(), cjgWorker, tableId);
		expect(seen.table.items[0].case?.summary).toContain('Zorgen over de veiligheid');
		expect(Object.keys(seen.table.items[0].case!).sort()).toEqual(
			[
				'childrenInvolved',
				'elderlyInvolved',
				'monitoringBy',
				'municipalityName',
				'reference',
				'safetyAgreements',
				'summary',
				'urgent'
			].sort()
		);
		expect(seen.rights).toMatchObject({ access: 'participant', chair: false, agenda: false, propose: false });

		// only the chair (or a VT coordinator) runs it; proposals wait until it is open
		await expectError(openTable(deps(), medewerker, tableId), ForbiddenError);
		await expectError(
			proposePartner(deps(), cjgWorker, tableId, { itemId: firstItem, partnerId: cjg.id, note: '' }),
			ConflictError,
			/nog niet geopend/
		);
		await openTable(deps(), coordinator, tableId);
		await expectError(openTable(deps(), coordinator, tableId), ConflictError, /al geopend/);
		expect((await viewTable(deps(), cjgWorker, tableId)).table.currentItemId).toBe(firstItem);

		await proposePartner(deps(), cjgWorker, tableId, { itemId: firstItem, partnerId: cjg.id, note: 'Wij kennen het gezin al.' });
		clock.advance(60_000);
		await proposePartner(deps(), wijkteamWorker, tableId, { itemId: firstItem, partnerId: wijkteam.id, note: '' });
		await expectError(proposePartner(deps(), ggdWorker, tableId, { itemId: firstItem, partnerId: ggd.id, note: '' }), ForbiddenError);
		await expectError(
			proposePartner(deps(), cjgWorker, tableId, { itemId: secondItem, partnerId: cjg.id, note: '' }),
			ConflictError,
			/niet meer in bespreking/
		);
		const proposals = (await viewTable(deps(), medewerker, tableId)).table.items[0].proposals;
		expect(proposals.map((p) => [p.partnerName, p.proposerOrgName])).toEqual([
			[cjg.name, cjg.name],
			[wijkteam.name, wijkteam.name]
		]);

		// decide 'offer': a handover linked to the item, then the normal flow
		await expectError(
			decideItem(deps(), cjgWorker, tableId, { outcome: 'offer', itemId: firstItem, partnerId: cjg.id, message: '' }),
			ForbiddenError
		);
		const { handoverId } = await decideItem(deps(), coordinator, tableId, {
			outcome: 'offer',
			itemId: firstItem,
			partnerId: cjg.id,
			message: ''
		});
		const [handover] = await db()<{ tableItemId: string; toOrgId: string; status: string; message: string }[]>`
			select table_item_id, to_org_id, status::text as status, message from handovers where id = ${handoverId}`;
		expect(handover).toMatchObject({ tableItemId: firstItem, toOrgId: cjg.id, status: 'open' });
		expect(handover.message).toContain('overdrachtstafel Zuid-Kennemerland');
		await expectError(
			decideItem(deps(), coordinator, tableId, { outcome: 'back_to_vt', itemId: firstItem, note: 'Toch niet.' }),
			ConflictError,
			/al besloten/
		);
		const accepted = await answerHandover(deps(), cjgWorker, handoverId!, { answer: 'accept' });
		expect(accepted.status).toBe('accepted');

		// 'back_to_vt' needs a note
		const noNote = decisionSchema.safeParse({ outcome: 'back_to_vt', itemId: secondItem, note: '  ' });
		expect(noNote.success).toBe(false);
		expect(noNote.error!.issues[0]).toMatchObject({ path: ['note'], message: 'Licht toe waarom de zaak terug naar Veilig Thuis gaat.' });
		await setCurrentItem(deps(), coordinator, tableId, secondItem);
		await decideItem(
			deps(),
			coordinator,
			tableId,
			decisionSchema.parse({ outcome: 'back_to_vt', itemId: secondItem, note: 'Eerst nog een gesprek met vader.' })
		);
		const decided = (await viewTable(deps(), medewerker, tableId)).table.items;
		expect(decided.map((i) => i.outcome)).toEqual(['offer', 'back_to_vt', null]);
		expect(decided[0]).toMatchObject({ outcomePartnerName: cjg.name, handoverId, handoverStatus: 'accepted' });
		expect(decided[1].outcomeNote).toBe('Eerst nog een gesprek met vader.');

		// closing: read-only, and partners keep only what was handed to them
		await closeTable(deps(), coordinator, tableId);
		await expectError(addAgendaItem(deps(), medewerker, tableId, await newCase()), ConflictError, /gesloten/);
		await expectError(setCurrentItem(deps(), coordinator, tableId, thirdItem), ConflictError, /gesloten/);
		await expectError(proposePartner(deps(), cjgWorker, tableId, { itemId: thirdItem, partnerId: cjg.id, note: '' }), ConflictError);
		await expectError(
			decideItem(deps(), coordinator, tableId, { outcome: 'back_to_vt', itemId: thirdItem, note: 'x' }),
			ConflictError,
			/gesloten/
		);
		await expectError(removeAgendaItem(deps(), medewerker, tableId, thirdItem), ConflictError, /gesloten/);
		await expectError(openTable(deps(), coordinator, tableId), ConflictError, /gesloten/);
		await expectError(closeTable(deps(), coordinator, tableId), ConflictError, /al gesloten/);
		expect(await caseAccess(db(), cjgWorker, first)).toBe('partner'); // accepted handover
		expect(await caseAccess(db(), cjgWorker, second)).toBeNull();
		expect(await caseAccess(db(), wijkteamWorker, first)).toBeNull();
		const after = await viewTable(deps(), wijkteamWorker, tableId);
		expect(after.table.items.map((i) => i.case)).toEqual([null, null, null]);
		expect(after.table.items.map((i) => i.outcome)).toEqual(['offer', 'back_to_vt', null]);
		expect(after.rights).toMatchObject({ chair: false, agenda: false, propose: false });
		expect((await viewTable(deps(), coordinator, tableId)).rights).toMatchObject({ chair: false, agenda: false, propose: false });

		// events in the tafel's stream, case events also in the case's; never family data
		const events = await tableEvents(tableId);
		expect(events.map((e) => e.type)).toEqual([
			'table.created',
			'table.item_added',
			'table.item_added',
			'table.item_added',
			'table.opened',
			'table.proposed',
			'table.proposed',
			'table.item_decided',
			'table.current_item',
			'table.item_decided',
			'table.closed'
		]);
		const decidedEvent = events.find((e) => e.type === 'table.item_decided')!;
		expect(decidedEvent.streams).toEqual(expect.arrayContaining([`table:${tableId}`, `case:${first}`]));
		expect(decidedEvent.payload).toMatchObject({ outcome: 'offer', partnerName: cjg.name, handoverId, actor: coordinator.name });
		const text = JSON.stringify(events.map((e) => e.payload));
		expect(text).not.toMatch(/Zorgen over|ruzie|vader|kennen het gezin|Kind 1|Moeder/);

		const actions = await auditActions(tableId);
		expect(actions).toEqual(
			expect.arrayContaining(['table.created', 'table.updated', 'table.opened', 'table.item_decided', 'table.closed', 'table.viewed'])
		);
		expect(actions.filter((a) => a === 'table.item_decided')).toHaveLength(2);
	});

	it('lets one of two simultaneous decisions on an item win', async () => {
		const tableId = await newTable();
		const caseId = await newCase();
		const itemId = await addAgendaItem(deps(), medewerker, tableId, caseId);
		await openTable(deps(), coordinator, tableId);
		const secondChair = await person(vt, 'coordinator');
		const results = await Promise.allSettled([
			decideItem(deps(), coordinator, tableId, { outcome: 'offer', itemId, partnerId: cjg.id, message: '' }),
			decideItem(deps(), secondChair, tableId, { outcome: 'offer', itemId, partnerId: wijkteam.id, message: '' }),
			decideItem(deps(), secondChair, tableId, { outcome: 'back_to_vt', itemId, note: 'Terug.' })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
		const [{ count }] = await db()<{ count: number }[]>`select count(*)::int as count from handovers where case_id = ${caseId}`;
		const [item] = await db()<{ outcome: string }[]>`select outcome from table_items where id = ${itemId}`;
		expect(count).toBe(item.outcome === 'offer' ? 1 : 0);
	});

	it('refuses an offer while the assessment is incomplete and leaves the item undecided', async () => {
		const tableId = await newTable();
		const caseId = await newCase();
		await db()`update cases set safety_agreements = '' where id = ${caseId}`;
		const itemId = await addAgendaItem(deps(), medewerker, tableId, caseId);
		await openTable(deps(), coordinator, tableId);
		await expectError(
			decideItem(deps(), coordinator, tableId, { outcome: 'offer', itemId, partnerId: cjg.id, message: '' }),
			InputError,
			/niet compleet/
		);
		const [item] = await db()<{ outcome: string | null }[]>`select outcome from table_items where id = ${itemId}`;
		expect(item.outcome).toBeNull();
		expect((await tableEvents(tableId)).map((e) => e.type)).not.toContain('table.item_decided');
	});

	it('audits every view of a tafel', async () => {
		const tableId = await newTable();
		await viewTable(deps(), cjgWorker, tableId);
		await viewTable(deps(), medewerker, tableId, 'summary');
		const rows = await db()<{ action: string; actorOrgId: string; details: Record<string, unknown> }[]>`
			select action, actor_org_id, details from audit_log where record_id = ${tableId} and action = 'table.viewed' order by id`;
		expect(rows.map((r) => r.actorOrgId)).toEqual([cjg.id, vt.id]);
		expect(rows[1].details.view).toBe('summary');
	});
});
