import { env } from '../env.ts';
import { runOrExit } from '../startup.ts';
import { preflight } from '../preflight.ts';
import { closeDb, db, useStatementTimeout } from '../db/client.ts';
import { closeRedis } from '../redis.ts';
import { verifyAuditLog } from '../audit/verify.ts';

/**
 * `npm run audit:verify` checks the audit log against its row digests and seal chain, records the
 * outcome (the status page shows it) and prints it; exits 1 when the log is not intact.
 */
await runOrExit('audit:verify', async () => {
	useStatementTimeout(env().WORKER_STATEMENT_TIMEOUT_SECONDS);
	let intact: boolean;
	try {
		await preflight();
		const result = await verifyAuditLog(db(), 'cli');
		intact = result.intact;
		const sealed =
			result.sealedThrough === null ? 'nog geen zegel' : `verzegeld t/m rij ${result.sealedThrough} in ${result.sealsChecked} zegels`;
		console.log(`${result.rowsChecked} rijen gecontroleerd, ${sealed}, ${result.unsealedRows} rijen wachten op het volgende zegel.`);
		console.log(result.intact ? 'Auditlog intact.' : `Auditlog NIET intact: ${result.problem}`);
	} finally {
		await Promise.allSettled([closeDb(), closeRedis()]);
	}
	process.exitCode = intact ? 0 : 1;
});
