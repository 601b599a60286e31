import type { Job } from 'bullmq';
import type { Sql } from '../src/lib/server/db/client.ts';
import { log } from '../src/lib/server/log.ts';
import { sealAuditLog } from '../src/lib/server/audit/seal.ts';
import { verifyAuditLog } from '../src/lib/server/audit/verify.ts';

/** A job of the audit queue that is neither a seal nor a verification. */
export class UnknownAuditJobError extends Error {
	override name = 'UnknownAuditJobError';
}

/**
 * The processor of the 'audit' queue: 'seal' adds the settled audit rows to the hash chain (every
 * few minutes), 'verify' checks the whole log against it (nightly) and records the outcome.
 */
export function auditProcessor(deps: { sql: Sql }) {
	return async (job: Job): Promise<Record<string, unknown>> => {
		if (job.name === 'seal') {
			const run = await sealAuditLog(deps.sql);
			if (run.seals) log().info({ seals: run.seals, rows: run.rows }, 'audit rows sealed');
			return { ...run };
		}
		if (job.name === 'verify') {
			const result = await verifyAuditLog(deps.sql, 'job');
			if (result.intact) log().info({ rows: result.rowsChecked, seals: result.sealsChecked }, 'audit log verified: intact');
			else log().error({ problem: result.problem }, 'audit log verification FAILED');
			return { intact: result.intact, rows: result.rowsChecked };
		}
		throw new UnknownAuditJobError(`unknown job "${job.name}" on the audit queue`);
	};
}
