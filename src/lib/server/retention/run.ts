import type { Sql } from '../db/client.ts';
import { audit, type AuditActor } from '../audit/log.ts';
import { log } from '../log.ts';
import { retentionPolicy, type RetentionPolicy } from './policy.ts';
import { RETENTION_KINDS } from './kinds.ts';
import type { RetentionKind } from './types.ts';
import type { ServiceDeps } from '../deps.ts';

export interface RetentionOptions {
	/** Only count what is due; change nothing and write no audit row. */
	dryRun?: boolean;
	/** Who started the run, for the audit row. */
	via: 'job' | 'cli';
	/** Defaults to the deployment's policy (RETENTION_* in the environment). */
	policy?: RetentionPolicy;
	/** Defaults to every kind (RETENTION_KINDS). */
	kinds?: readonly RetentionKind[];
}

/** What a run did (or, in a dry run, would do) with one kind. */
export interface KindResult {
	kind: string;
	effect: RetentionKind['effect'];
	/** Rows whose period started before this moment were due. */
	before: Date;
	/** Rows removed or pseudonymised (dry run: due). */
	count: number;
	/** When the period of the oldest due row started (at the start of the run). */
	oldest: Date | null;
}

export interface RetentionReport {
	at: Date;
	dryRun: boolean;
	kinds: KindResult[];
}

const SYSTEM: AuditActor = { userId: null, organisationId: null, roles: [], ip: null, userAgent: null };

/**
 * Applies the retention policy at the clock's now: per kind, batches of at most policy.batchSize
 * rows, each its own short transaction, until nothing due is left; then one audit row per kind
 * with the count (no personal data). Idempotent: a second run finds nothing due. When a kind fails
 * part-way, what its committed batches did is audited as interrupted and the error is rethrown.
 * A dry run only counts.
 */
export async function runRetention(deps: ServiceDeps, options: RetentionOptions): Promise<RetentionReport> {
	const policy = options.policy ?? retentionPolicy();
	const at = deps.clock.now();
	const dryRun = options.dryRun ?? false;
	const kinds: KindResult[] = [];
	for (const kind of options.kinds ?? RETENTION_KINDS) {
		const before = kind.cutoff(at, policy);
		const due = await kind.due(deps.sql, before);
		const count = dryRun ? due.count : await applyKind(deps.sql, kind, before, due.count, policy.batchSize, at, options.via);
		kinds.push({ kind: kind.id, effect: kind.effect, before, count, oldest: due.oldest });
	}
	return { at, dryRun, kinds };
}

async function applyKind(
	sql: Sql,
	kind: RetentionKind,
	before: Date,
	due: number,
	batchSize: number,
	at: Date,
	via: RetentionOptions['via']
): Promise<number> {
	const record = { type: 'retention', id: kind.id };
	const details = { what: kind.label, before: before.toISOString(), via };
	let done = 0;
	try {
		// the due set only shrinks during a run: stop at a short batch or once the rows due at the start are done
		while (done < due) {
			const changed = await sql.begin((tx) => kind.apply(tx, before, batchSize, at));
			done += changed;
			if (changed < batchSize) break;
		}
	} catch (error) {
		await audit(sql, SYSTEM, 'retention.applied', record, { ...details, count: done, interrupted: true }).catch((err: Error) =>
			log().warn({ kind: kind.id, count: done, err: err.message }, 'could not audit an interrupted retention run')
		);
		throw error;
	}
	await audit(sql, SYSTEM, 'retention.applied', record, { ...details, count: done });
	return done;
}
