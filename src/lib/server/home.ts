import type { Db } from './db/client.ts';
import { isPartnerWorker, isVtWorker, type Capacity } from './actor.ts';
import { amsterdamDay } from './workdays.ts';
import { dueCheckinCounts } from './checkins/queries.ts';
import { dueMomentsCount } from './monitoring/queries.ts';

/** Live counts for the home page panels (what waits for this person), by panel id. */
export async function homeCounts(sql: Db, who: Capacity & { userId?: string | null }, now: Date): Promise<Record<string, number>> {
	if (isVtWorker(who)) {
		const [row] = await sql<{ queue: number; overdue: number; open: number }[]>`
			select count(*)::int as queue,
			       count(*) filter (where c.assessment_due < ${amsterdamDay(now)}::date
			         and not exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted')))::int as overdue,
			       count(*) filter (where exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted')))::int as open
			from cases c where c.responsible_org_id = ${who.organisationId} and c.closed_at is null`;
		const checkins = who.userId ? await dueCheckinCounts(sql, who.userId, who.organisationId, amsterdamDay(now)) : { due: 0, overdue: 0 };
		const monitoring = who.userId ? await dueMomentsCount(sql, who.organisationId, who.userId, amsterdamDay(now), who.roles.includes('coordinator')) : 0;
		return { werkvoorraad: row.queue, overdue: row.overdue, overdrachten: row.open, veiligheidschecks: checkins.due, veiligheidschecksTeLaat: checkins.overdue, monitoring };
	}
	if (isPartnerWorker(who)) {
		const [row] = await sql<{ open: number; accepted: number }[]>`
			select count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'accepted')::int as accepted
			from handovers where to_org_id = ${who.organisationId}`;
		const [traj] = await sql<{ n: number }[]>`select count(*)::int as n from trajectories where partner_org_id = ${who.organisationId} and status = 'open'`;
		const [waiting] = await sql<{ n: number }[]>`select count(*)::int as n from wait_entries where consortium_id = ${who.organisationId} and care_started_on is null`;
		return { aangeboden: row.open, warm: row.accepted, trajecten: traj.n, wachtlijst: waiting.n };
	}
	return {};
}
