import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime, registerRealtime } from '../../src/lib/server/realtime/hub.ts';
import { REPLAY_LIMIT } from '../../src/lib/server/realtime/server.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import { answerHandover, confirmWarmHandover, offerHandover, planWarmHandover } from '../../src/lib/server/handovers/service.ts';
import { readHandover } from '../../src/lib/server/handovers/queries.ts';
import { lastEventId } from '../../src/lib/server/events/log.ts';
import { waitFor } from '../support/it-helpers.ts';
import {
	completeCase,
	connectLive,
	disconnect,
	domainEvents,
	ensureRegion,
	eventArrives,
	organisation,
	person,
	namedPool,
	replay,
	settle,
	unique,
	waitingOn,
	startInstance,
	stopAll,
	watchCase,
	type Instance,
	type Org,
	type Person,
	type ReceivedEvent
} from '../support/it-cases.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // a Monday
const deps = () => ({ sql: db(), clock });
const afterTheMoment = () => ({ ...deps(), clock: new ManualClock('2026-11-26T12:00:00+01:00') });
const plan = (plannedAt: string) => ({
	plannedAt,
	form: 'huisbezoek' as const,
	vtAttendees: 'VT-medewerker',
	partnerAttendees: 'CJG-medewerker'
});

let a: Instance, b: Instance;
let vt: Org, otherVt: Org, partner: Org, secondPartner: Org, gemeente: Org;
let vtWorker: Person, vtColleague: Person, otherVtWorker: Person, partnerWorker: Person, secondPartnerWorker: Person, gemeenteUser: Person;

async function newCase(by: Person = vtWorker): Promise<string> {
	return createCase(deps(), by.actor, completeCase());
}

async function offer(caseId: string, to: Org = partner, by: Person = vtWorker): Promise<string> {
	return offerHandover(deps(), by.actor, caseId, { toOrgId: to.id, message: 'Graag een warme overdracht.' });
}

const about = (caseId: string) => (e: ReceivedEvent) => e.payload.caseId === caseId;
const maxId = (events: ReceivedEvent[]) => Math.max(0, ...events.map((e) => e.id));

/** What a page shows of a handover, folded from the events it receives (the client's reducer). */
interface HandoverView {
	status: string;
	plannedAt: string | null;
}
function fold(state: HandoverView, e: ReceivedEvent): HandoverView {
	switch (e.type) {
		case 'handover.offered':
			return { status: 'open', plannedAt: null };
		case 'handover.accepted':
			return { ...state, status: 'accepted' };
		case 'handover.declined':
			return { ...state, status: 'declined' };
		case 'handover.withdrawn':
			return { ...state, status: 'withdrawn' };
		case 'handover.completed':
			return { ...state, status: 'completed' };
		case 'warm_handover.planned':
			return { ...state, plannedAt: String(e.payload.plannedAt) };
		default:
			return state;
	}
}

/** The events a socket in these streams may see after an id, straight from the event log. */
async function logSince(afterId: number, streams: string[]): Promise<{ id: number; type: string }[]> {
	const rows = await db()<
		{ id: string; type: string }[]
	>`select id, type from events where id > ${afterId} and streams && ${streams}::text[] order by id`;
	return rows.map((r) => ({ id: Number(r.id), type: r.type }));
}

beforeAll(async () => {
	await ensureRegion();
	[vt, otherVt, partner, secondPartner, gemeente] = await Promise.all([
		organisation('vt'),
		organisation('vt'),
		organisation('cjg'),
		organisation('wijkteam'),
		organisation('gemeente')
	]);
	[vtWorker, vtColleague, otherVtWorker, partnerWorker, secondPartnerWorker, gemeenteUser] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(otherVt, 'medewerker', clock),
		person(partner, 'medewerker', clock),
		person(secondPartner, 'medewerker', clock),
		person(gemeente, 'gemeente', clock)
	]);
	a = await startInstance(clock);
	b = await startInstance(clock);
});

