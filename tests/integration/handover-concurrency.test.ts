import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ConflictError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import {
	answerHandover,
	confirmWarmHandover,
	offerHandover,
	planWarmHandover,
	withdrawHandover
} from '../../src/lib/server/handovers/service.ts';
import { answerSchema, DECLINE_REASONS, NOTE_REQUIRED, type Answer } from '../../src/lib/server/handovers/schema.ts';
import { readHandover } from '../../src/lib/server/handovers/queries.ts';
import { DECLINE_REASON_LABELS } from '../../src/lib/handover-labels.ts';
import { appendEvent } from '../../src/lib/server/events/log.ts';
import { updateCase } from '../../src/lib/server/cases/service.ts';
import { waitFor } from '../support/it-helpers.ts';
import {
	completeCase,
	ensureRegion,
	escapeRe,
	namedPool,
	organisation,
	person,
	unique,
	waitingOn,
	type Org,
	type Person
} from '../support/it-cases.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // a Monday
const deps = () => ({ sql: db(), clock });

const PARTNER_MEMBERS = 50;

let vt: Org, partner: Org, partnerB: Org;
let vtWorker: Person, vtCoordinator: Person;
let members: Person[]; // 50 medewerkers and one coordinator of the partner

async function newCase(): Promise<string> {
	return createCase(deps(), vtWorker.actor, completeCase());
}

async function offer(caseId: string, to: Org = partner): Promise<string> {
	return offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: to.id, message: 'Graag een warme overdracht deze week.' });
}

/** Accepts for even positions, declines (every reason in turn, with a note where needed) for odd ones. */
function answerFor(i: number): Answer {
	if (i % 2 === 0) return answerSchema.parse({ answer: 'accept' });
	const reason = DECLINE_REASONS[((i - 1) / 2) % DECLINE_REASONS.length];
	return answerSchema.parse({ answer: 'decline', reason, note: NOTE_REQUIRED.includes(reason) ? `Toelichting van deelnemer ${i}.` : '' });
}

async function answerEvents(handoverId: string) {
	return db()<{ type: string; payload: Record<string, string> }[]>`
		select type, payload from events
		where payload->>'handoverId' = ${handoverId} and type in ('handover.accepted', 'handover.declined', 'handover.withdrawn')
		order by id`;
}

async function auditRows(handoverId: string, actions: string[]) {
	return db()<{ action: string; actorUserId: string; actorOrgId: string; details: Record<string, unknown> }[]>`
		select action, actor_user_id, actor_org_id, details from audit_log
		where record_type = 'handover' and record_id = ${handoverId} and action = any(${actions}) order by id`;
}

function describeWinner(answer: Answer, name: string): RegExp {
	if (answer.answer === 'accept') return new RegExp(`^Dit aanbod is al geaccepteerd door ${escapeRe(name)} op .+\\.$`);
	return new RegExp(`^Dit aanbod is al afgewezen door ${escapeRe(name)} op .+ \\(${escapeRe(DECLINE_REASON_LABELS[answer.reason])}\\)\\.$`);
}

beforeAll(async () => {
	await ensureRegion();
	[vt, partner, partnerB] = await Promise.all([organisation('vt'), organisation('cjg'), organisation('wijkteam')]);
	[vtWorker, vtCoordinator] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(partnerB, 'medewerker', clock)
	]);
	members = await Promise.all([
		...Array.from({ length: PARTNER_MEMBERS }, () => person(partner, 'medewerker', clock)),
		person(partner, 'coordinator', clock)
	]);
});

afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

