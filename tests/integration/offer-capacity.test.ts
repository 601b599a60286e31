import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { InputError } from '../../src/lib/server/errors.ts';
import { createCase } from '../../src/lib/server/cases/service.ts';
import { answerHandover, offerHandover } from '../../src/lib/server/handovers/service.ts';
import { offerSchema } from '../../src/lib/server/handovers/schema.ts';
import { readHandover } from '../../src/lib/server/handovers/queries.ts';
import { ACCEPT_MEDIAN_FROM, capacityIn, offerCapacity, overNormKey } from '../../src/lib/server/handovers/capacity.ts';
import { reportWaitingTimes } from '../../src/lib/server/waiting/service.ts';
import { takeWaitingSnapshot } from '../../src/lib/server/waiting/snapshot.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

// Figures over the whole database (every partner, the newest snapshot day): a database of its own.
useOwnDatabase('offer-capacity');

const NOW = Date.parse('2030-06-03T12:00:00+02:00'); // Monday 3 June 2030
const clock = new ManualClock(new Date(NOW));
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const MIN = 60_000;
const DAY = 86_400_000;

let vt: Org, wijkteam: Org, cjg: Org, consortium: Org;
let vtWorker: Person, wijkteamWorker: Person, cjgWorker: Person, consortiumWorker: Person;

/** A complete case in Haarlem (Zuid-Kennemerland). */
const newCase = () => createCase(deps(), vtWorker.actor, completeCase({ municipalityId: 'GM0392', reportDate: '2026-11-18' }));

/** An offer made at `offeredAt`, accepted `minutes` later (or left open / declined). */
async function offer(
	to: Org,
	by: Person,
	offeredAt: number,
	answer: { acceptAfter: number } | 'open' | 'decline',
	careTypeId?: string
): Promise<string> {
	clock.set(new Date(offeredAt));
	const caseId = await newCase();
	const id = await offerHandover(deps(), vtWorker.actor, caseId, { toOrgId: to.id, message: 'Graag.', careTypeId });
	if (answer === 'decline') await answerHandover(deps(), by.actor, id, { answer: 'decline', reason: 'geen_capaciteit', note: '' });
	else if (answer !== 'open') {
		clock.set(new Date(offeredAt + answer.acceptAfter * MIN));
		await answerHandover(deps(), by.actor, id, { answer: 'accept' });
	}
	return caseId;
}

beforeAll(async () => {
	await ensureRegion();
	[vt, wijkteam, cjg, consortium] = await Promise.all([
		organisation('vt'),
		organisation('wijkteam'),
		organisation('cjg'),
		organisation('consortium')
	]);
	[vtWorker, wijkteamWorker, cjgWorker, consortiumWorker] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(wijkteam, 'medewerker', clock),
		person(cjg, 'medewerker', clock),
		person(consortium, 'medewerker', clock)
	]);
	await db()`update care_types set norm_days = 56 where id = 'ihub'`;

	// wijkteam: five accepted in the last 90 days after 60, 120, 180, 240 and 600 minutes (median 180),
	// one accepted 100 days ago after 10 000 minutes (outside the window), one declined, two open
	for (const [i, minutes] of [60, 120, 180, 240, 600].entries())
		await offer(wijkteam, wijkteamWorker, NOW - (10 + i) * DAY, { acceptAfter: minutes });
	await offer(wijkteam, wijkteamWorker, NOW - 100 * DAY, { acceptAfter: 10_000 });
	await offer(wijkteam, wijkteamWorker, NOW - 5 * DAY, 'decline');
	await offer(wijkteam, wijkteamWorker, NOW - 2 * DAY, 'open');
	await offer(wijkteam, wijkteamWorker, NOW - 1 * DAY, 'open');
	// cjg: four accepted (under ACCEPT_MEDIAN_FROM: no median), none open
	for (const i of [1, 2, 3, 4]) await offer(cjg, cjgWorker, NOW - (20 + i) * DAY, { acceptAfter: 30 });
	// consortium: three families waiting for IHUB since 80, 70 and 60 days before now (accepted after 30 minutes)
	for (const ago of [80, 70, 60]) await offer(consortium, consortiumWorker, NOW - ago * DAY - 60 * MIN, { acceptAfter: 30 }, 'ihub');
	// yesterday's snapshot: waits of 79, 69 and 59 days, median 69; then the consortium reports 140 days
	clock.set(new Date(NOW));
	await takeWaitingSnapshot(db(), '2030-06-02', new Date(NOW));
	await reportWaitingTimes(deps(), consortiumWorker.actor, [{ careType: 'ihub', subregion: 'zuid-kennemerland', waitingDays: 140 }]);
	await reportWaitingTimes(deps(), consortiumWorker.actor, [{ careType: 'trauma', subregion: 'zuid-kennemerland', waitingDays: 30 }]);
	await reportWaitingTimes(deps(), consortiumWorker.actor, [{ careType: 'gezinsbehandeling', subregion: 'ijmond', waitingDays: 300 }]);
});

