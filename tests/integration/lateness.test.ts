import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/client.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { ForbiddenError } from '../../src/lib/server/errors.ts';
import { createCase, updateCase } from '../../src/lib/server/cases/service.ts';
import { readCase, workQueue } from '../../src/lib/server/cases/queries.ts';
import { assessmentState } from '../../src/lib/server/cases/lateness.ts';
import { assessmentNormSchema, readAssessmentNormsView, updateAssessmentNorm } from '../../src/lib/server/cases/norms.ts';
import { offerHandover } from '../../src/lib/server/handovers/service.ts';
import { homeCounts } from '../../src/lib/server/home.ts';
import { refreshWeeks } from '../../src/lib/server/dashboard/rollup.ts';
import { completeCase, ensureRegion, expectError, organisation, person, type Org, type Person } from '../support/it-cases.ts';
import { useOwnDatabase } from '../support/own-database.ts';

const clock = new ManualClock('2026-11-30T10:00:00+01:00'); // Monday 30 November 2026
const deps = () => ({ sql: db(), clock, enqueueTimers: false });
const at = (iso: string) => clock.set(iso);

let vt: Org, cjg: Org;
let vtWorker: Person, vtBeheerder: Person, cjgBeheerder: Person;

// A database of its own: the tests change the spoed norm and roll up the dashboard over every case.
useOwnDatabase('lateness');
beforeAll(async () => {
	await ensureRegion();
	[vt, cjg] = await Promise.all([organisation('vt'), organisation('cjg')]);
	[vtWorker, vtBeheerder, cjgBeheerder] = await Promise.all([
		person(vt, 'medewerker', clock),
		person(vt, 'beheerder', clock),
		person(cjg, 'beheerder', clock)
	]);
});

/** A case registered at `registeredAt` (Amsterdam wall clock), complete unless said otherwise. */
async function registered(registeredAt: string, input: Record<string, unknown>, complete = true): Promise<string> {
	at(registeredAt);
	return createCase(deps(), vtWorker.actor, completeCase({ ...input, ...(complete ? {} : { safetyAgreements: '' }) }));
}

const stateIn = async (caseId: string) =>
	(await workQueue(db(), vt.id, clock.now(), {}, { limit: 1000 })).rows.find((r) => r.id === caseId)?.assessmentState;

describe('rule 1: spoed has its own norm of 3 werkdagen', () => {
	it('gives a spoed melding of Friday 27 November 2026 until Wednesday 2 December, a regular one until Friday 4 December', async () => {
		const spoed = await registered('2026-11-30T10:00:00+01:00', { reportDate: '2026-11-27', urgent: true });
		const regular = await registered('2026-11-30T10:05:00+01:00', { reportDate: '2026-11-27', urgent: false });
		expect(await readCase(db(), spoed)).toMatchObject({ assessmentNormDays: 3, assessmentDue: '2026-12-02' });
		expect(await readCase(db(), regular)).toMatchObject({ assessmentNormDays: 5, assessmentDue: '2026-12-04' });
	});

	it('counts werkdagen around weekends and public holidays', async () => {
		// Friday 24 April 2026; Monday 27 April is Koningsdag: Tue 28 (1), Wed 29 (2), Thu 30 (3)
		const kingsDay = await registered('2026-04-24T16:00:00+02:00', { reportDate: '2026-04-24', urgent: true, persons: [] });
		expect((await readCase(db(), kingsDay))!.assessmentDue).toBe('2026-04-30');
		// the regular norm from the same Friday: 28, 29, 30 April, Fri 1 May, Mon 4 May (Bevrijdingsdag is a working day by default)
		const kingsDayRegular = await registered('2026-04-24T16:01:00+02:00', { reportDate: '2026-04-24', persons: [] });
		expect((await readCase(db(), kingsDayRegular))!.assessmentDue).toBe('2026-05-04');
		// Thursday 24 December 2026: Fri 25 and Sat 26 Kerstmis, Sun 27 → Mon 28 (1), Tue 29 (2), Wed 30 (3)
		const christmas = await registered('2026-12-24T11:00:00+01:00', { reportDate: '2026-12-24', urgent: true, persons: [] });
		expect((await readCase(db(), christmas))!.assessmentDue).toBe('2026-12-30');
		// Friday 22 May 2026, before Pinksteren: Mon 25 is Tweede Pinksterdag → Tue 26 (1), Wed 27 (2), Thu 28 (3)
		const whitsun = await registered('2026-05-22T09:00:00+02:00', { reportDate: '2026-05-22', urgent: true, persons: [] });
		expect((await readCase(db(), whitsun))!.assessmentDue).toBe('2026-05-28');
	});
});