describe('concurrent answers to one offer', () => {
	it('has the partner organisation set up with 50+ members acting through their own sessions', () => {
		expect(members.length).toBeGreaterThanOrEqual(51);
		expect(new Set(members.map((m) => m.actor.userId)).size).toBe(members.length);
		expect(members.every((m) => m.actor.organisationId === partner.id && m.actor.organisationKind === 'cjg')).toBe(true);
		expect(members.filter((m) => m.actor.roles.includes('coordinator'))).toHaveLength(1);
	});

	for (const round of [1, 2, 3]) {
		it(`lets exactly one of ${PARTNER_MEMBERS + 1} simultaneous accepts and declines win (round ${round})`, async () => {
			const caseId = await newCase();
			const handoverId = await offer(caseId);
			// the coordinator joins the race at a different position each round
			const racers = [...members];
			const coordinator = racers.pop()!;
			racers.splice((round * 17) % racers.length, 0, coordinator);
			const answers = racers.map((_, i) => answerFor(i + round));

			const outcomes = await Promise.allSettled(racers.map((m, i) => answerHandover(deps(), m.actor, handoverId, answers[i])));

			const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
			expect(winners, 'exactly one answer wins').toHaveLength(1);
			const w = winners[0];
			const winner = racers[w];
			const winning = answers[w];
			const status = winning.answer === 'accept' ? 'accepted' : 'declined';
			const returned = (outcomes[w] as PromiseFulfilledResult<Awaited<ReturnType<typeof answerHandover>>>).value;
			expect(returned).toMatchObject({ id: handoverId, status, answeredByName: winner.user.name });

			// every loser hears who answered what first
			const expected = describeWinner(winning, winner.user.name);
			for (const [i, o] of outcomes.entries()) {
				if (i === w) continue;
				expect(o.status).toBe('rejected');
				const error = (o as PromiseRejectedResult).reason as Error;
				expect(error, `loser ${i}: ${error?.message}`).toBeInstanceOf(ConflictError);
				expect(error.message).toMatch(expected);
			}

			// the row holds exactly the winner's answer
			const [row] = await db()<
				{ status: string; answeredBy: string; answeredOnBehalf: boolean; declineReason: string | null; declineNote: string | null }[]
			>`
				select status::text as status, answered_by, answered_on_behalf, decline_reason::text as decline_reason, decline_note
				from handovers where id = ${handoverId}`;
			expect(row).toEqual({
				status,
				answeredBy: winner.user.id,
				answeredOnBehalf: winner === coordinator,
				declineReason: winning.answer === 'decline' ? winning.reason : null,
				declineNote: winning.answer === 'decline' ? winning.note || null : null
			});
			expect((await readHandover(db(), handoverId))!.answeredByName).toBe(winner.user.name);

			// one event and one audit row for the answer, one refusal audit row per loser
			const events = await answerEvents(handoverId);
			expect(events.map((e) => e.type)).toEqual([`handover.${status}`]);
			expect(events[0].payload).toMatchObject({ handoverId, caseId, toOrgId: partner.id, actor: winner.user.name });
			const answered = await auditRows(handoverId, ['handover.accepted', 'handover.declined']);
			expect(answered.map((a) => [a.action, a.actorUserId, a.actorOrgId])).toEqual([[`handover.${status}`, winner.user.id, partner.id]]);
			const refused = await auditRows(handoverId, ['handover.answer_refused']);
			expect(refused).toHaveLength(racers.length - 1);
			expect(refused.map((r) => r.actorUserId).sort()).toEqual(
				racers
					.filter((_, i) => i !== w)
					.map((m) => m.user.id)
					.sort()
			);
			expect(refused.every((r) => r.details.status === status && r.actorOrgId === partner.id)).toBe(true);
		});
	}

	it('refuses a late answer after the race with the same message, and leaves the row alone', async () => {
		const caseId = await newCase();
		const handoverId = await offer(caseId);
		const [first, late] = [members[3], members[4]];
		await answerHandover(deps(), first.actor, handoverId, answerSchema.parse({ answer: 'decline', reason: 'geen_capaciteit', note: '' }));
		await answerHandover(deps(), late.actor, handoverId, { answer: 'accept' }).then(
			() => expect.unreachable('a late accept must not win'),
			(error: Error) => {
				expect(error).toBeInstanceOf(ConflictError);
				expect(error.message).toMatch(describeWinner({ answer: 'decline', reason: 'geen_capaciteit', note: '' }, first.user.name));
			}
		);
		const h = await readHandover(db(), handoverId);
		expect(h).toMatchObject({ status: 'declined', answeredByName: first.user.name, declineReason: 'geen_capaciteit' });
		expect((await answerEvents(handoverId)).map((e) => e.type)).toEqual(['handover.declined']);
	});
});

