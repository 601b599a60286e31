import type { Sql } from '../db/client.ts';

/** What a verification of the audit log found; `problem` names the first place where it breaks. */
export interface AuditVerification {
	intact: boolean;
	rowsChecked: number;
	sealsChecked: number;
	/** The highest id covered by a seal (null before the first seal). */
	sealedThrough: number | null;
	/** Rows newer than the last seal: their digests are checked, the chain does not cover them yet. */
	unsealedRows: number;
	problem: string | null;
	checkedAt: Date;
}

interface SealCheck {
	id: string;
	firstId: string;
	lastId: string;
	rowCount: number;
	actualCount: number;
	rowsMatch: boolean;
	selfMatch: boolean;
	previousHash: Buffer;
	sealHash: Buffer;
}

const range = (s: SealCheck) => `rijen ${s.firstId}–${s.lastId}`;

/**
 * Checks the audit log against its tamper evidence: every row's stored digest against its
 * content, and every seal against the rows of its range and the seal before it. Records the
 * outcome in audit_verifications (the status page shows the last) and returns it.
 */
export async function verifyAuditLog(sql: Sql, via: 'job' | 'cli'): Promise<AuditVerification> {
	const changed = await sql<{ id: string }[]>`
		select a.id::text from audit_log a where a.row_hash is distinct from audit_row_digest(a) order by a.id limit 5`;
	const seals = await sql<SealCheck[]>`
		select s.id::text, s.first_id::text, s.last_id::text, s.row_count, s.previous_hash, s.seal_hash,
		       (select count(*)::int from audit_log a where a.id between s.first_id and s.last_id) as actual_count,
		       audit_rows_digest(s.first_id, s.last_id) = s.rows_hash as rows_match,
		       audit_seal_digest(s.previous_hash, s.first_id, s.last_id, s.row_count, s.rows_hash) = s.seal_hash as self_match
		from audit_seals s order by s.first_id`;
	const [totals] = await sql<{ rows: number; unsealed: number }[]>`
		select count(*)::int as rows,
		       count(*) filter (where id > coalesce((select max(last_id) from audit_seals), 0))::int as unsealed
		from audit_log`;

	const problems: string[] = [];
	if (changed.length) {
		problems.push(
			`${changed.length === 5 ? 'Onder meer rij' : changed.length === 1 ? 'Rij' : 'Rijen'} ${changed.map((r) => r.id).join(', ')} ${changed.length === 1 ? 'is' : 'zijn'} gewijzigd: de inhoud past niet meer bij de vingerafdruk.`
		);
	}
	let previous: SealCheck | undefined;
	for (const seal of seals) {
		const expectedFirst = previous ? BigInt(previous.lastId) + 1n : 1n;
		const expectedPrevious = previous?.sealHash ?? Buffer.alloc(0);
		if (BigInt(seal.firstId) !== expectedFirst || !seal.previousHash.equals(expectedPrevious)) {
			problems.push(`Zegel ${seal.id} (${range(seal)}) sluit niet aan op het zegel ervoor: de keten is verbroken.`);
		} else if (!seal.selfMatch) {
			problems.push(`Zegel ${seal.id} (${range(seal)}) is zelf gewijzigd.`);
		} else if (seal.actualCount !== seal.rowCount) {
			problems.push(
				`Zegel ${seal.id} (${range(seal)}): ${seal.actualCount} rijen waar er ${seal.rowCount} verzegeld zijn (rijen verwijderd of toegevoegd).`
			);
		} else if (!seal.rowsMatch) {
			problems.push(
				`Zegel ${seal.id} (${range(seal)}): de rijen passen niet bij het zegel (een rij is gewijzigd, met een nieuwe vingerafdruk).`
			);
		}
		if (problems.length) break;
		previous = seal;
	}

	const result: AuditVerification = {
		intact: problems.length === 0,
		rowsChecked: totals.rows,
		sealsChecked: seals.length,
		sealedThrough: seals.length ? Number(seals[seals.length - 1].lastId) : null,
		unsealedRows: totals.unsealed,
		problem: problems.length ? problems.join(' ') : null,
		checkedAt: new Date()
	};
	const [row] = await sql<{ checkedAt: Date }[]>`
		insert into audit_verifications (intact, rows_checked, seals_checked, sealed_through, unsealed_rows, problem, via)
		values (${result.intact}, ${result.rowsChecked}, ${result.sealsChecked}, ${result.sealedThrough}, ${result.unsealedRows}, ${result.problem}, ${via})
		returning checked_at`;
	result.checkedAt = row.checkedAt;
	return result;
}

export interface AuditIntegrityStatus {
	lastVerification: (AuditVerification & { via: string }) | null;
	lastSealedAt: Date | null;
	sealedThrough: number | null;
}

/** The last recorded verification and the end of the seal chain, for the status page. */
export async function auditIntegrityStatus(sql: Sql): Promise<AuditIntegrityStatus> {
	const [verification] = await sql<(AuditVerification & { via: string })[]>`
		select intact, rows_checked::float8, seals_checked, sealed_through::float8, unsealed_rows::float8, problem, checked_at, via
		from audit_verifications order by checked_at desc limit 1`;
	const [seal] = await sql<
		{ sealedAt: Date; lastId: number }[]
	>`select sealed_at, last_id::float8 from audit_seals order by last_id desc limit 1`;
	return { lastVerification: verification ?? null, lastSealedAt: seal?.sealedAt ?? null, sealedThrough: seal?.lastId ?? null };
}
