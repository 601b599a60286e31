import type { Sql } from '../db/client.ts';
import { ManualClock } from '../clock.ts';
import { amsterdamDay } from '../workdays.ts';
import { amsterdamInstant } from '../time.ts';
import {
	addCondition,
	addDays,
	addStep,
	openTrajectory,
	setConditionStatus,
	setPartnerResponsible,
	setStepDone
} from '../trajectories/service.ts';
import { readTrajectory } from '../trajectories/queries.ts';
import { actorFor } from './cases.ts';

const CONDITIONS = [
	{
		description: 'Er is geen fysiek geweld in het gezin; bij spanning belt moeder het wijkteam of de crisisdienst.',
		ownerSide: 'partner' as const
	},
	{ description: 'Vader volgt een agressieregulatietraining en meldt zich binnen twee weken aan.', ownerSide: 'vt' as const },
	{ description: 'De kinderen gaan dagelijks naar school; school meldt verzuim dezelfde dag.', ownerSide: 'partner' as const }
];
const STEPS = [
	{ description: 'Gezamenlijk gesprek met ouders, CJG en Veilig Thuis om de voorwaarden door te nemen.', ownerSide: 'vt' as const },
	{ description: 'Huisbezoek door de CJG-medewerker en afstemming met de huisarts.', ownerSide: 'partner' as const }
];

/**
 * Demo V&V-trajecten: for up to four seeded cases accepted by CJG Kennemerland, a trajectory with
 * conditions and steps, one of them overdue (the workers remind and escalate it once they run).
 * Written through the services; runs only when there are no trajectories yet.
 */
export async function seedTrajectories(sql: Sql, now: Date = new Date()): Promise<number> {
	const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from trajectories`;
	if (count > 0) return 0;
	const vt = await actorFor(sql, { email: 'vt.medewerker@ketentafel.test', kind: 'vt', roles: ['medewerker'] });
	const cjg = await actorFor(sql, { email: 'cjg.medewerker@ketentafel.test', kind: 'cjg', roles: ['medewerker'] });
	const cases = await sql<{ caseId: string; answeredAt: Date }[]>`
		select h.case_id, h.answered_at from handovers h
		where h.to_org_id = ${cjg.organisationId} and h.status in ('accepted', 'completed') and h.answered_at is not null
		order by h.answered_at limit 4`;
	const clock = new ManualClock(now);
	const deps = { sql, clock };
	const today = amsterdamDay(now);
	for (const [i, c] of cases.entries()) {
		clock.set(new Date(Math.min(c.answeredAt.getTime() + 3_600_000, now.getTime())));
		const id = await openTrajectory(deps, vt, c.caseId, { partnerOrgId: cjg.organisationId, vtResponsibleId: vt.userId! });
		if (i !== 3) await setPartnerResponsible(deps, cjg, id, cjg.userId!);
		for (const [j, cond] of CONDITIONS.entries()) {
			// the first trajectory has a condition that was due a week ago
			const dueOn = i === 0 && j === 1 ? addDays(today, -7) : addDays(today, 7 + 7 * j + i);
			// agreed before it was due (the service refuses a due date in the past)
			const agreedAt = dueOn < amsterdamDay(clock.now()) ? amsterdamInstant(addDays(dueOn, -1), '10:00') : clock.now();
			await addCondition({ sql, clock: { now: () => agreedAt } }, j % 2 ? vt : cjg, id, { ...cond, dueOn });
		}
		for (const [j, step] of STEPS.entries()) await addStep(deps, vt, id, { ...step, dueOn: addDays(today, 3 + 5 * j + i) });
		const t = await readTrajectory(sql, id);
		if (t && i === 1) {
			await setConditionStatus(deps, cjg, id, t.conditions[0].id, 'nagekomen');
			await setStepDone(deps, vt, id, t.steps[0].id, true);
		}
	}
	return cases.length;
}
