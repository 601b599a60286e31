import type { Db } from '../db/client.ts';
import { auditActorOf, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { tableAccess } from './access.ts';
import { isUuid } from './common.ts';
import type { ServiceDeps } from '../deps.ts';

/** The people of one organisation who attended a tafel. */
export interface AttendingOrganisation {
	organisationName: string;
	/** Veilig Thuis first, then the partners by name. */
	vt: boolean;
	people: string[];
}

/**
 * Records that a person attends a running tafel (at the tafel page, through its presence), once per
 * organisation they act for, from the first moment they are present; audited as 'table.attended'.
 * No domain event: attendance follows from presence, which is live already ('table:presence'),
 * and nothing waits for it until the summary. Nothing happens for a tafel that is not running,
 * for a person already recorded, or for someone who may not see the tafel. Returns whether a new
 * attendance was recorded.
 */
export async function recordAttendance(deps: ServiceDeps, actor: Actor, tableId: string): Promise<boolean> {
	if (!actor.userId || actor.tokenId || !isUuid(tableId)) return false;
	const now = deps.clock.now();
	return deps.sql.begin(async (tx) => {
		if (!(await tableAccess(tx, actor, tableId))) return false;
		const [row] = await tx`
			insert into table_attendance (table_id, user_id, organisation_id, first_present_at)
			select id, ${actor.userId}, ${actor.organisationId}, ${now} from handover_tables where id = ${tableId} and status = 'running'
			on conflict do nothing returning table_id`;
		if (!row) return false;
		await audit(tx, auditActorOf(actor), 'table.attended', { type: 'table', id: tableId });
		return true;
	});
}

/** Who attended a tafel, per organisation (no access check: callers check first). */
export async function attendanceOf(sql: Db, tableId: string): Promise<AttendingOrganisation[]> {
	const rows = await sql<AttendingOrganisation[]>`
		select o.name as organisation_name, o.kind = 'vt' as vt, array_agg(u.name order by u.name) as people
		from table_attendance a join organisations o on o.id = a.organisation_id join users u on u.id = a.user_id
		where a.table_id = ${tableId}
		group by o.id, o.name, o.kind
		order by o.kind = 'vt' desc, o.name`;
	return [...rows];
}
