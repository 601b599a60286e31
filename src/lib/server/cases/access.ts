import type { Db } from '../db/client.ts';
import { isUuid } from '../ids.ts';
import { isPartnerWorker, isVtWorker, type Capacity } from '../actor.ts';

/** How an actor relates to a case: VT (everything), partner (the handover view), or no access. */
export type CaseAccess = 'vt' | 'partner' | null;

const LIVE_FOR_PARTNER = ['open', 'accepted', 'completed'];

/**
 * A partner organisation sees a case while it is offered to it, accepted by it or handed over to
 * it, or while the case is on the agenda of a tafel it takes part in that is not closed.
 */
export function partnerCaseCondition(sql: Db, organisationId: string, caseColumn = sql`c.id`) {
	return sql`(
		exists (select 1 from handovers h where h.case_id = ${caseColumn} and h.to_org_id = ${organisationId}
		        and h.status = any(${LIVE_FOR_PARTNER}::handover_status[]))
		or exists (select 1 from table_items ti join handover_tables t on t.id = ti.table_id
		           join table_participants tp on tp.table_id = t.id
		           where ti.case_id = ${caseColumn} and tp.organisation_id = ${organisationId} and t.status <> 'closed')
	)`;
}

/** Decides, in the database, whether the actor may see the case now (gemeente, stuurgroep and beheerder roles never do). */
export async function caseAccess(sql: Db, subject: Capacity, caseId: string): Promise<CaseAccess> {
	if (!isUuid(caseId)) return null;
	if (isVtWorker(subject)) {
		const [row] = await sql`select 1 from cases where id = ${caseId}`;
		return row ? 'vt' : null;
	}
	if (!isPartnerWorker(subject)) return null;
	const [row] = await sql`select 1 from cases c where c.id = ${caseId} and ${partnerCaseCondition(sql, subject.organisationId)}`;
	return row ? 'partner' : null;
}
