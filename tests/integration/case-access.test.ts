import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import type { Role } from '../../src/lib/server/auth/roles.ts';
import { ConflictError, ForbiddenError } from '../../src/lib/server/errors.ts';
import { createCase, updateCase, viewCaseAsVt } from '../../src/lib/server/cases/service.ts';
import { caseAccess } from '../../src/lib/server/cases/access.ts';
import { readCase } from '../../src/lib/server/cases/queries.ts';
import {
	answerHandover,
	confirmWarmHandover,
	offerHandover,
	planWarmHandover,
	viewHandoverAsPartner,
	withdrawHandover
} from '../../src/lib/server/handovers/service.ts';
import { readHandover } from '../../src/lib/server/handovers/queries.ts';
import { waitFor } from '../support/it-helpers.ts';
import { publish } from '../../src/lib/server/events/log.ts';
import { rooms } from '../../src/lib/realtime/events.ts';
import {
	completeCase,
	connectLive,
	domainEvents,
	ensureRegion,
	eventArrives,
	expectError,
	organisation,
	person,
	rejection,
	settle,
	startInstance,
	stopAll,
	unique,
	watchCase,
	type Instance,
	type LiveClient,
	type Org,
	type Person
} from '../support/it-cases.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // a Monday
const deps = () => ({ sql: db(), clock });
/** After the planned contact moment (plannedAt below). */
const later = () => ({ ...deps(), clock: new ManualClock('2026-11-26T12:00:00+01:00') });
const plan = { plannedAt: '2026-11-25T14:00', form: 'gesprek' as const, vtAttendees: 'VT-medewerker', partnerAttendees: 'CJG-medewerker' };

const NO_ACCESS = 'Deze overdracht bestaat niet of u heeft er geen toegang (meer) toe, bijvoorbeeld omdat hij is afgewezen of ingetrokken.';
const NO_CASE = 'Deze zaak bestaat niet of u heeft er geen toegang toe.';

let vt: Org, partnerA: Org, partnerB: Org, gemeente: Org, stuurgroep: Org;

interface Who {
	label: string;
	person: Person;
	/** Works on cases for VT (medewerker, coordinator). */
	vtSide: boolean;
	/** Works on handovers for partner A, the organisation the case is offered to. */
	aSide: boolean;
}

let everyone: Who[];
let vtMedewerker: Person, aMedewerker: Person, bMedewerker: Person, gemeenteUser: Person;

const who = (label: string) => everyone.find((w) => w.label === label)!;

async function newCase(): Promise<string> {
	return createCase(deps(), vtMedewerker.actor, completeCase());
}

async function offeredToA(): Promise<{ caseId: string; handoverId: string }> {
	const caseId = await newCase();
	const handoverId = await offerHandover(deps(), vtMedewerker.actor, caseId, { toOrgId: partnerA.id, message: 'Graag overnemen.' });
	return { caseId, handoverId };
}

async function acceptedByA(): Promise<{ caseId: string; handoverId: string }> {
	const offered = await offeredToA();
	await answerHandover(deps(), aMedewerker.actor, offered.handoverId, { answer: 'accept' });
	return offered;
}

async function status(handoverId: string): Promise<string> {
	return (await readHandover(db(), handoverId))!.status;
}

async function auditCount(userId: string): Promise<number> {
	const [row] = await db()<{ n: number }[]>`select count(*)::int as n from audit_log where actor_user_id = ${userId}`;
	return row.n;
}

beforeAll(async () => {
	await ensureRegion();
	[vt, partnerA, partnerB, gemeente, stuurgroep] = await Promise.all([
		organisation('vt'),
		organisation('cjg'),
		organisation('wijkteam'),
		organisation('gemeente'),
		organisation('stuurgroep')
	]);
	const combos: [string, Org, Role][] = [
		['VT medewerker', vt, 'medewerker'],
		['VT coordinator', vt, 'coordinator'],
		['VT beheerder', vt, 'beheerder'],
		['A medewerker', partnerA, 'medewerker'],
		['A coordinator', partnerA, 'coordinator'],
		['A beheerder', partnerA, 'beheerder'],
		['B medewerker', partnerB, 'medewerker'],
		['B coordinator', partnerB, 'coordinator'],
		['B beheerder', partnerB, 'beheerder'],
		['gemeente', gemeente, 'gemeente'],
		['gemeente beheerder', gemeente, 'beheerder'],
		['stuurgroep', stuurgroep, 'stuurgroep']
	];
	everyone = await Promise.all(
		combos.map(async ([label, org, role]) => ({
			label,
			person: await person(org, role, clock),
			vtSide: org === vt && role !== 'beheerder',
			aSide: org === partnerA && role !== 'beheerder'
		}))
	);
	vtMedewerker = who('VT medewerker').person;
	aMedewerker = who('A medewerker').person;
	bMedewerker = who('B medewerker').person;
	gemeenteUser = who('gemeente').person;
});

