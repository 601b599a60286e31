import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover, planWarmHandover } from '../../src/lib/server/handovers/service.ts';
import { warmPlanSchema } from '../../src/lib/server/handovers/schema.ts';
import { createTable } from '../../src/lib/server/tables/service.ts';
import { createTableSchema } from '../../src/lib/server/tables/schema.ts';
import { UnusualMomentError } from '../../src/lib/server/planning.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';

const clock = new ManualClock('2026-11-23T10:00:00+01:00'); // Monday 23 November 2026
const deps = () => ({ sql: db(), clock, enqueueTimers: false });

let vt: Org, cjg: Org;
let vtWorker: Person, vtCoordinator: Person, cjgWorker: Person;

beforeAll(async () => {
	await ensureRegion();
	[vt, cjg] = await Promise.all([organisation('vt'), organisation('cjg')]);
	[vtWorker, vtCoordinator, cjgWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'coordinator', clock),
		person(cjg, 'medewerker', clock)
	]);
});

afterAll(async () => {
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
});

async function acceptedHandover(): Promise<string> {
	const caseId = await createCase(deps(), vtWorker.actor, completeCase());
	const handoverId = await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: cjg.id, message: 'Graag een warme overdracht.' });
	await answerHandover(deps(), cjgWorker.actor, handoverId, { answer: 'accept' });
	return handoverId;
}

const plan = (plannedAt: string, extra: Record<string, unknown> = {}) =>
	warmPlanSchema.parse({ plannedAt, form: 'huisbezoek', vtAttendees: 'VT-medewerker', partnerAttendees: 'CJG-medewerker', ...extra });

async function plannedAt(handoverId: string): Promise<string | null> {
	const [row] = await db()<{ plannedAt: Date }[]>`select planned_at from warm_handovers where handover_id = ${handoverId}`;
	return row?.plannedAt.toISOString() ?? null;
}

describe('planning on a weekend, a holiday or outside 08:00–18:00 asks for confirmation', () => {
	it('a warm handover on Sunday at 05:46: asked, nothing written; planned once confirmed for that moment', async () => {
		const handoverId = await acceptedHandover();
		const asked = await expectError(planWarmHandover(deps(), cjgWorker.actor, handoverId, plan('2026-11-29T05:46')), UnusualMomentError);
		expect(asked.message).toMatch(
			/^Het contactmoment valt op zondag 29 november 2026 om 05:46: dat is in het weekend en buiten kantoortijd \(08:00–18:00\)\./
		);
		expect(asked.fields).toHaveProperty('confirmUnusual');
		expect(await plannedAt(handoverId)).toBeNull();

		// a confirmation given for another moment does not count
		await expectError(
			planWarmHandover(deps(), cjgWorker.actor, handoverId, plan('2026-11-29T05:46', { confirmUnusual: '2026-11-28T09:00' })),
			UnusualMomentError
		);
		expect(await plannedAt(handoverId)).toBeNull();

		await planWarmHandover(deps(), cjgWorker.actor, handoverId, plan('2026-11-29T05:46', { confirmUnusual: '2026-11-29T05:46' }));
		expect(await plannedAt(handoverId)).toBe('2026-11-29T04:46:00.000Z');
		// a working day within office hours needs nothing
		await planWarmHandover(deps(), vtWorker.actor, handoverId, plan('2026-11-26T09:30'));
		expect(await plannedAt(handoverId)).toBe('2026-11-26T08:30:00.000Z');
		// as an API body would send it: an explicit true
		await planWarmHandover(deps(), vtWorker.actor, handoverId, plan('2026-11-26T19:15', { confirmUnusual: true }));
		expect(await plannedAt(handoverId)).toBe('2026-11-26T18:15:00.000Z');
	});

	it('a tafel on Kerstmis: asked, nothing written; planned once confirmed', async () => {
		const input = { subregionId: 'zuid-kennemerland', date: '2026-12-25', time: '10:00', participantIds: [cjg.id] };
		const asked = await expectError(createTable(deps(), vtCoordinator.actor, createTableSchema.parse(input)), UnusualMomentError);
		expect(asked.message).toMatch(/^De tafel valt op vrijdag 25 december 2026 om 10:00: dat is op een feestdag \(Kerstmis\)\./);
		const count = async () =>
			(await db()<{ n: number }[]>`select count(*)::int as n from handover_tables where chair_id = ${vtCoordinator.user.id}`)[0].n;
		expect(await count()).toBe(0);
		const id = await createTable(deps(), vtCoordinator.actor, createTableSchema.parse({ ...input, confirmUnusual: '2026-12-25T10:00' }));
		const [row] = await db()<{ scheduledAt: Date }[]>`select scheduled_at from handover_tables where id = ${id}`;
		expect(row.scheduledAt.toISOString()).toBe('2026-12-25T09:00:00.000Z');
		// past moments are refused before anything is asked
		await expectError(
			createTable(deps(), vtCoordinator.actor, createTableSchema.parse({ ...input, date: '2026-11-22', time: '05:00' })),
			Error,
			/in het verleden/
		);
		expect(await count()).toBe(1);
	});
});
