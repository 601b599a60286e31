import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeQueues } from '../../src/lib/server/queues.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ForbiddenError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover, withdrawHandover } from '../../src/lib/server/handovers/service.ts';
import { viewEndedHandoverAsPartner, viewHandoverPageAsPartner } from '../../src/lib/server/handovers/ended-view.ts';
import { latestHandovers } from '../../src/lib/server/handovers/queries.ts';
import { fireFollowup } from '../../src/lib/server/followups/runner.ts';
import { slaFollowup } from '../../src/lib/server/sla/followups.ts';
import type { NotificationItem } from '../../src/lib/realtime/events.ts';
import {
	completeCase,
	connectLive,
	ensureRegion,
	expectError,
	organisation,
	person,
	settle,
	startInstance,
	stopAll,
	type Instance,
	type Org,
	type Person
} from '../support/it-cases.ts';
import { waitFor } from '../support/it-helpers.ts';

// Who is told of each step of a handover (handovers/notices.ts): the medewerker who offered it
// waits for the answer; the receiving organisation hears of a new offer and of a missed deadline.
const clock = new ManualClock('2030-06-03T10:00:00+02:00'); // a Monday, far from other files' dates
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let instance: Instance;
let vt: Org, cjg: Org, wijkteam: Org;
let offerer: Person,
	colleague: Person,
	vtCoordinator: Person,
	cjgWorker: Person,
	cjgWorker2: Person,
	cjgCoordinator: Person,
	wijkteamWorker: Person;