describe('an answer racing a withdrawal', () => {
	it('decides every round in the database: one wins, the other hears why, the status follows the winner', async () => {
		const tally = { withdrawn: 0, accepted: 0, declined: 0 };
		for (let round = 0; round < 20; round++) {
			const caseId = await newCase();
			const handoverId = await offer(caseId);
			const answerer = members[round % members.length];
			const answer: Answer =
				round % 3 === 2 ? answerSchema.parse({ answer: 'decline', reason: 'buiten_werkgebied', note: '' }) : { answer: 'accept' };
			const withdrawer = round % 2 ? vtWorker : vtCoordinator;
			const calls = [
				() => withdrawHandover(deps(), withdrawer.actor, handoverId, 'Toch zelf verder.'),
				() => answerHandover(deps(), answerer.actor, handoverId, answer)
			];
			if (round % 2) calls.reverse();
			const results = await Promise.allSettled(calls.map((call) => call()));
			if (round % 2) results.reverse(); // [withdraw, answer]
			const [withdrawal, answering] = results;

			expect(
				results.filter((r) => r.status === 'fulfilled'),
				`round ${round}`
			).toHaveLength(1);
			const h = (await readHandover(db(), handoverId))!;
			const events = (await answerEvents(handoverId)).map((e) => e.type);
			if (withdrawal.status === 'fulfilled') {
				tally.withdrawn++;
				expect(h.status).toBe('withdrawn');
				expect(h.answeredAt).toBeNull();
				expect(h.withdrawnByName).toBe(withdrawer.user.name);
				const error = (answering as PromiseRejectedResult).reason as Error;
				expect(error).toBeInstanceOf(ConflictError);
				expect(error.message).toMatch(
					new RegExp(`^Veilig Thuis heeft dit aanbod al ingetrokken \\(${escapeRe(withdrawer.user.name)}, .+\\)\\.$`)
				);
				expect(events).toEqual(['handover.withdrawn']);
				expect(await auditRows(handoverId, ['handover.answer_refused'])).toHaveLength(1);
			} else {
				const status = answer.answer === 'accept' ? 'accepted' : 'declined';
				tally[status]++;
				expect(h.status).toBe(status);
				expect(h.withdrawnAt).toBeNull();
				expect(h.answeredByName).toBe(answerer.user.name);
				const error = (withdrawal as PromiseRejectedResult).reason as Error;
				expect(error).toBeInstanceOf(ConflictError);
				expect(error.message).toMatch(/^U kunt dit aanbod niet meer intrekken\. Dit aanbod is al (geaccepteerd|afgewezen) door /);
				expect(error.message).toContain(answerer.user.name);
				expect(events).toEqual([`handover.${status}`]);
				expect(await auditRows(handoverId, ['handover.withdrawn'])).toHaveLength(0);
			}
			const live = await db()`select 1 from handovers where case_id = ${caseId} and status in ('open', 'accepted')`;
			expect(live.length).toBe(h.status === 'accepted' ? 1 : 0);
		}
		expect(tally.withdrawn + tally.accepted + tally.declined).toBe(20);
	});
});

describe('concurrent offers of one case', () => {
	it('keeps exactly one live offer when two partners are offered the case at the same moment', async () => {
		for (let round = 0; round < 10; round++) {
			const caseId = await newCase();
			const targets = round % 2 ? [partnerB, partner] : [partner, partnerB];
			const actors = [vtWorker, vtCoordinator];
			const results = await Promise.allSettled(targets.map((t, i) => offer(caseId, t).then((id) => ({ id, t, by: actors[i] }))));
			expect(
				results.filter((r) => r.status === 'fulfilled'),
				`round ${round}`
			).toHaveLength(1);
			const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ id: string; t: Org }>).value;
			const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
			expect(loser.reason).toBeInstanceOf(ConflictError);
			expect((loser.reason as Error).message).toMatch(
				new RegExp(
					`^(Deze zaak is al aangeboden aan ${escapeRe(winner.t.name)}\\. Trek dat aanbod eerst in\\.|Deze zaak is zojuist al aan een ketenpartner aangeboden\\.)$`
				)
			);
			const rows = await db()<{ id: string; toOrgId: string; status: string }[]>`
				select id, to_org_id, status::text as status from handovers where case_id = ${caseId}`;
			expect(rows).toEqual([{ id: winner.id, toOrgId: winner.t.id, status: 'open' }]);
			const offered = await db()`select 1 from events where type = 'handover.offered' and payload->>'caseId' = ${caseId}`;
			expect(offered.length).toBe(1);
			const audits = await db()`select 1 from audit_log where action = 'handover.offered' and details->>'case' = ${caseId}`;
			expect(audits.length).toBe(1);
		}
	});

	it('keeps exactly one live offer when ten partners are offered the case at once', async () => {
		const partners = await Promise.all(Array.from({ length: 10 }, (_, i) => organisation(i % 2 ? 'wijkteam' : 'cjg')));
		const caseId = await newCase();
		const results = await Promise.allSettled(partners.map((p) => offer(caseId, p)));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
		const rows = await db()`select 1 from handovers where case_id = ${caseId}`;
		expect(rows.length).toBe(1);
	});
});

