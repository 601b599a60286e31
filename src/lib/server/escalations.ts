import type { Db } from './db/client.ts';
import { amsterdamDay } from './workdays.ts';

/** The kinds of late items a VT team has, each solved on its own page. */
export const ESCALATION_KINDS = ['vv', 'checkin', 'monitoring', 'offer'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

/** One late item of the team: no family data, only the case reference, what is late and who owns it. */
export interface EscalationItem {
	kind: EscalationKind;
	/** The record that is late (a V&V item or trajectory, a check-in, a monitoring moment, a handover). */
	id: string;
	caseId: string;
	reference: string;
	/** What is late, in Dutch ("Veiligheidsvoorwaarde te laat"). */
	what: string;
	/** Who has to act: "Veilig Thuis", the partner organisation, the assigned medewerker. */
	owner: string;
	/** The day it was due (YYYY-MM-DD, Amsterdam). */
	due: string;
	/** The workers have escalated it to the coordinators (or, for an offer, reported the breach). */
	escalated: boolean;
	/** Where it is solved. */
	href: string;
}

export interface TeamEscalations {
	/** Per kind the first items (escalated first, then the oldest). */
	items: Record<EscalationKind, EscalationItem[]>;
	/** Per kind how many there are in all, and how many of those are escalated. */
	totals: Record<EscalationKind, { all: number; escalated: number }>;
}

/**
 * The open escalations and late items of a VT team at `now`, straight from the data: V&V
 * conditions and steps past their overdue moment and trajectories past their term, safety
 * check-ins and monitoring moments past their day, and offers past their response time with no
 * answer. Each links to where it is solved. At most `limit` items per kind; the totals count all.
 */
export async function teamEscalations(sql: Db, vtOrgId: string, now: Date, limit = 5): Promise<TeamEscalations> {
	const today = amsterdamDay(now);
	const rows = await sql<(EscalationItem & { kindTotal: number; kindEscalated: number; rank: number })[]>`
		select * from (
		  select x.*, count(*) over (partition by x.kind)::int as kind_total,
		         count(*) filter (where x.escalated) over (partition by x.kind)::int as kind_escalated,
		         row_number() over (partition by x.kind order by x.escalated desc, x.due, x.reference, x.id) as rank
		  from (
		    select 'vv' as kind, i.id::text as id, t.case_id, c.reference, 'Veiligheidsvoorwaarde te laat' as what,
		           case when i.owner_side = 'vt' then 'Veilig Thuis' else o.name end as owner, to_char(i.due_on, 'YYYY-MM-DD') as due,
		           i.escalated_at is not null as escalated, '/trajecten/' || t.id as href
		    from trajectory_conditions i join trajectories t on t.id = i.trajectory_id join cases c on c.id = t.case_id
		    join organisations o on o.id = t.partner_org_id
		    where t.vt_org_id = ${vtOrgId} and t.status = 'open' and i.status = 'open' and i.remind_due <= ${now}
		    union all
		    select 'vv', i.id::text, t.case_id, c.reference, 'Vervolgstap te laat',
		           case when i.owner_side = 'vt' then 'Veilig Thuis' else o.name end, to_char(i.due_on, 'YYYY-MM-DD'),
		           i.escalated_at is not null, '/trajecten/' || t.id
		    from trajectory_steps i join trajectories t on t.id = i.trajectory_id join cases c on c.id = t.case_id
		    join organisations o on o.id = t.partner_org_id
		    where t.vt_org_id = ${vtOrgId} and t.status = 'open' and not i.done and i.remind_due <= ${now}
		    union all
		    select 'vv', t.id::text, t.case_id, c.reference, 'Termijn V&V-traject verstreken', 'Veilig Thuis en ' || o.name,
		           to_char(t.statutory_due, 'YYYY-MM-DD'), t.term_escalated_at is not null, '/trajecten/' || t.id
		    from trajectories t join cases c on c.id = t.case_id join organisations o on o.id = t.partner_org_id
		    where t.vt_org_id = ${vtOrgId} and t.status = 'open' and t.term_escalate_due <= ${now}
		    union all
		    select 'checkin', sc.id::text, sc.case_id, c.reference, 'Veiligheidscheck te laat', u.name, to_char(sc.due_on, 'YYYY-MM-DD'),
		           sc.escalated_at is not null, '/veiligheidschecks/' || sc.id
		    from safety_checkins sc join wait_entries we on we.id = sc.wait_entry_id join cases c on c.id = sc.case_id
		    join users u on u.id = sc.assigned_to
		    where sc.vt_org_id = ${vtOrgId} and sc.outcome is null and sc.cancelled_at is null and we.care_started_on is null
		      and sc.due_on < ${today}::date
		    union all
		    select 'monitoring', mm.id::text, mm.case_id, c.reference, 'Monitoring te laat', u.name, to_char(mm.planned_on, 'YYYY-MM-DD'),
		           mm.escalated_at is not null, '/monitoring/' || mm.id
		    from monitoring_moments mm join cases c on c.id = mm.case_id join users u on u.id = mm.monitor_id
		    where mm.vt_org_id = ${vtOrgId} and mm.recorded_at is null and mm.cancelled_at is null and mm.planned_on < ${today}::date
		    union all
		    select 'offer', h.id::text, h.case_id, c.reference, 'Geen antwoord binnen de reactietermijn', o.name,
		           to_char(h.respond_before at time zone 'Europe/Amsterdam', 'YYYY-MM-DD'), h.breached_at is not null, '/zaken/' || h.case_id
		    from handovers h join cases c on c.id = h.case_id join organisations o on o.id = h.to_org_id
		    where h.from_org_id = ${vtOrgId} and h.status = 'open' and h.respond_before <= ${now}
		  ) x
		) ranked
		where rank <= ${limit}
		order by kind, rank`;
	const items = Object.fromEntries(ESCALATION_KINDS.map((k) => [k, [] as EscalationItem[]])) as TeamEscalations['items'];
	const totals = Object.fromEntries(ESCALATION_KINDS.map((k) => [k, { all: 0, escalated: 0 }])) as TeamEscalations['totals'];
	for (const { kindTotal, kindEscalated, rank: _rank, ...item } of rows) {
		items[item.kind].push(item);
		totals[item.kind] = { all: kindTotal, escalated: kindEscalated };
	}
	return { items, totals };
}

/** How many late items the team has in all. */
export function escalationCount(e: TeamEscalations): number {
	return ESCALATION_KINDS.reduce((n, k) => n + e.totals[k].all, 0);
}