afterAll(async () => {
	await stopAll();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('live delivery across portal instances', () => {
	it('brings an offer to the partner on the other instance, and the answer back to VT', async () => {
		const partnerOnB = await connectLive(b, partnerWorker.token);
		const bystanderOnB = await connectLive(b, secondPartnerWorker.token);
		const vtOnA = await connectLive(a, vtWorker.token);

		registerRealtime(a.realtime.io); // this process publishes through instance A; the partner is on B
		const caseId = await newCase();
		const handoverId = await offer(caseId);
		const offered = await eventArrives(
			partnerOnB,
			(e) => e.type === 'handover.offered' && e.payload.handoverId === handoverId,
			'handover.offered on B'
		);
		const [stored] = await db()<{ id: string; payload: Record<string, unknown> }[]>`
			select id, payload from events where type = 'handover.offered' and payload->>'handoverId' = ${handoverId}`;
		expect(offered.id).toBe(Number(stored.id));
		expect(offered.payload).toEqual(stored.payload);
		expect(offered.payload).toMatchObject({
			caseId,
			handoverId,
			toOrgId: partner.id,
			toOrgName: partner.name,
			actor: vtWorker.user.name,
			urgent: 'nee'
		});
		expect(Object.keys(offered)).toEqual(expect.arrayContaining(['id', 'type', 'payload', 'at']));
		expect(Object.keys(offered)).not.toContain('streams');

		registerRealtime(b.realtime.io); // now the answer goes out through B; VT is on A
		await answerHandover(deps(), partnerWorker.actor, handoverId, { answer: 'accept' });
		const accepted = await eventArrives(
			vtOnA,
			(e) => e.type === 'handover.accepted' && e.payload.handoverId === handoverId,
			'handover.accepted on A'
		);
		expect(accepted.payload).toMatchObject({ caseId, actor: partnerWorker.user.name, actorOrg: partner.name });
		expect(accepted.id).toBeGreaterThan(offered.id);

		// the partner that was not offered the case got nothing about it
		await settle(bystanderOnB, secondPartnerWorker.user.id);
		expect(domainEvents(bystanderOnB).filter(about(caseId))).toEqual([]);
	});

	it('delivers events published by a process without its own portal (workers) through Redis', async () => {
		const partnerOnB = await connectLive(b, partnerWorker.token);
		const vtOnA = await connectLive(a, vtWorker.token);
		registerRealtime(undefined); // like the workers process: a detached server joined through the Redis adapter
		try {
			const caseId = await newCase();
			const handoverId = await offer(caseId);
			await eventArrives(
				partnerOnB,
				(e) => e.type === 'handover.offered' && e.payload.handoverId === handoverId,
				'offer from a detached publisher on B'
			);
			await eventArrives(
				vtOnA,
				(e) => e.type === 'handover.offered' && e.payload.handoverId === handoverId,
				'offer from a detached publisher on A'
			);
		} finally {
			registerRealtime(a.realtime.io);
		}
	});
});

describe('reconnect and replay', () => {
	it('replays exactly the missed events of the case, in order, and the folded state matches the database', async () => {
		registerRealtime(a.realtime.io);
		const caseId = await newCase();
		const handoverId = await offer(caseId);
		// the page loads its state and the last event id it reflects, then subscribes
		const pageLast = await lastEventId(db());
		let view: HandoverView = { status: (await readHandover(db(), handoverId))!.status, plannedAt: null };
		const first = await connectLive(a, vtWorker.token);
		expect(await watchCase(first, caseId)).toBe(true);
		const c = (await readCase(db(), caseId))!;
		await updateCase(deps(), vtWorker.actor, caseId, completeCase({ version: c.version, summary: 'Aanvulling na gesprek met school.' }));
		const live = await eventArrives(first, (e) => e.type === 'case.updated' && e.payload.caseId === caseId, 'case.updated live');
		for (const e of domainEvents(first).filter((x) => x.id > pageLast)) view = fold(view, e);
		const lastSeen = Math.max(pageLast, maxId(domainEvents(first)));
		expect(lastSeen).toBe(live.id);

		await disconnect(first);
		// while VT is away: the partner accepts and plans, a VT colleague re-plans; elsewhere other work goes on
		registerRealtime(b.realtime.io);
		await answerHandover(deps(), partnerWorker.actor, handoverId, { answer: 'accept' });
		const elsewhere = await newCase(otherVtWorker);
		await planWarmHandover(deps(), partnerWorker.actor, handoverId, plan('2026-11-25T10:00'));
		await offer(elsewhere, secondPartner, otherVtWorker);
		await planWarmHandover(deps(), vtColleague.actor, handoverId, plan('2026-11-25T15:30'));
		const otherPartnersCase = await newCase(otherVtWorker);
		await offer(otherPartnersCase, partner, otherVtWorker);

		const again = await connectLive(a, vtWorker.token);
		expect(await watchCase(again, caseId)).toBe(true);
		const result = await replay(again, lastSeen);
		const got = domainEvents(again);
		expect(result).toEqual({ replayed: got.length, reload: false });
		expect(got.map((e) => e.type)).toEqual(['handover.accepted', 'warm_handover.planned', 'warm_handover.planned']);
		expect(got.every((e) => e.payload.caseId === caseId)).toBe(true);
		const ids = got.map((e) => e.id);
		expect(ids.every((id, i) => id > lastSeen && (i === 0 || id > ids[i - 1]))).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
		// exactly what the log holds for the streams this socket may see
		expect(got.map((e) => ({ id: e.id, type: e.type }))).toEqual(
			await logSince(lastSeen, [`case:${caseId}`, `org:${vt.id}`, `user:${vtWorker.user.id}`])
		);

		for (const e of got) view = fold(view, e);
		const fresh = (await readHandover(db(), handoverId))!;
		expect(view).toEqual({ status: fresh.status, plannedAt: fresh.warm!.plannedAt.toISOString() });
		expect(view).toEqual({ status: 'accepted', plannedAt: '2026-11-25T14:30:00.000Z' });
	});

	it('loses no event across a reconnect when transactions commit out of id order', async () => {
		// The handover is accepted, planned and confirmed by VT; the partner's confirmation will complete it.
		registerRealtime(a.realtime.io);
		const caseId = await newCase();
		const handoverId = await offer(caseId);
		await answerHandover(deps(), partnerWorker.actor, handoverId, { answer: 'accept' });
		await planWarmHandover(deps(), vtWorker.actor, handoverId, plan('2026-11-25T10:00'));
		await confirmWarmHandover(afterTheMoment(), vtWorker.actor, handoverId);

		const client = await connectLive(a, vtWorker.token);
		expect(await watchCase(client, caseId)).toBe(true);
		const start = await lastEventId(db());

		// Someone holds the case row for a moment while the partner confirms: the confirmation appends
		// its first event, then waits for the case row. Meanwhile a colleague registers a new case.
		const confirmName = `kt_confirm_${unique()}`;
		const createName = `kt_create_${unique()}`;
		const [confirmSql, createSql] = await Promise.all([namedPool(confirmName), namedPool(createName)]);
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		let locked!: () => void;
		const isLocked = new Promise<void>((resolve) => (locked = resolve));
		const holder = db().begin(async (tx) => {
			await tx`select id from cases where id = ${caseId} for update`;
			locked();
			await gate;
		});
		try {
			await isLocked;
			const confirming = confirmWarmHandover({ ...afterTheMoment(), sql: confirmSql }, partnerWorker.actor, handoverId);
			await waitFor(
				async () => ['transactionid', 'tuple'].includes((await waitingOn(confirmName)) ?? ''),
				'the confirmation waiting for the case row'
			);
			const creating = createCase({ ...deps(), sql: createSql }, vtColleague.actor, completeCase());
			// either the new case commits at once and reaches the client live (ids then commit out of
			// order), or it waits for the event order lock until the confirmation has committed
			await waitFor(
				async () => domainEvents(client).some((e) => e.id > start) || (await waitingOn(createName)) === 'advisory',
				'the new case committed or queued'
			);
			const lastSeen = Math.max(start, maxId(domainEvents(client)));

			await disconnect(client);
			release();
			await holder;
			expect(await confirming).toEqual({ completed: true });
			await creating;

			const again = await connectLive(a, vtWorker.token);
			expect(await watchCase(again, caseId)).toBe(true);
			await replay(again, lastSeen);
			const seenOverall = new Set([...domainEvents(client), ...domainEvents(again)].map((e) => e.id));
			const shouldHave = await logSince(start, [`case:${caseId}`, `org:${vt.id}`, `user:${vtWorker.user.id}`]);
			expect(shouldHave.map((e) => e.type)).toEqual(
				expect.arrayContaining(['warm_handover.confirmed', 'handover.completed', 'case.created'])
			);
			const missed = shouldHave.filter((e) => !seenOverall.has(e.id));
			expect(missed, 'events the client never received, live or by replay').toEqual([]);
		} finally {
			release();
			await holder.catch(() => undefined);
			await Promise.all([confirmSql.end(), createSql.end()]);
		}
	});

	it('never replays to a partner what it may not see: other cases, or the case after it declined', async () => {
		registerRealtime(a.realtime.io);
		const before = await lastEventId(db());
		const caseId = await newCase();
		const firstOffer = await offer(caseId, partner);
		const partnerClient = await connectLive(b, partnerWorker.token);
		expect(await watchCase(partnerClient, caseId)).toBe(true);
		await answerHandover(deps(), partnerWorker.actor, firstOffer, { answer: 'decline', reason: 'geen_capaciteit', note: '' });
		expect(await watchCase(partnerClient, caseId)).toBe(false);

		// after the decline: VT edits the case and offers it to the second partner, who accepts;
		// another case goes to the second partner only
		const c = (await readCase(db(), caseId))!;
		await updateCase(deps(), vtWorker.actor, caseId, completeCase({ version: c.version, summary: 'Na afwijzing aangevuld.' }));
		const secondOffer = await offer(caseId, secondPartner);
		await answerHandover(deps(), secondPartnerWorker.actor, secondOffer, { answer: 'accept' });
		const notTheirs = await newCase();
		await offer(notTheirs, secondPartner);

		// the first partner reconnects and asks for everything since before the case existed
		await disconnect(partnerClient);
		const partnerAgain = await connectLive(b, partnerWorker.token);
		expect(await watchCase(partnerAgain, caseId)).toBe(false);
		expect(await watchCase(partnerAgain, notTheirs)).toBe(false);
		await replay(partnerAgain, before);
		const got = domainEvents(partnerAgain);
		expect(got.filter(about(notTheirs))).toEqual([]);
		// of the declined case only the steps of its own handover, nothing that happened after it left
		expect(got.filter(about(caseId)).map((e) => e.type)).toEqual(['handover.offered', 'handover.declined']);
		expect(got.filter(about(caseId)).every((e) => e.payload.toOrgId === partner.id)).toBe(true);

		// a gemeente socket gets no case events at all
		const gemeenteClient = await connectLive(a, gemeenteUser.token);
		await replay(gemeenteClient, before);
		expect(domainEvents(gemeenteClient).filter((e) => e.payload.caseId === caseId || e.payload.caseId === notTheirs)).toEqual([]);
	});

	it('does not replay to the next partner which partner was asked before, and how it answered', async () => {
		// caseTimeline shows a partner only the steps of its own handovers; replay must not tell more
		registerRealtime(a.realtime.io);
		const before = await lastEventId(db());
		const caseId = await newCase();
		const firstOffer = await offer(caseId, partner);
		await answerHandover(deps(), partnerWorker.actor, firstOffer, { answer: 'decline', reason: 'geen_capaciteit', note: '' });
		await offer(caseId, secondPartner);

		// the second partner opens the case page and watches it; a client may send any id
		const secondClient = await connectLive(a, secondPartnerWorker.token);
		expect(await watchCase(secondClient, caseId)).toBe(true);
		await replay(secondClient, before);
		const got = domainEvents(secondClient).filter(about(caseId));
		expect(got.map((e) => e.type)).toContain('handover.offered'); // its own offer
		const leaked = got.filter((e) => typeof e.payload.toOrgId === 'string' && e.payload.toOrgId !== secondPartner.id);
		expect(
			leaked.map((e) => `${e.type} (${e.payload.toOrgName})`),
			'steps of another partner’s handover replayed to the second partner'
		).toEqual([]);
	});

	it('tells a client that is more than REPLAY_LIMIT events behind to reload, and replays up to the limit', async () => {
		registerRealtime(a.realtime.io);
		const caseId = await newCase();
		const client = await connectLive(a, vtWorker.token);
		expect(await watchCase(client, caseId)).toBe(true);
		const lastSeen = await lastEventId(db());
		await disconnect(client);

		let version = (await readCase(db(), caseId))!.version;
		const edit = async () => {
			await updateCase(deps(), vtWorker.actor, caseId, completeCase({ version, summary: `Bijgewerkt (${version}).` }));
			version++;
		};
		for (let i = 0; i < REPLAY_LIMIT; i++) await edit();

		// exactly REPLAY_LIMIT behind: everything is replayed
		const atLimit = await connectLive(a, vtWorker.token);
		expect(await watchCase(atLimit, caseId)).toBe(true);
		expect(await replay(atLimit, lastSeen)).toEqual({ replayed: REPLAY_LIMIT, reload: false });
		expect(domainEvents(atLimit)).toHaveLength(REPLAY_LIMIT);
		expect(atLimit.reloads).toBe(0);
		await disconnect(atLimit);

		await edit(); // one more: too far behind
		const behind = await connectLive(a, vtWorker.token);
		expect(await watchCase(behind, caseId)).toBe(true);
		expect(await replay(behind, lastSeen)).toEqual({ replayed: 0, reload: true });
		await waitFor(() => behind.reloads === 1, 'events:reload');
		await settle(behind, vtWorker.user.id);
		expect(domainEvents(behind)).toEqual([]);

		// from a recent id the same client is replayed normally again
		const recent = (await logSince(lastSeen, [`case:${caseId}`])).at(-3)!.id;
		expect(await replay(behind, recent)).toEqual({ replayed: 2, reload: false });
	});
});
