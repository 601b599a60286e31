import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime, registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import { caseTimeline } from '../../src/lib/server/cases/timeline.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { addAgendaItem, createTable, decideItem, openTable, proposePartner } from '../../src/lib/server/tables/service.ts';
import { createTableSchema } from '../../src/lib/server/tables/schema.ts';
import { recordCheckin } from '../../src/lib/server/checkins/service.ts';
import { openTrajectory } from '../../src/lib/server/trajectories/service.ts';
import { lastEventId } from '../../src/lib/server/events/log.ts';
import { rooms } from '../../src/lib/realtime/events.ts';
import {
	completeCase,
	connectLive,
	domainEvents,
	ensureRegion,
	eventArrives,
	organisation,
	person,
	replay,
	settle,
	startInstance,
	stopAll,
	watchCase,
	type Instance,
	type LiveClient,
	type Org,
	type Person
} from '../support/it-cases.ts';
import { within } from '../support/it-helpers.ts';

// Three organisations (VT, a CJG and a consortium) and a tafel where both partners take part. The
// case goes over the tafel to the CJG, which declines; VT then offers it to the consortium, which
// accepts; VT edits the case, records a safety check-in and opens a V&V-traject. Everyone watches
// the case and the tafel throughout, on two portal instances.

const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // a Monday
const deps = () => ({ sql: db(), clock });

interface Stored {
	id: number;
	type: string;
	streams: string[];
	payload: Record<string, string | number | boolean | null>;
}

let a: Instance, b: Instance;
let vt: Org, cjg: Org, consortium: Org, gemeente: Org;
let vtCoordinator: Person, vtWorker: Person, cjgWorker: Person, consortiumWorker: Person, gemeenteUser: Person;
let caseId: string, tableId: string;
/** The newest event id before the tafel and the case existed, and before the sockets connected. */
let beforeTable: number, beforeLive: number;
const live = new Map<string, LiveClient>();

/**
 * What each side should see, written out per organisation (independent of visibility.ts): VT sees
 * everything; a partner sees the tafel's events and the steps of its own handover, trajectory and
 * wait, and nothing of VT's own work or of another partner's handover.
 */
const SHOULD_SEE: Record<string, (e: Stored) => boolean> = {
	vt: () => true,
	cjg: (e) =>
		e.type.startsWith('table.') || (/^(handover|warm_handover|trajectory|waiting)\./.test(e.type) && e.payload.toOrgId === cjg.id),
	consortium: (e) =>
		e.type.startsWith('table.') || (/^(handover|warm_handover|trajectory|waiting)\./.test(e.type) && e.payload.toOrgId === consortium.id),
	gemeente: () => false
};

/** The streams a socket of each side follows here: its organisation, its user, the case and the tafel. */
function followed(side: string, who: Person, org: Org): string[] {
	return side === 'gemeente'
		? [rooms.organisation(org.id), rooms.user(who.user.id)]
		: [rooms.case(caseId), rooms.table(tableId), rooms.organisation(org.id), rooms.user(who.user.id)];
}

async function logSince(afterId: number): Promise<Stored[]> {
	const rows = await db()<{ id: string; type: string; streams: string[]; payload: Stored['payload'] }[]>`
		select id, type, streams, payload from events where id > ${afterId} order by id`;
	return rows.map((r) => ({ id: Number(r.id), type: r.type, streams: r.streams, payload: r.payload }));
}

function sides(): [string, Person, Org][] {
	return [
		['vt', vtWorker, vt],
		['cjg', cjgWorker, cjg],
		['consortium', consortiumWorker, consortium],
		['gemeente', gemeenteUser, gemeente]
	];
}

/** Connects a side's socket and follows what it may: the case and the tafel (refused for a gemeente). */
async function follow(instance: Instance, side: string, who: Person): Promise<LiveClient> {
	const client = await connectLive(instance, who.token);
	const allowed = side !== 'gemeente';
	expect(await watchCase(client, caseId)).toBe(allowed);
	const present = await within(client.socket.emitWithAck('table:join', tableId), 'table:join ack');
	expect(present !== null).toBe(allowed);
	return client;
}

const label = (events: { id: number; type: string; payload: Stored['payload'] }[]) =>
	events.map(
		(e) =>
			`${e.id} ${e.type}${typeof e.payload.toOrgId === 'string' ? ` → ${e.payload.toOrgId === cjg.id ? 'cjg' : e.payload.toOrgId === consortium.id ? 'consortium' : e.payload.toOrgId}` : ''}`
	);

beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, consortium, gemeente] = await Promise.all([
		organisation('vt'),
		organisation('cjg'),
		organisation('consortium'),
		organisation('gemeente')
	]);
	[vtCoordinator, vtWorker, cjgWorker, consortiumWorker, gemeenteUser] = await Promise.all([
		person(vt, 'coordinator', clock),
		person(vt, 'medewerker', clock),
		person(cjg, 'medewerker', clock),
		person(consortium, 'medewerker', clock),
		person(gemeente, 'gemeente', clock)
	]);
	a = await startInstance(clock);
	b = await startInstance(clock);
	registerRealtime(a.realtime.io); // the services publish through A; half of the sockets live on B

	beforeTable = await lastEventId(db());
	tableId = await createTable(
		deps(),
		vtCoordinator.actor,
		createTableSchema.parse({
			subregionId: 'zuid-kennemerland',
			date: '2026-11-24',
			time: '10:00',
			participantIds: [cjg.id, consortium.id]
		})
	);
	caseId = await createCase(deps(), vtWorker.actor, completeCase());
	await addAgendaItem(deps(), vtWorker.actor, tableId, caseId);

	beforeLive = await lastEventId(db());
	const instanceOf: Record<string, Instance> = { vt: a, cjg: b, consortium: a, gemeente: b };
	for (const [side, who] of sides()) live.set(side, await follow(instanceOf[side], side, who));

	// the tafel runs: the CJG proposes itself, the chair offers the case to the CJG, which declines
	await openTable(deps(), vtCoordinator.actor, tableId);
	const [{ itemId }] = await db()<{ itemId: string }[]>`select id as item_id from table_items where table_id = ${tableId}`;
	await proposePartner(deps(), cjgWorker.actor, tableId, { itemId, partnerId: cjg.id, note: 'Wij kennen het gezin.' });
	const { handoverId: toCjg } = await decideItem(deps(), vtCoordinator.actor, tableId, {
		outcome: 'offer',
		itemId,
		partnerId: cjg.id,
		message: ''
	});
	await answerHandover(deps(), cjgWorker.actor, toCjg!, { answer: 'decline', reason: 'geen_capaciteit', note: 'Wachtlijst vol.' });
	// VT offers it to the consortium, which accepts (the family now waits; a check-in is planned)
	const toConsortium = await offerHandover(deps(), vtWorker.actor, caseId, {
		toOrgId: consortium.id,
		message: 'Graag IHUB.',
		careTypeId: 'ihub'
	});
	await answerHandover(deps(), consortiumWorker.actor, toConsortium, { answer: 'accept' });
	// VT's own work: an edit of the case and a safety check-in; then the V&V-traject with the consortium
	const c = (await readCase(db(), caseId))!;
	await updateCase(deps(), vtWorker.actor, caseId, completeCase({ version: c.version, summary: 'Aanvulling na het tafelgesprek.' }));
	const [{ checkinId }] = await db()<{ checkinId: string }[]>`select id as checkin_id from safety_checkins where case_id = ${caseId}`;
	await recordCheckin(deps(), vtWorker.actor, checkinId, {
		outcome: 'veilig',
		contactedOn: '2026-11-23',
		contactWith: 'Moeder, telefonisch',
		note: ''
	});
	await openTrajectory(deps(), vtWorker.actor, caseId, { partnerOrgId: consortium.id, vtResponsibleId: vtWorker.user.id });
	await eventArrives(live.get('vt')!, (e) => e.type === 'trajectory.opened' && e.payload.caseId === caseId, 'the last step at VT');
});

afterAll(async () => {
	await stopAll();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('who sees which event, on three organisations and a tafel', () => {
	it('has the steps a partner must not see in the streams it follows (so the checks below can fail)', async () => {
		const onCase = (await logSince(beforeTable)).filter((e) => e.streams.includes(rooms.case(caseId)));
		const types = onCase.map(
			(e) => `${e.type}${e.payload.toOrgId === consortium.id ? ' (consortium)' : e.payload.toOrgId === cjg.id ? ' (cjg)' : ''}`
		);
		expect(types).toEqual(
			expect.arrayContaining([
				'case.created',
				'handover.offered (cjg)',
				'handover.declined (cjg)',
				'handover.offered (consortium)',
				'handover.accepted (consortium)',
				'waiting.started (consortium)',
				'case.updated',
				'checkin.recorded',
				'trajectory.opened (consortium)',
				'table.proposed',
				'table.item_decided'
			])
		);
	});

	it('sends each socket live exactly the events it may see, on either instance', async () => {
		const log = await logSince(beforeLive);
		for (const [side, who, org] of sides()) {
			const client = live.get(side)!;
			await settle(client, who.user.id);
			const streams = followed(side, who, org);
			const expected = log.filter((e) => e.streams.some((s) => streams.includes(s)) && SHOULD_SEE[side](e));
			const got = domainEvents(client).filter((e) => e.id > beforeLive);
			expect(label(got), `live at ${side}`).toEqual(label(expected));
		}
		// and what that means: the CJG got nothing after its own decline but the tafel's steps
		const cjgGot = domainEvents(live.get('cjg')!).map((e) => e.type);
		expect(cjgGot).toContain('handover.declined');
		expect(cjgGot.filter((t) => !t.startsWith('table.'))).toEqual(['handover.offered', 'handover.declined']);
		const consortiumGot = domainEvents(live.get('consortium')!).map((e) => e.type);
		expect(consortiumGot).not.toContain('checkin.recorded');
		expect(consortiumGot).not.toContain('case.updated');
		expect(consortiumGot).toEqual(
			expect.arrayContaining(['handover.offered', 'handover.accepted', 'waiting.started', 'trajectory.opened'])
		);
	});

	it('replays to a reconnecting socket exactly what it would have been sent live, from before the case existed', async () => {
		const log = await logSince(beforeTable);
		for (const [side, who, org] of sides()) {
			const client = await follow(side === 'cjg' ? a : b, side, who);
			const result = await replay(client, beforeTable);
			const streams = followed(side, who, org);
			const expected = log.filter((e) => e.streams.some((s) => streams.includes(s)) && SHOULD_SEE[side](e));
			expect(label(domainEvents(client)), `replay at ${side}`).toEqual(label(expected));
			expect(result).toEqual({ replayed: expected.length, reload: false });
			if (side !== 'vt') expect(domainEvents(client).map((e) => e.type)).not.toContain('case.created');
		}
	});

	it('shows the same on the case timeline', async () => {
		const onCase = (await logSince(0)).filter((e) => e.streams.includes(rooms.case(caseId)));
		for (const [side, who] of sides()) {
			const timeline = await caseTimeline(db(), who.actor, caseId);
			const expected = onCase.filter(SHOULD_SEE[side]);
			expect(label(timeline), `timeline at ${side}`).toEqual(label(expected));
		}
		expect(await caseTimeline(db(), gemeenteUser.actor, caseId)).toEqual([]);
	});
});