describe('partner capacity at the moment of offering', () => {
	it('gives per partner the open offers and the median time to accept over 90 days, from a hand-computed fixture', async () => {
		clock.set(new Date(NOW));
		const capacity = await offerCapacity(db(), await newCase(), clock.now());
		expect(capacity).toMatchObject({
			subregionId: 'zuid-kennemerland',
			windowDays: 90,
			medianFrom: ACCEPT_MEDIAN_FROM,
			snapshotDate: '2030-06-02'
		});
		const of = (org: Org) => capacity.partners.find((p) => p.orgId === org.id);
		expect(of(wijkteam)).toMatchObject({ openOffers: 2, acceptedCount: 5, medianAcceptMinutes: 180 });
		expect(of(cjg)).toMatchObject({ openOffers: 0, acceptedCount: 4, medianAcceptMinutes: null });
		expect(of(consortium)).toMatchObject({ openOffers: 0, acceptedCount: 3, medianAcceptMinutes: null });
		expect(capacity.partners.some((p) => p.orgId === vt.id)).toBe(false);
	});

	it("gives per zorgvorm the consortium's reported and observed waiting time in the case's subregion against the norm", async () => {
		const capacity = await offerCapacity(db(), await newCase(), clock.now());
		const wait = (careTypeId: string) => capacity.waits.find((w) => w.consortiumId === consortium.id && w.careTypeId === careTypeId);
		expect(wait('ihub')).toMatchObject({
			normDays: 56,
			reportedDays: 140,
			observedMedianDays: 69,
			waitingCount: 3,
			overNorm: true,
			expectedDays: 140
		});
		expect(wait('trauma')).toMatchObject({ reportedDays: 30, observedMedianDays: null, overNorm: false });
		// IJmond's report does not count for a case in Zuid-Kennemerland
		expect(wait('gezinsbehandeling')).toMatchObject({ reportedDays: null, overNorm: false });
		expect((await capacityIn(db(), 'ijmond', clock.now())).waits.find((w) => w.careTypeId === 'gezinsbehandeling')).toMatchObject({
			reportedDays: 300,
			overNorm: true
		});
	});

	it('asks for confirmation of an offer over the norm, of exactly that choice, and notes it on the offer and in the audit', async () => {
		clock.set(new Date(NOW));
		const caseId = await newCase();
		const input = (extra: Record<string, unknown> = {}) =>
			offerSchema.parse({ toOrgId: consortium.id, careTypeId: 'ihub', message: 'Graag IHUB.', ...extra });
		const refused = await expectError(offerHandover(deps(), vtWorker.actor, caseId, input()), InputError);
		expect(refused.message).toMatch(/is in deze subregio 140 dagen, langer dan de norm van 56 dagen/);
		expect((refused as InputError).fields.confirmOverNorm).toMatch(/Bevestig dat u bewust aanbiedt boven de norm/);
		// a confirmation of another choice does not count
		await expectError(
			offerHandover(deps(), vtWorker.actor, caseId, input({ confirmOverNorm: overNormKey(consortium.id, 'trauma') })),
			InputError
		);
		expect((await db()`select 1 from handovers where case_id = ${caseId}`).length).toBe(0);

		const id = await offerHandover(deps(), vtWorker.actor, caseId, input({ confirmOverNorm: overNormKey(consortium.id, 'ihub') }));
		expect(await readHandover(db(), id)).toMatchObject({ overNormWaitDays: 140, overNormNormDays: 56 });
		const [row] = await db()<{ details: Record<string, unknown> }[]>`
			select details from audit_log where action = 'handover.offered' and record_id = ${id}`;
		expect(row.details).toMatchObject({ careType: 'ihub', overNormWaitDays: 140, normDays: 56 });
	});

	it('does not ask for a zorgvorm within the norm, and notes nothing then', async () => {
		const caseId = await newCase();
		const id = await offerHandover(
			deps(),
			vtWorker.actor,
			caseId,
			offerSchema.parse({ toOrgId: consortium.id, careTypeId: 'trauma', message: 'Graag traumabehandeling.' })
		);
		expect(await readHandover(db(), id)).toMatchObject({ overNormWaitDays: null, overNormNormDays: null });
	});
});