beforeAll(async () => {
	await ensureRegion();
	[vt, cjg, wijkteam] = await Promise.all([organisation('vt'), organisation('cjg'), organisation('wijkteam')]);
	[offerer, colleague, vtCoordinator, cjgWorker, cjgWorker2, cjgCoordinator, wijkteamWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(cjg, 'medewerker', clock),
		person(cjg, 'medewerker', clock),
		person(cjg, 'coordinator', clock),
		person(wijkteam, 'medewerker', clock)
	]);
	instance = await startInstance(clock);
});
afterAll(async () => {
	await stopAll();
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

async function offered(by: Person = offerer): Promise<{ caseId: string; handoverId: string; reference: string }> {
	const caseId = await createCase(deps(), by.actor, completeCase());
	const handoverId = await offerHandover(deps(), by.actor, caseId, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
	const [{ reference }] = await db()<{ reference: string }[]>`select reference from cases where id = ${caseId}`;
	return { caseId, handoverId, reference };
}

interface Told {
	userId: string;
	title: string;
	body: string;
	href: string | null;
}

/** The notices of one kind about one handover (their link names the handover or its case). */
async function told(kind: string, h: { caseId: string; handoverId: string }): Promise<Told[]> {
	return db()<Told[]>`
		select user_id, title, body, href from notifications
		where kind = ${kind} and href in (${`/zaken/${h.caseId}`}, ${`/overdrachten/${h.handoverId}`}) order by user_id`;
}
const ids = (...people: Person[]) => people.map((p) => p.user.id).sort();
const who = (rows: Told[]) => rows.map((r) => r.userId).sort();

describe('who hears of each step of a handover', () => {
	it('a new offer: the receiving organisation, nobody at VT, no other partner', async () => {
		const h = await offered();
		const rows = await told('handover.offered', h);
		expect(who(rows)).toEqual(ids(cjgWorker, cjgWorker2, cjgCoordinator));
		expect(rows.every((r) => r.href === `/overdrachten/${h.handoverId}`)).toBe(true);
		expect(rows[0].title).toBe(`Nieuwe overdracht: ${h.reference}`);
		expect(rows[0].body).toContain(`${vt.name} biedt ${cjg.name} een overdracht aan`);
		const [{ n }] = await db()<{ n: number }[]>`select count(*)::int as n from notifications where user_id = ${wijkteamWorker.user.id}`;
		expect(n).toBe(0);
	});

	it('an accept: the medewerker who offered it, on the case page', async () => {
		const h = await offered();
		await answerHandover(deps(), cjgWorker.actor, h.handoverId, { answer: 'accept' });
		const rows = await told('handover.accepted', h);
		expect(who(rows)).toEqual(ids(offerer));
		expect(rows[0]).toMatchObject({ href: `/zaken/${h.caseId}`, title: `${cjg.name} accepteert ${h.reference}` });
	});

	it("a decline: the medewerker who offered it, with the reason but not the partner's note", async () => {
		const h = await offered();
		await answerHandover(deps(), cjgWorker2.actor, h.handoverId, {
			answer: 'decline',
			reason: 'geen_capaciteit',
			note: 'Wachtlijst tot na de zomer.'
		});
		const rows = await told('handover.declined', h);
		expect(who(rows)).toEqual(ids(offerer));
		expect(rows[0].title).toBe(`${cjg.name} wijst ${h.reference} af`);
		expect(rows[0].body).toContain('Reden: geen capaciteit.');
		expect(rows[0].body).not.toContain('Wachtlijst');
	});

	it("a withdrawal by a colleague: the medewerker who offered it; a withdrawal of one's own offer: nobody", async () => {
		const byColleague = await offered();
		await withdrawHandover(deps(), colleague.actor, byColleague.handoverId, 'Gezin is verhuisd.');
		const rows = await told('handover.withdrawn', byColleague);
		expect(who(rows)).toEqual(ids(offerer));
		expect(`${rows[0].title} ${rows[0].body}`).not.toContain('verhuisd');

		const own = await offered();
		await withdrawHandover(deps(), offerer.actor, own.handoverId, '');
		expect(await told('handover.withdrawn', own)).toEqual([]);
	});

	it("a missed deadline: the offering medewerker and VT's coordinators, and the whole receiving organisation", async () => {
		const h = await offered();
		const [{ respondBefore }] = await db()<{ respondBefore: Date }[]>`select respond_before from handovers where id = ${h.handoverId}`;
		expect((await fireFollowup({ sql: db(), clock: new ManualClock(respondBefore) }, slaFollowup, 'breach', h.handoverId)).outcome).toBe(
			'fired'
		);
		const rows = await told('sla.breached', h);
		expect(who(rows)).toEqual(ids(offerer, vtCoordinator, cjgWorker, cjgWorker2, cjgCoordinator));
		const vtSide = rows.filter((r) => r.href === `/zaken/${h.caseId}`);
		expect(who(vtSide)).toEqual(ids(offerer, vtCoordinator));
		expect(vtSide[0].body).toContain('op uw aanbod');
		expect(
			rows.filter((r) => r.href === `/overdrachten/${h.handoverId}`).every((r) => r.body.includes(`op het aanbod van ${vt.name}`))
		).toBe(true);
	});

	it("when the medewerker who offered it has left, VT's coordinators hear the answer", async () => {
		const leaver = await person(vt, 'medewerker', clock);
		const h = await offered(leaver);
		await db()`update users set disabled_at = ${clock.now()} where id = ${leaver.user.id}`;
		await answerHandover(deps(), cjgWorker.actor, h.handoverId, { answer: 'decline', reason: 'buiten_werkgebied', note: '' });
		expect(who(await told('handover.declined', h))).toEqual(ids(vtCoordinator));
	});

	it("arrives live on the offering medewerker's sockets, once, and not on the partner's who answered", async () => {
		const vtClient = await connectLive(instance, offerer.token);
		const cjgClient = await connectLive(instance, cjgWorker.token);
		const toVt: NotificationItem[] = [];
		const toCjg: NotificationItem[] = [];
		vtClient.socket.on('notification:new', (n: NotificationItem) => toVt.push(n));
		cjgClient.socket.on('notification:new', (n: NotificationItem) => toCjg.push(n));

		const h = await offered();
		await waitFor(
			() => toCjg.find((n) => n.kind === 'handover.offered' && n.href === `/overdrachten/${h.handoverId}`),
			'the new offer on the partner socket'
		);
		await answerHandover(deps(), cjgWorker.actor, h.handoverId, { answer: 'decline', reason: 'geen_capaciteit', note: '' });
		const notice = await waitFor(
			() => toVt.find((n) => n.kind === 'handover.declined' && n.href === `/zaken/${h.caseId}`),
			'the decline on the VT socket'
		);
		expect(notice.title).toBe(`${cjg.name} wijst ${h.reference} af`);
		await settle(vtClient, offerer.user.id);
		await settle(cjgClient, cjgWorker.user.id);
		expect(toVt.filter((n) => n.id === notice.id)).toHaveLength(1);
		expect(toCjg.filter((n) => n.kind === 'handover.declined')).toHaveLength(0);
	});
});

describe("the partner's view of an offer that ended", () => {
	it('shows how it ended (withdrawn: by whom, when, why; declined: its own answer), audited, nothing of the case', async () => {
		const withdrawn = await offered();
		await withdrawHandover(deps(), colleague.actor, withdrawn.handoverId, 'Het gezin krijgt al hulp via de huisarts.');
		const view = await viewHandoverPageAsPartner(deps(), cjgWorker.actor, withdrawn.handoverId);
		expect(view.ended).toMatchObject({
			reference: withdrawn.reference,
			status: 'withdrawn',
			withdrawnByName: colleague.user.name,
			withdrawnAt: clock.now(),
			withdrawNote: 'Het gezin krijgt al hulp via de huisarts.'
		});
		// what it may see: the reference it had, who offered when, how it ended; no case data, not VT's offer message
		expect(Object.keys(view.ended!).sort()).toEqual(
			[
				'id',
				'reference',
				'status',
				'offeredByName',
				'offeredAt',
				'answeredByName',
				'answeredAt',
				'declineReason',
				'declineNote',
				'withdrawnByName',
				'withdrawnAt',
				'withdrawNote'
			].sort()
		);
		const [audited] = await db()<{ details: Record<string, string> }[]>`
			select details from audit_log where action = 'handover.viewed' and record_id = ${withdrawn.handoverId} and actor_user_id = ${cjgWorker.user.id}`;
		expect(audited.details).toEqual({ case: withdrawn.caseId, ended: 'withdrawn' });

		const declined = await offered();
		await answerHandover(deps(), cjgWorker2.actor, declined.handoverId, {
			answer: 'decline',
			reason: 'past_niet_bij_aanbod',
			note: 'Wij bieden geen gezinsbehandeling.'
		});
		expect((await viewHandoverPageAsPartner(deps(), cjgWorker.actor, declined.handoverId)).ended).toMatchObject({
			status: 'declined',
			answeredByName: cjgWorker2.user.name,
			declineReason: 'past_niet_bij_aanbod',
			declineNote: 'Wij bieden geen gezinsbehandeling.'
		});
	});

	it('is nothing for another organisation, and a live offer stays the full view', async () => {
		const h = await offered();
		expect(await viewEndedHandoverAsPartner(deps(), cjgWorker.actor, h.handoverId)).toBeNull();
		expect((await viewHandoverPageAsPartner(deps(), cjgWorker.actor, h.handoverId)).ended).toBeNull();
		await withdrawHandover(deps(), offerer.actor, h.handoverId, '');
		expect(await viewEndedHandoverAsPartner(deps(), wijkteamWorker.actor, h.handoverId)).toBeNull();
		await expectError(viewHandoverPageAsPartner(deps(), wijkteamWorker.actor, h.handoverId), ForbiddenError);
		await expectError(viewHandoverPageAsPartner(deps(), offerer.actor, h.handoverId), ForbiddenError);
	});
});

describe("the werkvoorraad reads each case's latest handover", () => {
	it('the live one when there is one, else the last that ended, none for a case never offered', async () => {
		const again = await offered();
		await answerHandover(deps(), cjgWorker.actor, again.handoverId, { answer: 'decline', reason: 'geen_capaciteit', note: '' });
		const declinedOnly = await offered();
		await answerHandover(deps(), cjgWorker.actor, declinedOnly.handoverId, { answer: 'decline', reason: 'anders', note: 'Geen plek.' });
		// offered again at the same moment as the decline: the live offer is what counts
		await offerHandover(deps(), offerer.actor, again.caseId, { toOrgId: wijkteam.id, message: 'Graag.' });
		const never = await createCase(deps(), offerer.actor, completeCase());
		const latest = await latestHandovers(db(), [again.caseId, declinedOnly.caseId, never]);
		expect(latest.get(again.caseId)).toMatchObject({ status: 'open', toOrgName: wijkteam.name });
		expect(latest.get(declinedOnly.caseId)).toMatchObject({
			status: 'declined',
			toOrgName: cjg.name,
			declineReason: 'anders',
			answeredAt: clock.now()
		});
		expect(latest.has(never)).toBe(false);
	});
});
