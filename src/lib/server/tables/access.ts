import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { isVtWorker, isPartnerWorker, type Capacity } from '../actor.ts';

/**
 * Whether an actor may see a tafel: VT workers always; a partner organisation while it takes part
 * (closed tafels stay readable for their participants). Gemeente and stuurgroep roles never.
 */
export async function tableAccess(sql: Db, subject: Capacity, tableId: string): Promise<'vt' | 'participant' | null> {
	if (!isUuid(tableId)) return null;
	if (isVtWorker(subject)) {
		const [row] = await sql`select 1 from handover_tables where id = ${tableId}`;
		return row ? 'vt' : null;
	}
	if (!isPartnerWorker(subject)) return null;
	const [row] = await sql`select 1 from table_participants where table_id = ${tableId} and organisation_id = ${subject.organisationId}`;
	return row ? 'participant' : null;
}
