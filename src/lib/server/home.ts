import type { Db } from './db/client.ts';
import { isPartnerWorker, isVtWorker, type Capacity } from './actor.ts';
import { amsterdamDay } from './workdays.ts';
import { dueCheckinCounts } from './checkins/queries.ts';
import { dueMomentsCount } from './monitoring/queries.ts';
import { assessmentStateOf } from './cases/lateness.ts';

/**
 * Live counts for the home page panels (what waits for this person), by panel id. VT's werkvoorraad
 * is the team's and "Mijn zaken" the person's own (the cases she is responsible for); running
 * handovers, check-ins and monitoring are a medewerker's own and, for a coordinator, the team's
 * (lib/home.ts says which on each panel). "overdue" counts the assessments
 * not completed within their norm (rule 1: cases/lateness.ts), as the werkvoorraad flags them.
 */
export async function homeCounts(sql: Db, who: Capacity & { userId?: string | null }, now: Date): Promise<Record<string, number>> {
	const today = amsterdamDay(now);
	if (isVtWorker(who)) {
		const team = who.roles.includes('coordinator');
		const own = team ? null : (who.userId ?? null);
		// a medewerker's running handovers are those of her own cases (rule 6); a coordinator's the team's
		const [row] = await sql<{ queue: number; overdue: number; open: number; mine: number }[]>`
			select count(*)::int as queue,
			       count(*) filter (where ${assessmentStateOf(sql, now)} = 'overdue')::int as overdue,
			       count(*) filter (where exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted'))
			                          and (${own}::uuid is null or c.responsible_user_id = ${own}))::int as open,
			       count(*) filter (where c.responsible_user_id = ${who.userId ?? null})::int as mine
			from cases c where c.responsible_org_id = ${who.organisationId} and c.closed_at is null`;
		const checkins = team || own ? await dueCheckinCounts(sql, who.organisationId, own, today) : { due: 0, overdue: 0 };
		const monitoring = team || own ? await dueMomentsCount(sql, who.organisationId, own, today) : 0;
		return {
			werkvoorraad: row.queue,
			overdue: row.overdue,
			mijnzaken: row.mine,
			overdrachten: row.open,
			veiligheidschecks: checkins.due,
			veiligheidschecksTeLaat: checkins.overdue,
			monitoring
		};
	}
	if (isPartnerWorker(who)) {
		const [row] = await sql<{ open: number; accepted: number }[]>`
			select count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'accepted')::int as accepted
			from handovers where to_org_id = ${who.organisationId}`;
		const [traj] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from trajectories where partner_org_id = ${who.organisationId} and status = 'open'`;
		const [waiting] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from wait_entries where consortium_id = ${who.organisationId} and care_started_on is null`;
		return { aangeboden: row.open, warm: row.accepted, trajecten: traj.n, wachtlijst: waiting.n };
	}
	return {};
}