describe('rule 1: "te laat" means the assessment was not completed within its norm', () => {
	it('is one definition: the SQL function and its TypeScript twin agree, on the Amsterdam day, in winter and summer time', async () => {
		const grid: [string, string | null, string, string][] = [
			// due, completed at, as of, expected
			['2026-11-30', null, '2026-11-30T22:59:59Z', 'open'], // 23:59:59 on the due day
			['2026-11-30', null, '2026-11-30T23:00:00Z', 'overdue'], // midnight: 1 December in Amsterdam
			['2026-11-30', '2026-11-30T22:59:59Z', '2026-12-10T10:00:00Z', 'on_time'],
			['2026-11-30', '2026-11-30T23:00:00Z', '2026-12-10T10:00:00Z', 'late'],
			['2026-11-30', '2026-12-03T10:00:00Z', '2026-12-02T10:00:00Z', 'overdue'], // completed later than the moment asked about
			['2026-11-30', '2026-11-27T10:00:00Z', '2026-11-28T10:00:00Z', 'on_time'],
			['2026-06-30', '2026-06-30T21:59:59Z', '2026-07-01T08:00:00Z', 'on_time'], // 23:59:59 summer time
			['2026-06-30', '2026-06-30T22:00:00Z', '2026-07-01T08:00:00Z', 'late'],
			['2026-06-30', null, '2026-06-30T21:59:59Z', 'open'],
			['2026-06-30', null, '2026-06-30T22:00:00Z', 'overdue']
		];
		for (const [due, completedAt, asof, expected] of grid) {
			const [row] = await db()<
				{ state: string }[]
			>`select assessment_state(${due}::date, ${completedAt}::timestamptz, ${asof}::timestamptz) as state`;
			expect([due, completedAt, asof, row.state]).toEqual([due, completedAt, asof, expected]);
			expect(assessmentState(due, completedAt ? new Date(completedAt) : null, new Date(asof))).toBe(expected);
		}
	});

	it('in the werkvoorraad, the home counts and the dashboard: completed on time but not offered is not late; an offer does not hide a late assessment', async () => {
		const zandvoort = { municipalityId: 'GM0473' };
		// spoed, complete at registration on Monday 30 November (due 2 December); never offered
		const onTime = await registered('2026-11-30T11:00:00+01:00', { ...zandvoort, reportDate: '2026-11-27', urgent: true });
		// regular melding of Monday 23 November (due 30 November), still incomplete
		const overdue = await registered('2026-11-24T11:00:00+01:00', { ...zandvoort, reportDate: '2026-11-23' }, false);
		// spoed of 27 November, incomplete until Thursday 3 December (a day after its norm), then offered to CJG
		const lateOffered = await registered('2026-11-30T11:05:00+01:00', { ...zandvoort, reportDate: '2026-11-27', urgent: true }, false);
		// regular of 27 November, incomplete: within its norm (4 December) on 3 December, a spoed one is not
		const regularOpen = await registered('2026-11-30T11:10:00+01:00', { ...zandvoort, reportDate: '2026-11-27' }, false);
		const spoedOpen = await registered('2026-11-30T11:15:00+01:00', { ...zandvoort, reportDate: '2026-11-27', urgent: true }, false);

		at('2026-12-03T10:00:00+01:00');
		const c = (await readCase(db(), lateOffered))!;
		await updateCase(
			deps(),
			vtWorker.actor,
			lateOffered,
			completeCase({ ...zandvoort, reportDate: '2026-11-27', urgent: true, version: c.version })
		);
		await offerHandover(deps(), vtWorker.actor, lateOffered, {
			toOrgId: cjg.id,
			message: 'Graag overnemen; de veiligheidsafspraken staan in het dossier.'
		});
		expect(await stateIn(regularOpen)).toBe('open');
		expect(await stateIn(spoedOpen)).toBe('overdue');

		at('2026-12-10T10:00:00+01:00');
		const queue = (await workQueue(db(), vt.id, clock.now(), {}, { limit: 1000 })).rows;
		const state = (id: string) => queue.find((r) => r.id === id)!;
		expect(state(onTime)).toMatchObject({ assessmentState: 'on_time', handoverStatus: null }); // not offered, not late
		expect(state(overdue)).toMatchObject({ assessmentState: 'overdue', handoverStatus: null });
		expect(state(lateOffered)).toMatchObject({ assessmentState: 'late', handoverStatus: 'open' }); // the offer plays no part
		expect(state(regularOpen).assessmentState).toBe('overdue');
		// every row's state is the TypeScript definition's too
		for (const row of queue) expect(row.assessmentState).toBe(assessmentState(row.assessmentDue, row.assessmentCompletedAt, clock.now()));

		// the home page counts what the werkvoorraad flags: assessments not completed within their norm
		const counts = await homeCounts(db(), { ...vtWorker.actor, userId: vtWorker.user.id }, clock.now());
		expect(counts.overdue).toBe(queue.filter((r) => r.assessmentState === 'overdue').length);
		const flagged = queue.filter((r) => r.assessmentState === 'overdue').map((r) => r.id);
		expect(flagged).toEqual(expect.arrayContaining([overdue, regularOpen, spoedOpen]));
		expect(flagged).not.toContain(onTime);
		expect(flagged).not.toContain(lateOffered);

		// the dashboard's rollups: completions of the week of 30 November on time / late, the backlog at the end of the week of 7 December
		await refreshWeeks(db(), '2026-11-30', '2026-12-07', clock.now());
		const figures = await db()<{ week: string; metric: string; count: number }[]>`
			select week::text as week, metric, count from dashboard_weekly
			where municipality_id = 'GM0473' and metric in ('assessed_on_time', 'assessed_late', 'assessment_backlog') order by week, metric`;
		expect(figures).toEqual([
			{ week: '2026-11-30', metric: 'assessed_late', count: 1 }, // lateOffered, completed on 3 December
			{ week: '2026-11-30', metric: 'assessed_on_time', count: 1 }, // onTime
			{ week: '2026-11-30', metric: 'assessment_backlog', count: 3 }, // at the week's end (Monday 7 December): overdue, regularOpen, spoedOpen
			{ week: '2026-12-07', metric: 'assessment_backlog', count: 3 } // now, the same three
		]);
	});
});

