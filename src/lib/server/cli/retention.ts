import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { preflight } from '../preflight.ts';
import { closeDb, db, useStatementTimeout } from '../db/client.ts';
import { closeRedis } from '../redis.ts';
import { systemClock } from '../clock.ts';
import { ConfigError } from '../errors.ts';
import { runRetention } from '../retention/run.ts';
import { formatRetentionReport } from '../retention/report.ts';

/**
 * `npm run retention -- --dry-run` shows per kind what the retention policy would remove or
 * pseudonymise now (counts, the oldest affected date) and changes nothing; without --dry-run it
 * applies the policy as the nightly job does (audited).
 */
await runOrExit('retention', async () => {
	const args = process.argv.slice(2);
	const unknown = args.find((a) => a !== '--dry-run');
	if (unknown) throw new ConfigError(`unknown option "${unknown}"; usage: npm run retention [-- --dry-run]`);
	useStatementTimeout(env().WORKER_STATEMENT_TIMEOUT_SECONDS); // as the nightly job
	try {
		await preflight();
		const report = await runRetention({ sql: db(), clock: systemClock }, { dryRun: args.includes('--dry-run'), via: 'cli' });
		console.log(formatRetentionReport(report));
	} finally {
		await Promise.allSettled([closeDb(), closeRedis()]);
	}
});
