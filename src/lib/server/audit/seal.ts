import type { Sql } from '../db/client.ts';

const SEAL_LOCK_ID = 741_852_964; // pg_advisory_xact_lock key: one sealer at a time
/** Rows younger than this are left for the next run: a transaction still open may own ids below them. */
export const SEAL_GRACE_SECONDS = 120;
/** Most rows one seal covers (one transaction). */
export const SEAL_BATCH_ROWS = 50_000;

export interface SealRun {
	seals: number;
	rows: number;
	/** Why nothing could be sealed this time, if so. */
	waited: 'other_sealer' | 'long_transaction' | null;
}

export interface SealOptions {
	graceSeconds?: number;
	batchRows?: number;
	maxSeals?: number;
}

/**
 * Seals the audit rows that can no longer change into the hash chain of audit_seals, in batches.
 * Ids are taken in insertion order, so a row inserted before `now - grace` can be sealed once no
 * transaction that started before `now - grace + 1 s` is still open: any uncommitted row then
 * has a later id than every row sealed. Otherwise the run waits for the next one. The database
 * computes each seal (migration 018); the run only chooses ranges, so writers never wait on a lock.
 */
export async function sealAuditLog(sql: Sql, options: SealOptions = {}): Promise<SealRun> {
	const { graceSeconds = SEAL_GRACE_SECONDS, batchRows = SEAL_BATCH_ROWS, maxSeals = 40 } = options;
	const run: SealRun = { seals: 0, rows: 0, waited: null };
	while (run.seals < maxSeals) {
		const sealed = await sql.begin(async (tx) => {
			const [{ locked }] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${SEAL_LOCK_ID}) as locked`;
			if (!locked) return 'other_sealer' as const;
			// one moment for both the check and the cutoff, so that the argument above holds
			const [{ oldTransactions, cutoff }] = await tx<{ oldTransactions: number; cutoff: Date }[]>`
				with moment as (select clock_timestamp() as at)
				select (select count(*)::int from pg_stat_activity
				        where datname = current_database() and pid <> pg_backend_pid()
				          and xact_start < moment.at - make_interval(secs => ${graceSeconds - 1})) as old_transactions,
				       moment.at - make_interval(secs => ${graceSeconds}) as cutoff
				from moment`;
			if (oldTransactions > 0) return 'long_transaction' as const;
			const [range] = await tx<{ firstId: string; lastId: string | null }[]>`
				with next as (select coalesce(max(last_id), 0) + 1 as first_id from audit_seals)
				select next.first_id::text, (
				  select max(b.id)::text from (
				    select a.id from audit_log a where a.id >= next.first_id and a.inserted_at < ${cutoff}
				    order by a.id limit ${batchRows}
				  ) b
				) as last_id
				from next`;
			if (range.lastId === null) return null;
			const [seal] = await tx<{ rowCount: number }[]>`
				insert into audit_seals (first_id, last_id, row_count, rows_hash, previous_hash, seal_hash)
				values (${range.firstId}, ${range.lastId}, 0, '', '', '') returning row_count`;
			return seal.rowCount;
		});
		if (sealed === null) break;
		if (typeof sealed === 'string') {
			run.waited = sealed;
			break;
		}
		run.seals += 1;
		run.rows += sealed;
	}
	return run;
}
