import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { preflight } from '../preflight.ts';
import { closeDb, db } from '../db/client.ts';
import { closeRedis } from '../redis.ts';
import { closeDetachedRealtime } from '../realtime/hub.ts';
import { seed } from '../seed/seed.ts';
import { seedCases } from '../seed/cases.ts';
import { seedTables } from '../seed/tables.ts';

await runOrExit('seed', async () => {
	await preflight();
	const result = await seed(db(), env().NODE_ENV);
	console.log(`seeded ${result.organisations} organisations and ${result.users} demo accounts`);
	const cases = await seedCases(db());
	console.log(cases ? `seeded ${cases} synthetic cases` : 'cases already present, left as they are');
	await seedTables(db());
	await Promise.all([closeDetachedRealtime(), closeDb(), closeRedis()]);
});
