import type { Sql } from '../db/client.ts';
import { seedCases } from './cases.ts';
import { seedTables } from './tables.ts';
import { seedWaiting } from './waiting.ts';
import { seedTrajectories } from './trajectories.ts';
import { seedCheckins } from './checkins.ts';
import { seedMonitoring } from './monitoring.ts';
import { seedResponsible } from './responsible.ts';
import { seedCaseload } from './caseload.ts';

/**
 * The demo's cases in every state, written through the services (after `seed`): cases and
 * handovers, a planned tafel, V&V-trajecten, waiting families (before their check-ins), check-ins,
 * closed cases with monitoring, the open cases spread over the team's medewerkers, and the caseload norms with a running and a finished
 * sprint. Each step leaves data that is already there alone.
 */
export async function seedDemoCases(sql: Sql, report: (line: string) => void = () => {}): Promise<void> {
	const cases = await seedCases(sql);
	report(cases ? `seeded ${cases} synthetic cases` : 'cases already present, left as they are');
	await seedTables(sql);
	const trajectories = await seedTrajectories(sql);
	if (trajectories) report(`seeded ${trajectories} V&V-trajecten`);
	const waiting = await seedWaiting(sql);
	report(`waiting times: ${waiting.reports} reports, ${waiting.families} waiting families, snapshots of ${waiting.snapshotDays} days`);
	const checkins = await seedCheckins(sql);
	if (checkins) report(`seeded ${checkins} safety check-ins`);
	const closed = await seedMonitoring(sql);
	if (closed) report(`seeded ${closed} closed cases with monitoring`);
	const reassigned = await seedResponsible(sql);
	if (reassigned) report(`spread ${reassigned} open cases over the VT medewerkers`);
	const sprints = await seedCaseload(sql);
	report(`caseload norms set${sprints ? `; ${sprints} sprints planned` : ''}`);
}
