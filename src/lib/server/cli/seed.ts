import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { preflight } from '../preflight.ts';
import { closeDb, db } from '../db/client.ts';
import { closeRedis } from '../redis.ts';
import { closeQueues } from '../queues.ts';
import { closeDetachedRealtime } from '../realtime/hub.ts';
import { seed } from '../seed/seed.ts';
import { seedCases } from '../seed/cases.ts';
import { seedTables } from '../seed/tables.ts';
import { seedWaiting } from '../seed/waiting.ts';
import { seedTrajectories } from '../seed/trajectories.ts';
import { seedCheckins } from '../seed/checkins.ts';
import { seedMonitoring } from '../seed/monitoring.ts';
import { seedHistory } from '../seed/history.ts';

await runOrExit('seed', async () => {
	await preflight();
	const result = await seed(db(), env().NODE_ENV);
	console.log(`seeded ${result.organisations} organisations and ${result.users} demo accounts`);
	const cases = await seedCases(db());
	console.log(cases ? `seeded ${cases} synthetic cases` : 'cases already present, left as they are');
	await seedTables(db());
	const trajectories = await seedTrajectories(db());
	if (trajectories) console.log(`seeded ${trajectories} V&V-trajecten`);
	// the waiting families first: the check-ins are seeded for them
	const waiting = await seedWaiting(db());
	console.log(`waiting times: ${waiting.reports} reports, ${waiting.families} waiting families, snapshots of ${waiting.snapshotDays} days`);
	const checkins = await seedCheckins(db());
	if (checkins) console.log(`seeded ${checkins} safety check-ins`);
	const closed = await seedMonitoring(db());
	if (closed) console.log(`seeded ${closed} closed cases with monitoring`);
	// a year of synthetic history for the dashboard, then every week's rollups
	const history = await seedHistory(db(), new Date(), { refresh: true });
	console.log(`${history.counts ? `seeded a year of history: ${history.counts.cases} meldingen, ${history.counts.handovers} handovers` : 'history already present, left as it is'}; dashboard rollups refreshed`);
	// the queue handles too: answering an offer removes its SLA timers, which opens one
	await Promise.all([closeDetachedRealtime(), closeQueues(), closeDb(), closeRedis()]);
});