afterAll(async () => {
	await stopAll();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('the authorisation matrix', () => {
	it('decides case access in the database: VT workers and partner A, nobody else', async () => {
		const { caseId } = await offeredToA();
		for (const w of everyone) {
			expect(await caseAccess(db(), w.person.actor, caseId), w.label).toBe(w.vtSide ? 'vt' : w.aSide ? 'partner' : null);
		}
		// an unknown case and a malformed id are nobody's
		for (const id of [randomUUID(), 'not-a-uuid', `${caseId}' or '1'='1`]) {
			expect(await caseAccess(db(), vtMedewerker.actor, id)).toBeNull();
			expect(await caseAccess(db(), aMedewerker.actor, id)).toBeNull();
		}
	});

	it('shows the VT case view only to VT workers, audited; refusals leave no trace', async () => {
		const { caseId } = await offeredToA();
		for (const w of everyone) {
			const before = await auditCount(w.person.user.id);
			if (w.vtSide) {
				expect((await viewCaseAsVt(deps(), w.person.actor, caseId)).id).toBe(caseId);
				const [row] = await db()<{ action: string; recordId: string; actorOrgId: string; actorRoles: string[] }[]>`
					select action, record_id, actor_org_id, actor_roles::text[] as actor_roles from audit_log where actor_user_id = ${w.person.user.id} order by id desc limit 1`;
				expect(row).toEqual({ action: 'case.viewed', recordId: caseId, actorOrgId: vt.id, actorRoles: w.person.actor.roles });
			} else {
				await expectError(
					viewCaseAsVt(deps(), w.person.actor, caseId),
					ForbiddenError,
					'Alleen medewerkers van Veilig Thuis kunnen zaken aanmaken en wijzigen.'
				);
				expect(await auditCount(w.person.user.id), w.label).toBe(before);
			}
		}
	});

	it("shows the partner's handover view only to partner A's workers, with the same message for everyone else", async () => {
		const { handoverId } = await offeredToA();
		for (const w of everyone) {
			if (w.aSide) {
				const view = await viewHandoverAsPartner(deps(), w.person.actor, handoverId);
				expect(view.handover.id).toBe(handoverId);
				expect(view.case.persons.map((p) => p.label)).toEqual(['Moeder', 'Vader', 'Kind 1 (8 jaar)']);
				expect(Object.keys(view.case)).not.toContain('id'); // rule 4's information, not VT's record
			} else {
				await expectError(viewHandoverAsPartner(deps(), w.person.actor, handoverId), ForbiddenError, NO_ACCESS);
			}
		}
	});

	it('lets only partner A answer; every other attempt is forbidden and changes nothing', async () => {
		const { handoverId } = await offeredToA();
		for (const w of everyone.filter((x) => !x.aSide)) {
			await expectError(answerHandover(deps(), w.person.actor, handoverId, { answer: 'accept' }), ForbiddenError, NO_ACCESS);
			await expectError(
				answerHandover(deps(), w.person.actor, handoverId, { answer: 'decline', reason: 'geen_capaciteit', note: '' }),
				ForbiddenError,
				NO_ACCESS
			);
		}
		expect(await status(handoverId)).toBe('open');
		const refusals = await db()`select 1 from audit_log where record_id = ${handoverId} and action = 'handover.answer_refused'`;
		expect(refusals.length).toBe(0);

		// both kinds of partner A worker can answer (each on its own offer)
		for (const w of everyone.filter((x) => x.aSide)) {
			const accept = await offeredToA();
			expect((await answerHandover(deps(), w.person.actor, accept.handoverId, { answer: 'accept' })).status).toBe('accepted');
			const decline = await offeredToA();
			expect(
				(await answerHandover(deps(), w.person.actor, decline.handoverId, { answer: 'decline', reason: 'past_niet_bij_aanbod', note: '' }))
					.status
			).toBe('declined');
		}
	});

	it('lets only VT workers offer and withdraw', async () => {
		const caseId = await newCase();
		const { handoverId } = await offeredToA();
		for (const w of everyone.filter((x) => !x.vtSide)) {
			await expectError(
				offerHandover(deps(), w.person.actor, caseId, { toOrgId: partnerB.id, message: 'Overnemen?' }),
				ForbiddenError,
				'Alleen medewerkers van Veilig Thuis bieden overdrachten aan.'
			);
			await expectError(withdrawHandover(deps(), w.person.actor, handoverId, ''), ForbiddenError, NO_ACCESS);
		}
		expect(await status(handoverId)).toBe('open');
		expect((await db()`select 1 from handovers where case_id = ${caseId}`).length).toBe(0);

		for (const w of everyone.filter((x) => x.vtSide)) {
			const c = await newCase();
			const id = await offerHandover(deps(), w.person.actor, c, { toOrgId: partnerB.id, message: 'Overnemen?' });
			await withdrawHandover(deps(), w.person.actor, id, 'Toch niet.');
			expect(await status(id)).toBe('withdrawn');
		}
	});

	it('lets both sides, and only they, plan and confirm the warm handover', async () => {
		const { handoverId } = await acceptedByA();
		for (const w of everyone.filter((x) => !x.vtSide && !x.aSide)) {
			await expectError(planWarmHandover(deps(), w.person.actor, handoverId, plan), ForbiddenError, NO_ACCESS);
			await expectError(confirmWarmHandover(later(), w.person.actor, handoverId), ForbiddenError, NO_ACCESS);
		}
		expect((await readHandover(db(), handoverId))!.warm).toBeNull();
		for (const w of everyone.filter((x) => x.vtSide || x.aSide)) {
			await planWarmHandover(deps(), w.person.actor, handoverId, plan);
			expect((await readHandover(db(), handoverId))!.warm!.plannedByName, w.label).toBe(w.person.user.name);
		}
		const vtSide = everyone.find((x) => x.vtSide)!;
		const aSide = everyone.find((x) => x.aSide)!;
		expect(await confirmWarmHandover(later(), vtSide.person.actor, handoverId)).toEqual({ completed: false });
		expect(await confirmWarmHandover(later(), aSide.person.actor, handoverId)).toEqual({ completed: true });
	});

	it('keeps partner A in after acceptance and completion', async () => {
		const { caseId, handoverId } = await acceptedByA();
		expect(await caseAccess(db(), aMedewerker.actor, caseId)).toBe('partner');
		await planWarmHandover(deps(), vtMedewerker.actor, handoverId, plan);
		await confirmWarmHandover(later(), vtMedewerker.actor, handoverId);
		await confirmWarmHandover(later(), aMedewerker.actor, handoverId);
		expect(await status(handoverId)).toBe('completed');
		for (const w of everyone) {
			expect(await caseAccess(db(), w.person.actor, caseId), w.label).toBe(w.vtSide ? 'vt' : w.aSide ? 'partner' : null);
		}
		expect((await viewHandoverAsPartner(deps(), aMedewerker.actor, handoverId)).handover.status).toBe('completed');
	});

	it("ends partner A's access after it declines, and after VT withdraws", async () => {
		for (const end of ['decline', 'withdraw'] as const) {
			const { caseId, handoverId } = await offeredToA();
			expect(await caseAccess(db(), aMedewerker.actor, caseId)).toBe('partner');
			if (end === 'decline')
				await answerHandover(deps(), who('A coordinator').person.actor, handoverId, {
					answer: 'decline',
					reason: 'geen_capaciteit',
					note: ''
				});
			else await withdrawHandover(deps(), vtMedewerker.actor, handoverId, '');
			for (const w of everyone.filter((x) => x.aSide)) {
				expect(await caseAccess(db(), w.person.actor, caseId), `${end}: ${w.label}`).toBeNull();
				await expectError(viewHandoverAsPartner(deps(), w.person.actor, handoverId), ForbiddenError, NO_ACCESS);
				await expectError(planWarmHandover(deps(), w.person.actor, handoverId, plan), ConflictError);
			}
			expect(await caseAccess(db(), vtMedewerker.actor, caseId)).toBe('vt');

			// the case goes to partner B: B is in, A stays out
			const toB = await offerHandover(deps(), vtMedewerker.actor, caseId, { toOrgId: partnerB.id, message: 'Overnemen?' });
			expect(await caseAccess(db(), bMedewerker.actor, caseId)).toBe('partner');
			expect(await caseAccess(db(), aMedewerker.actor, caseId)).toBeNull();
			await expectError(viewHandoverAsPartner(deps(), aMedewerker.actor, toB), ForbiddenError, NO_ACCESS);
		}
	});
});

describe('no hint whether a record exists', () => {
	it("refuses an unknown handover id with exactly the message for another organisation's handover", async () => {
		const { handoverId } = await acceptedByA();
		const unknown = randomUUID();
		const b = bMedewerker.actor;
		const pairs: [string, (id: string) => Promise<unknown>][] = [
			['view', (id) => viewHandoverAsPartner(deps(), b, id)],
			['accept', (id) => answerHandover(deps(), b, id, { answer: 'accept' })],
			['decline', (id) => answerHandover(deps(), b, id, { answer: 'decline', reason: 'al_betrokken', note: '' })],
			['plan', (id) => planWarmHandover(deps(), b, id, plan)],
			['confirm', (id) => confirmWarmHandover(later(), b, id)]
		];
		for (const [what, call] of pairs) {
			const theirs = await rejection(call(handoverId));
			const missing = await rejection(call(unknown));
			expect(theirs, what).toBeInstanceOf(ForbiddenError);
			expect(missing, what).toBeInstanceOf(ForbiddenError);
			expect(missing.message, what).toBe(theirs.message);
			expect(theirs.message, what).toBe(NO_ACCESS);
		}
		// VT side: an unknown case reads like any refused case
		expect((await rejection(viewCaseAsVt(deps(), vtMedewerker.actor, randomUUID()))).message).toBe(NO_CASE);
		expect((await rejection(withdrawHandover(deps(), vtMedewerker.actor, unknown, ''))).message).toBe(NO_ACCESS);
		expect(await status(handoverId)).toBe('accepted');
	});

	// A page or API route passes the id from the URL (/overdrachten/[id], /zaken/[id]); a malformed
	// one must be refused like an unknown one, not surface as a database error (500).
	const malformed = 'niet-een-uuid';
	const cases: [string, () => Promise<unknown>, typeof ForbiddenError, string][] = [
		['viewHandoverAsPartner', () => viewHandoverAsPartner(deps(), aMedewerker.actor, malformed), ForbiddenError, NO_ACCESS],
		['answerHandover', () => answerHandover(deps(), aMedewerker.actor, malformed, { answer: 'accept' }), ForbiddenError, NO_ACCESS],
		['withdrawHandover', () => withdrawHandover(deps(), vtMedewerker.actor, malformed, ''), ForbiddenError, NO_ACCESS],
		['planWarmHandover', () => planWarmHandover(deps(), vtMedewerker.actor, malformed, plan), ForbiddenError, NO_ACCESS],
		['viewCaseAsVt', () => viewCaseAsVt(deps(), vtMedewerker.actor, malformed), ForbiddenError, NO_CASE],
		[
			'offerHandover',
			() => offerHandover(deps(), vtMedewerker.actor, malformed, { toOrgId: partnerA.id, message: 'x' }),
			ForbiddenError,
			NO_CASE
		],
		['updateCase', () => updateCase(deps(), vtMedewerker.actor, malformed, completeCase()), ForbiddenError, NO_CASE]
	];
	for (const [name, call, type, message] of cases) {
		it(`${name} refuses a malformed id like an unknown one`, async () => {
			await expectError(call(), type, message);
		});
	}
});

describe('socket rooms follow the same checks', () => {
	let instance: Instance;
	let vtClient: LiveClient, aClient: LiveClient, bClient: LiveClient, gemeenteClient: LiveClient;

	/**
	 * A step of A's handover only in the case's stream, published like a service does after commit:
	 * VT and A may see it (visibility.ts), but only their sockets in the case room can get it.
	 */
	function caseOnlyEvent(caseId: string) {
		const nonce = unique();
		const at = new Date().toISOString();
		const payload = {
			caseId,
			reference: 'VT-TEST',
			handoverId: nonce,
			toOrgId: partnerA.id,
			toOrgName: 'A',
			actor: 'Test',
			actorOrg: 'VT',
			plannedAt: at,
			form: 'gesprek'
		};
		publish([{ id: 0, type: 'warm_handover.planned', payload, at, streams: [rooms.case(caseId)] }]);
		return (e: { type: string; payload: Record<string, unknown> }) => e.type === 'warm_handover.planned' && e.payload.handoverId === nonce;
	}

	async function receivedBy(
		client: LiveClient,
		userId: string,
		match: (e: { type: string; payload: Record<string, unknown> }) => boolean
	): Promise<boolean> {
		await settle(client, userId);
		return domainEvents(client).some(match);
	}

	beforeAll(async () => {
		instance = await startInstance(clock);
		[vtClient, aClient, bClient, gemeenteClient] = await Promise.all([
			connectLive(instance, vtMedewerker.token),
			connectLive(instance, aMedewerker.token),
			connectLive(instance, bMedewerker.token),
			connectLive(instance, gemeenteUser.token)
		]);
	});

	it('lets only VT and the offered partner watch a case', async () => {
		const { caseId } = await offeredToA();
		expect(await watchCase(vtClient, caseId)).toBe(true);
		expect(await watchCase(aClient, caseId)).toBe(true);
		expect(await watchCase(bClient, caseId)).toBe(false);
		expect(await watchCase(gemeenteClient, caseId)).toBe(false);
		expect(await watchCase(vtClient, randomUUID())).toBe(false);
		expect(await watchCase(vtClient, 'niet-een-uuid')).toBe(false);

		const match = caseOnlyEvent(caseId);
		await eventArrives(vtClient, match, 'case event at VT');
		await eventArrives(aClient, match, 'case event at partner A');
		expect(await receivedBy(bClient, bMedewerker.user.id, match)).toBe(false);
		expect(await receivedBy(gemeenteClient, gemeenteUser.user.id, match)).toBe(false);
	});

	async function inCaseRoom(caseId: string, userId: string): Promise<boolean> {
		return (await instance.realtime.io.in(rooms.case(caseId)).fetchSockets()).some((s) => s.data.userId === userId);
	}

	/** A case offered to A, watched by VT and two A workers (each seen to receive a case event). */
	async function watchedByA() {
		const { caseId, handoverId } = await offeredToA();
		const colleague = who('A coordinator').person;
		const colleagueClient = await connectLive(instance, colleague.token);
		for (const client of [vtClient, aClient, colleagueClient]) expect(await watchCase(client, caseId)).toBe(true);
		const before = caseOnlyEvent(caseId);
		await eventArrives(aClient, before, 'case event at A before');
		await eventArrives(colleagueClient, before, 'case event at A colleague before');
		return { caseId, handoverId, colleague, colleagueClient };
	}

	async function end(how: 'declines' | 'is withdrawn', handoverId: string, colleague: Person) {
		if (how === 'declines')
			await answerHandover(deps(), colleague.actor, handoverId, { answer: 'decline', reason: 'geen_capaciteit', note: '' });
		else await withdrawHandover(deps(), vtMedewerker.actor, handoverId, '');
	}

	for (const how of ['declines', 'is withdrawn'] as const) {
		it(`takes partner A's sockets out of the case room when the offer ${how}`, async () => {
			const { caseId, handoverId, colleague, colleagueClient } = await watchedByA();
			await end(how, handoverId, colleague);
			const endType = how === 'declines' ? 'handover.declined' : 'handover.withdrawn';
			await eventArrives(aClient, (e) => e.type === endType && e.payload.handoverId === handoverId, `${endType} at A`);
			await waitFor(
				async () => !(await inCaseRoom(caseId, aMedewerker.user.id)) && !(await inCaseRoom(caseId, colleague.user.id)),
				'A out of the case room'
			);
			expect(await inCaseRoom(caseId, vtMedewerker.user.id)).toBe(true);

			const after = caseOnlyEvent(caseId);
			await eventArrives(vtClient, after, 'case event at VT after');
			expect(await receivedBy(aClient, aMedewerker.user.id, after)).toBe(false);
			expect(await receivedBy(colleagueClient, colleague.user.id, after)).toBe(false);

			// a real case event (VT edits the case) reaches VT, not A
			const c = (await readCase(db(), caseId))!;
			await updateCase(
				deps(),
				vtMedewerker.actor,
				caseId,
				completeCase({ version: c.version, summary: 'Nieuwe informatie van de school.' })
			);
			const updated = (e: { type: string; payload: Record<string, unknown> }) => e.type === 'case.updated' && e.payload.caseId === caseId;
			await eventArrives(vtClient, updated, 'case.updated at VT');
			expect(await receivedBy(aClient, aMedewerker.user.id, updated)).toBe(false);

			// and watching again is refused
			expect(await watchCase(aClient, caseId)).toBe(false);
			colleagueClient.socket.disconnect();
		});

		it(`has taken A's sockets out of the case room by the time the "${how}" call returns`, async () => {
			// The service resolves after its after-commit step; a case event published right after it
			// (VT offering the case to the next partner, say) must not reach the partner that just lost access.
			const { caseId, handoverId, colleague, colleagueClient } = await watchedByA();
			await end(how, handoverId, colleague);
			const after = caseOnlyEvent(caseId);
			await eventArrives(vtClient, after, 'case event at VT after');
			const leaked = await receivedBy(aClient, aMedewerker.user.id, after);
			colleagueClient.socket.disconnect();
			expect(leaked, 'a case event published right after the call reached partner A').toBe(false);
		});
	}
});