describe('both sides confirming the warm handover at once', () => {
	it('completes the handover exactly once and moves responsibility to the partner', async () => {
		for (let round = 0; round < 5; round++) {
			const caseId = await newCase();
			const handoverId = await offer(caseId);
			const partnerSide = members[round];
			await answerHandover(deps(), partnerSide.actor, handoverId, { answer: 'accept' });
			const at = new Date(clock.now().getTime() + 3600_000);
			const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' })
				.format(at)
				.replace(' ', 'T');
			await planWarmHandover(deps(), vtWorker.actor, handoverId, {
				plannedAt: local,
				form: 'huisbezoek',
				vtAttendees: 'VT-medewerker',
				partnerAttendees: 'CJG-medewerker'
			});
			const confirmAt = new ManualClock(new Date(at.getTime() + 60_000));
			const later = { ...deps(), clock: confirmAt };
			const results = await Promise.allSettled([
				confirmWarmHandover(later, vtWorker.actor, handoverId),
				confirmWarmHandover(later, partnerSide.actor, handoverId)
			]);
			expect(
				results.every((r) => r.status === 'fulfilled'),
				JSON.stringify(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')))
			).toBe(true);
			const completed = results.filter((r) => r.status === 'fulfilled' && r.value.completed);
			expect(completed, `round ${round}`).toHaveLength(1);
			const events = await db()`select 1 from events where type = 'handover.completed' and payload->>'handoverId' = ${handoverId}`;
			expect(events.length).toBe(1);
			const [c] = await db()<
				{ responsibleOrgId: string; version: number }[]
			>`select responsible_org_id, version from cases where id = ${caseId}`;
			expect(c).toEqual({ responsibleOrgId: partner.id, version: 2 });
			expect((await readHandover(db(), handoverId))!.status).toBe('completed');
		}
	});
});

describe('VT editing the case while the partner completes the handover', () => {
	it('never deadlocks: the completing confirmation and the edit both succeed', async () => {
		const caseId = await newCase();
		const handoverId = await offer(caseId);
		await answerHandover(deps(), members[7].actor, handoverId, { answer: 'accept' });
		await planWarmHandover(deps(), vtWorker.actor, handoverId, {
			plannedAt: '2026-11-23T11:00',
			form: 'gesprek',
			vtAttendees: 'VT',
			partnerAttendees: 'CJG'
		});
		const later = { ...deps(), clock: new ManualClock('2026-11-23T12:00:00+01:00') };
		await confirmWarmHandover(later, vtWorker.actor, handoverId);

		// The partner's confirmation (it completes the handover and then updates the case row) and VT's
		// edit of the case (it locks the case row and then appends its event) start while a third
		// transaction is still between appending its event and committing: they queue behind it in
		// that order, the way they meet under load.
		const confirmName = `kt_confirm_${unique()}`;
		const editName = `kt_edit_${unique()}`;
		const [confirmSql, editSql] = await Promise.all([namedPool(confirmName), namedPool(editName)]);
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		let appended!: () => void;
		const isAppended = new Promise<void>((resolve) => (appended = resolve));
		const rollback = new Error('rollback');
		const other = db()
			.begin(async (tx) => {
				await appendEvent(
					tx,
					{
						streams: [`test:${unique()}`],
						type: 'case.updated',
						payload: { caseId: unique(), reference: 'VT-TEST', actor: 'Test' },
						actorUserId: null
					},
					clock.now()
				);
				appended();
				await gate;
				throw rollback;
			})
			.catch((e) => {
				if (e !== rollback) throw e;
			});
		try {
			await isAppended;
			const confirming = confirmWarmHandover({ ...later, sql: confirmSql }, members[7].actor, handoverId);
			await waitFor(async () => (await waitingOn(confirmName)) !== null, 'the confirmation queued');
			const editing = updateCase(
				{ ...later, sql: editSql },
				vtCoordinator.actor,
				caseId,
				completeCase({ summary: 'Aangevuld tijdens de overdracht.' })
			);
			await waitFor(async () => (await waitingOn(editName)) !== null, 'the edit queued');
			release();
			await other;
			const results = await Promise.allSettled([confirming, editing]);
			const failures = results.flatMap((r) =>
				r.status === 'rejected' ? [`${(r.reason as { code?: string }).code ?? ''} ${(r.reason as Error).message}`] : []
			);
			expect(failures, 'a transaction was aborted').toEqual([]);
			expect((results[0] as PromiseFulfilledResult<{ completed: boolean }>).value).toEqual({ completed: true });
			const [c] = await db()<
				{ responsibleOrgId: string; summary: string }[]
			>`select responsible_org_id, summary from cases where id = ${caseId}`;
			expect(c).toEqual({ responsibleOrgId: partner.id, summary: 'Aangevuld tijdens de overdracht.' });
		} finally {
			release();
			await other.catch(() => undefined);
			await Promise.all([confirmSql.end(), editSql.end()]);
		}
	});
});