describe('the spoed norm is a setting under Termijnen, applied from the moment it changes', () => {
	it('accepts whole werkdagen shorter than the regular norm, with a clear message otherwise', () => {
		expect(assessmentNormSchema.parse({ spoedDays: ' 2 ' })).toEqual({ spoedDays: 2 });
		const message = (v: string) => assessmentNormSchema.safeParse({ spoedDays: v }).error?.issues[0].message;
		expect(message('0')).toBe('Minimaal 1 werkdag.');
		expect(message('5')).toBe('Hoogstens 4 werkdagen, korter dan de 5 werkdagen van een gewone melding.');
		expect(message('2,5')).toBe('In hele werkdagen, bijvoorbeeld 3.');
		expect(message('drie')).toBe('Vul een aantal werkdagen in, bijvoorbeeld 3.');
	});

	it('is changed by a beheerder of Veilig Thuis only, audited with the old and new value; existing cases keep their norm', async () => {
		const before = await registered('2026-12-14T10:00:00+01:00', { reportDate: '2026-12-11', urgent: true, persons: [] });
		const regular = await registered('2026-12-14T10:01:00+01:00', { reportDate: '2026-12-11', persons: [] });
		expect((await readCase(db(), before))!).toMatchObject({ assessmentNormDays: 3, assessmentDue: '2026-12-16' });

		for (const who of [vtWorker, cjgBeheerder]) {
			await expectError(
				updateAssessmentNorm(db(), who.actor, { spoedDays: 2 }, clock.now()),
				ForbiddenError,
				'Alleen beheerders van Veilig Thuis wijzigen de termijnen.'
			);
		}
		at('2026-12-14T12:00:00+01:00');
		try {
			expect(await updateAssessmentNorm(db(), vtBeheerder.actor, { spoedDays: 2 }, clock.now())).toEqual({ changed: true });
			expect(await updateAssessmentNorm(db(), vtBeheerder.actor, { spoedDays: 2 }, clock.now())).toEqual({ changed: false });
			const audits = await db()<
				{ actorUserId: string; actorOrgId: string; recordType: string; recordId: string; details: Record<string, unknown> }[]
			>`
				select actor_user_id, actor_org_id, record_type, record_id, details from audit_log where action = 'assessment.norm_changed' order by id`;
			expect(audits).toEqual([
				{
					actorUserId: vtBeheerder.user.id,
					actorOrgId: vt.id,
					recordType: 'assessment_norm',
					recordId: 'spoed',
					details: { from: 3, to: 2 }
				}
			]);
			expect(await readAssessmentNormsView(db())).toMatchObject({ spoed: 2, regulier: 5, updatedByName: vtBeheerder.user.name });
			expect((await readAssessmentNormsView(db())).updatedAt).toEqual(clock.now());

			// a spoed melding registered from now on: 2 werkdagen (Fri 11 → Mon 14, Tue 15)
			const after = await registered('2026-12-14T13:00:00+01:00', { reportDate: '2026-12-11', urgent: true, persons: [] });
			expect((await readCase(db(), after))!).toMatchObject({ assessmentNormDays: 2, assessmentDue: '2026-12-15' });
			// the earlier case keeps its 3 werkdagen when it is edited, also with a new melding date (Mon 14 → Thu 17)
			at('2026-12-14T14:00:00+01:00');
			await updateCase(deps(), vtWorker.actor, before, completeCase({ reportDate: '2026-12-14', urgent: true, persons: [] }));
			expect((await readCase(db(), before))!).toMatchObject({ assessmentNormDays: 3, assessmentDue: '2026-12-17' });
			// a regular case that becomes spoed gets the spoed norm in force when it does
			await updateCase(deps(), vtWorker.actor, regular, completeCase({ reportDate: '2026-12-11', urgent: true, persons: [] }));
			expect((await readCase(db(), regular))!).toMatchObject({ assessmentNormDays: 2, assessmentDue: '2026-12-15' });
		} finally {
			await updateAssessmentNorm(db(), vtBeheerder.actor, { spoedDays: 3 }, clock.now());
		}
	});
});
