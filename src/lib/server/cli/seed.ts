import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { preflight } from '../preflight.ts';
import { closeDb, db, useStatementTimeout } from '../db/client.ts';
import { closeRedis } from '../redis.ts';
import { closeQueues } from '../queues.ts';
import { closeDetachedRealtime } from '../realtime/hub.ts';
import { seed } from '../seed/seed.ts';
import { seedDemoCases } from '../seed/demo.ts';
import { seedHistory } from '../seed/history.ts';

await runOrExit('seed', async () => {
	useStatementTimeout(env().WORKER_STATEMENT_TIMEOUT_SECONDS); // the history is written in a few long statements
	await preflight();
	const result = await seed(db(), env().NODE_ENV);
	console.log(`seeded ${result.organisations} organisations and ${result.users} demo accounts`);
	await seedDemoCases(db(), (line) => console.log(line));
	// a year of synthetic history for the dashboard, then the doorstroom figures of every period that has ended
	const history = await seedHistory(db(), new Date(), { publish: true });
	console.log(
		`${history.counts ? `seeded a year of history: ${history.counts.cases} meldingen, ${history.counts.handovers} handovers` : 'history already present, left as it is'}; ${history.published?.length ?? 0} periods of doorstroom figures published`
	);
	// the queue handles too: answering an offer removes its SLA follow-up jobs, which opens one
	await Promise.all([closeDetachedRealtime(), closeQueues(), closeDb(), closeRedis()]);
});
