import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { preflight } from '../preflight.ts';
import { closeDb, db } from '../db/client.ts';
import { closeRedis } from '../redis.ts';
import { seed } from '../seed/seed.ts';

await runOrExit('seed', async () => {
	await preflight();
	const result = await seed(db(), env().NODE_ENV);
	console.log(`seeded ${result.organisations} organisations and ${result.users} demo accounts`);
	await Promise.all([closeDb(), closeRedis()]);
});
