import { HISTORY_SCENARIOS, HISTORY_TEXTS } from './history-texts.ts';

/**
 * The statements of the history generator (see generateHistory), over the temporary tables and
 * calendar functions it sets up: hist_p (parameters), hist_count (meldingen per day and gemeente),
 * hist_wijkteam, hist_person, and pg_temp.hist_* (working-time positions, see history-calendar.ts).
 */

/** Weeks a family waits for a zorgvorm in Haarlemmermeer; Zuid-Kennemerland and IJmond wait longer (DESIGN rule 8). */
export const BASE_WEEKS: Record<string, number> = { ihub: 5, gezinsbehandeling: 7, trauma: 10, 'jeugd-ggz': 13, verblijf: 16 };
export const SUBREGION_FACTOR: Record<string, number> = { 'zuid-kennemerland': 1.6, ijmond: 1.45, haarlemmermeer: 0.85 };

/** A text[] literal of our own synthetic texts (quotes doubled). */
const texts = (list: readonly string[]) => `array[${list.map((t) => `'${t.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
/** One of the texts, picked by a random column. */
const pick = (list: readonly string[], r: string) => `(${texts(list)})[1 + floor(${r} * ${list.length})::int]`;
export const caseMap = (expr: string, values: Record<string, number>, otherwise = 1) =>
	`(case ${expr} ${Object.entries(values)
		.map(([k, v]) => `when '${k}' then ${v}`)
		.join(' ')} else ${otherwise} end)`;

const T = HISTORY_TEXTS;

/** The plan: temporary tables, each derived from the one before; random columns first, then what follows from them. */
export const PLAN: string[] = [
	// one row per melding, in a fixed order, with its random draws
	`create temporary table hist_case on commit drop as
	 select row_number() over ()::int as n, gen_random_uuid() as id, b.*,
	        random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6, random() as r7, random() as r8,
	        random() as r9, random() as r10, random() as r11, random() as r12, random() as r13, random() as r14, random() as r15, random() as r16
	 from (select c.day as report_date, c.municipality_id, m.subregion_id, c.late_p, c.trend
	       from hist_count c join municipalities m on m.id = c.municipality_id cross join generate_series(1, c.n) g
	       order by c.day, c.municipality_id, g) b`,
	// registration on the (next) working day, the norm (spoed its own), the assessment on time or late, the first offer or a direct closure
	`create temporary table hist_c on commit drop as
	 select h.id, h.n, h.report_date, h.municipality_id, h.subregion_id, h.trend, h.r13, h.r14, h.r15, h.r16,
	        a.urgent, h.r2 < 0.78 as children_involved, h.r3 < 0.12 as elderly_involved, h.r4 < 0.4 as help_present,
	        1 + floor(h.r5 * ${HISTORY_SCENARIOS.length})::int as scenario, 1 + floor(h.r6 * cardinality(p.staff))::int as staff_no,
	        a.created_pos, a.norm_days, a.assessment_due, b.completed_pos,
	        b.completed_pos + 60 + floor(-ln(1 - h.r11) * 600)::int as first_offer_pos,
	        b.completed_pos + 240 + floor(h.r12 * 2880)::int as direct_close_pos,
	        h.r10 < 0.72 as offered
	 from hist_case h cross join hist_p p
	 cross join lateral (select h.r1 < 0.12 as urgent) u
	 cross join lateral (select n.working_days as norm_days from assessment_norms n
	                     where n.urgency = (case when u.urgent then 'spoed' else 'regulier' end)::sla_urgency) nd
	 cross join lateral (select u.urgent, pg_temp.hist_dpos(h.report_date) + 30 + floor(h.r7 * 420)::int as created_pos, nd.norm_days,
	                            pg_temp.hist_add_wd(h.report_date, nd.norm_days) as assessment_due) a
	 cross join lateral (select case
	     when h.r8 < h.late_p * (case when a.urgent then 0.5 else 1 end) then pg_temp.hist_dend(a.assessment_due) + 30 + floor(h.r9 * 3360)::int
	     when a.urgent then a.created_pos + 60 + floor(h.r9 * least(960, pg_temp.hist_dend(a.assessment_due) - a.created_pos - 60))::int
	     else a.created_pos + 60 + floor(h.r9 * (pg_temp.hist_dend(a.assessment_due) - a.created_pos - 60))::int end as completed_pos) b`,
	// how many handovers each offered case gets, so that the total is exactly the plan's
	`create temporary table hist_k on commit drop as
	 select o.id, (p.handovers / o.total + (o.rk <= p.handovers % o.total)::int)::int as k
	 from (select id, row_number() over (order by r13, n) as rk, count(*) over () as total from hist_c where offered) o cross join hist_p p`,
	`create temporary table hist_h0 on commit drop as
	 select gen_random_uuid() as id, b.*,
	        random() as q1, random() as q2, random() as q3, random() as q4, random() as q5, random() as q6, random() as q7, random() as q8,
	        random() as q9, random() as q10
	 from (select c.id as case_id, c.n, g.j, g.j = hk.k as last, c.municipality_id, c.subregion_id, c.urgent, c.trend, c.staff_no, c.first_offer_pos
	       from hist_c c join hist_k hk on hk.id = c.id and hk.k > 0 cross join generate_series(1, hk.k) as g(j) order by c.n, g.j) b`,
	// who it is offered to, what happens (the last offer is accepted), the SLA, how long the answer takes in working minutes
	`create temporary table hist_h1 on commit drop as
	 select h.*, pk.partner_kind,
	        case when h.last then 'accepted' when h.q2 < 0.8 then 'declined' else 'withdrawn' end as outcome,
	        case when h.urgent then p.spoed_min else p.regulier_min end as sla_min,
	        case pk.partner_kind when 'cjg' then p.cjg when 'ggd' then p.ggd when 'jeugdhulp' then p.jeugdhulp when 'wijkteam' then coalesce(w.id, p.cjg)
	             else case when h.subregion_id = 'ijmond' then (case when h.q3 < 0.8 then p.ijmond else p.south end)
	                       else (case when h.q3 < 0.85 then p.south else p.ijmond end) end end as to_org_id,
	        case when pk.partner_kind = 'consortium' then (case when h.q4 < 0.3 then 'ihub' when h.q4 < 0.6 then 'gezinsbehandeling'
	             when h.q4 < 0.78 then 'trauma' when h.q4 < 0.92 then 'jeugd-ggz' else 'verblijf' end) end as care_type_id,
	        30 + floor(-ln(1 - h.q6) * 300)::int as gap
	 from hist_h0 h cross join hist_p p left join hist_wijkteam w on w.municipality_id = h.municipality_id
	 cross join lateral (select case when h.last
	     then (case when h.q1 < 0.35 then 'cjg' when h.q1 < 0.68 then 'wijkteam' when h.q1 < 0.83 then 'consortium' when h.q1 < 0.92 then 'ggd' else 'jeugdhulp' end)
	     else (case when h.q1 < 0.35 then 'consortium' when h.q1 < 0.6 then 'wijkteam' when h.q1 < 0.8 then 'cjg' when h.q1 < 0.9 then 'ggd' else 'jeugdhulp' end)
	   end as partner_kind) pk`,
	// answers: about 8% after the deadline; the IJmond wijkteams get slower over the period (the bottleneck)
	`create temporary table hist_h2 on commit drop as
	 select h.*, case when h.outcome = 'withdrawn' then 10 + floor(-ln(1 - h.q5) * h.sla_min * 0.3)::int
	                  else least(h.sla_min * 6, 5 + floor(-ln(1 - h.q5) * h.sla_min * f.factor)::int) end as resp
	 from hist_h1 h cross join lateral (select case when h.outcome = 'declined' and h.partner_kind = 'consortium' then 0.25
	     when h.partner_kind = 'wijkteam' and h.subregion_id = 'ijmond' then 0.4 + 0.5 * h.trend else 0.4 end as factor) f`,
	// positions along the chain (each offer after the previous answer), the warm handover, then the instants
	`create temporary table hist_h on commit drop as
	 select x.*, pg_temp.hist_at(x.offered_pos) as offered_at, pg_temp.hist_at(x.offered_pos + x.sla_min) as respond_before,
	        pg_temp.hist_at(x.offered_pos + round(x.sla_min * 0.5)::int) as remind_50_due, pg_temp.hist_at(x.offered_pos + round(x.sla_min * 0.9)::int) as remind_90_due,
	        pg_temp.hist_at(x.end_pos) as end_at, pg_temp.hist_at(x.completed_pos) as completed_plan, pg_temp.hist_at(x.planned_pos) as planned_at,
	        pg_temp.hist_at(x.plan_made_pos) as plan_made_at, pg_temp.hist_at(x.vt_confirm_pos) as vt_confirm_at
	 from (select o.*, w.completed_pos, w.planned_pos, o.end_pos + 10 + floor(o.q10 * greatest(1, (w.planned_pos - o.end_pos) / 2))::int as plan_made_pos,
	              least(w.planned_pos + 30, w.completed_pos) as vt_confirm_pos
	       from (select s.*, s.offered_pos + s.resp as end_pos
	             from (select h.*, h.first_offer_pos + coalesce(sum(h.resp + h.gap) over (partition by h.case_id order by h.j rows between unbounded preceding and 1 preceding), 0)::int as offered_pos
	                   from hist_h2 h) s) o
	       cross join lateral (select c.completed_pos, greatest(o.end_pos + 30, c.completed_pos - 120 - floor(o.q9 * 240)::int) as planned_pos
	                           from (select case when o.last then o.end_pos + 240 + floor(-ln(1 - o.q8) * (case when o.partner_kind = 'consortium' then 2880 else 1920 end))::int end as completed_pos) c) w
	      ) x`,
	`create temporary table hist_last on commit drop as
	 select h.case_id, h.n, h.id as handover_id, h.to_org_id, h.partner_kind, h.care_type_id, h.staff_no, h.end_pos, h.end_at, h.completed_pos, h.completed_plan
	 from hist_h h where h.last`,
	// V&V-trajecten for about one in five families handed over to CJG, a wijkteam or jeugdhulp; some run past the statutory term
	`create temporary table hist_t0 on commit drop as
	 select gen_random_uuid() as id, l.*, random() as t1, random() as t2, random() as t3, random() as t4, random() as t5, random() as t6, random() as t7
	 from (select l.* from hist_last l join hist_c c on c.id = l.case_id where l.partner_kind in ('cjg', 'wijkteam', 'jeugdhulp') and c.r14 < 0.22 order by l.n) l`,
	`create temporary table hist_t on commit drop as
	 select t.*, x.opened_pos, x.closed_pos, x.closed_pos - 30 - floor(t.t4 * least((x.closed_pos - x.opened_pos) / 2, 2400))::int as confirm_pos,
	        pg_temp.hist_day(x.opened_pos) as opened_on,
	        least(x.closed_pos - 60, x.opened_pos + 60 + floor(t.t5 * 7680)::int) as condition_pos,
	        least(x.closed_pos - 60, x.opened_pos + 60 + floor(t.t7 * 9600)::int) as step_pos
	 from hist_t0 t cross join lateral (
	   select o.opened_pos, o.opened_pos + 480 * (case when t.t2 < 0.12 then 50 + floor(t.t3 * 14) else 15 + floor(t.t3 * 28) end)::int as closed_pos
	   from (select t.completed_pos + 30 + floor(t.t1 * 480)::int as opened_pos) o) x`,
	// families waiting for a consortium: longer in Zuid-Kennemerland and IJmond, and the lists grow over the period
	`create temporary table hist_w0 on commit drop as
	 select gen_random_uuid() as id, l.*, random() as v1
	 from (select l.*, c.subregion_id, c.trend from hist_last l join hist_c c on c.id = l.case_id where l.partner_kind = 'consortium' order by l.n) l`,
	`create temporary table hist_w on commit drop as
	 select w.*, pg_temp.hist_day(w.end_pos) as waiting_since, ct.norm_days,
	        pg_temp.hist_day(w.end_pos) + d.days as care_plan, pg_temp.hist_clock(pg_temp.hist_day(w.end_pos) + d.days, 10) as care_start_at,
	        pg_temp.hist_dpos(pg_temp.hist_day(w.end_pos) + d.days) + 60 as care_start_pos
	 from hist_w0 w join care_types ct on ct.id = w.care_type_id cross join hist_p p
	 cross join lateral (select greatest(3, round(7 * ${caseMap('w.care_type_id', BASE_WEEKS)} * ${caseMap('w.subregion_id', SUBREGION_FACTOR)}
	                                   * (case when w.to_org_id = p.ijmond then 0.9 else 1 end) * (0.75 + 0.25 * w.trend) * (0.55 + 0.9 * w.v1)))::int as days) d`,
	// VT closes once nothing blocks it (warm handover done, V&V closed, care started), then monitors
	`create temporary table hist_close on commit drop as
	 select x.*, random() as m1, random() as m2, random() as m3, random() as m4, random() as m5, random() as m6
	 from (select c.id as case_id, c.n, c.staff_no,
	              case when l.case_id is null then c.direct_close_pos
	                   else greatest(l.completed_pos, t.closed_pos, w.care_start_pos) + 240 + floor(c.r15 * 2400)::int end as close_pos
	       from hist_c c left join hist_last l on l.case_id = c.id left join hist_t t on t.case_id = c.id left join hist_w w on w.case_id = c.id
	       order by c.n) x`,
	`create temporary table hist_mon on commit drop as
	 select gen_random_uuid() as id, x.*, m.planned_on, m.planned_on + m.delay as held_on, pg_temp.hist_clock(m.planned_on + m.delay, 15.5) as recorded_plan,
	        pg_temp.hist_clock(m.planned_on, 9) as remind_due, pg_temp.hist_clock(pg_temp.hist_add_wd(m.planned_on, greatest(1, p.grace)), 9) as escalate_due
	 from hist_close x cross join hist_p p cross join lateral (
	   select pg_temp.hist_wd_from(pg_temp.hist_day(x.close_pos) + 28 + floor(x.m1 * 28)::int) as planned_on,
	          case when x.m2 < 0.7 then 0 when x.m2 < 0.9 then 1 + floor(x.m3 * 3)::int else 5 + floor(x.m3 * 10)::int end as delay) m`,
	// what exists at now: the settled filter for the demo, and never a case registered after now
	`create temporary table hist_keep on commit drop as
	 select c.id from hist_c c join hist_close x on x.case_id = c.id left join hist_last l on l.case_id = c.id cross join hist_p p
	 where pg_temp.hist_at(c.created_pos) <= p.now
	   and (not p.settled_only or pg_temp.hist_at(x.close_pos) <= p.now or l.completed_plan <= p.now)`,
	`alter table hist_keep add primary key (id)`
];

/** Writing the rows, as the services would have left them at `now`. */
export const MATERIALISE: string[] = [
	`insert into cases (id, reference, municipality_id, report_date, urgent, children_involved, elderly_involved, help_present, summary,
	                    safety_agreements, monitoring_by, assessment_norm_days, assessment_due, responsible_org_id, created_by, responsible_user_id, created_at, updated_at, version,
	                    assessment_completed_at, closed_at, closed_by, closing_summary, melder_informed_on, melder_anonymous)
	 with kept as (
	   select c.*, pg_temp.hist_at(c.created_pos) as created_at, pg_temp.hist_at(c.completed_pos) as completed_at, pg_temp.hist_at(x.close_pos) as closed_plan,
	          x.close_pos, x.m5, x.m6, l.to_org_id, l.completed_plan,
	          row_number() over (order by pg_temp.hist_at(c.created_pos), c.n) as i
	   from hist_c c join hist_keep using (id) join hist_close x on x.case_id = c.id left join hist_last l on l.case_id = c.id
	 ), numbers as (
	   select v, row_number() over (order by v) as i from (select nextval('case_reference_seq') as v from generate_series(1, (select count(*) from hist_keep))) s
	 )
	 select k.id, 'VT-' || to_char(k.created_at at time zone 'Europe/Amsterdam', 'YYYY') || '-' || lpad(nr.v::text, greatest(6, length(nr.v::text)), '0'),
	        k.municipality_id, k.report_date, k.urgent, k.children_involved, k.elderly_involved, k.help_present, s.summary, s.agreements, s.monitoring_by,
	        k.norm_days, k.assessment_due, case when k.completed_plan <= p.now then k.to_org_id else p.vt end, p.staff[k.staff_no], p.staff[k.staff_no], k.created_at,
	        greatest(k.created_at, case when k.completed_at <= p.now then k.completed_at end, case when k.completed_plan <= p.now then k.completed_plan end,
	                 case when k.closed_plan <= p.now then k.closed_plan end),
	        1 + coalesce(k.completed_plan <= p.now, false)::int + (k.closed_plan <= p.now)::int,
	        case when k.completed_at <= p.now then k.completed_at end,
	        case when k.closed_plan <= p.now then k.closed_plan end, case when k.closed_plan <= p.now then p.staff[k.staff_no] end,
	        case when k.closed_plan <= p.now then ${pick(T.closings, 'k.m6')} end,
	        case when k.closed_plan <= p.now and k.m5 >= 0.08 then pg_temp.hist_day(k.close_pos) end,
	        k.closed_plan <= p.now and k.m5 < 0.08
	 from kept k join numbers nr using (i) cross join hist_p p
	 join (select * from unnest(${texts(HISTORY_SCENARIOS.map((s) => s.summary))}, ${texts(HISTORY_SCENARIOS.map((s) => s.agreements))},
	                            ${texts(HISTORY_SCENARIOS.map((s) => s.monitoringBy))}) with ordinality as s(summary, agreements, monitoring_by, no)) s on s.no = k.scenario`,
	// everyone spoken to before the assessment was complete; while it is not, only the first
	`insert into case_persons (case_id, position, role, label, spoken_to, spoken_on)
	 select x.id, x.position, x.role, x.label, x.spoken, case when x.spoken then least(p.today, x.report_date + floor(random() * (x.completed_on - x.report_date + 1))::int) end
	 from (select c.id, c.report_date, pg_temp.hist_day(c.completed_pos) as completed_on, hp.position, hp.role, hp.label,
	              pg_temp.hist_at(c.completed_pos) <= p.now or hp.position = 0 as spoken
	       from hist_c c join hist_keep using (id) join hist_person hp on hp.scenario = c.scenario cross join hist_p p
	       order by c.n, hp.position) x cross join hist_p p`,
	`insert into handovers (id, case_id, from_org_id, to_org_id, message, offered_by, offered_at, respond_before, status, answered_at,
	                        decline_reason, decline_note, withdrawn_by, withdrawn_at, withdraw_note, completed_at, sla_urgency, sla_response_minutes,
	                        remind_50_due, remind_90_due, reminded_50_at, reminded_90_at, breached_at, care_type_id)
	 select h.id, h.case_id, p.vt, h.to_org_id, ${pick(T.offerMessages, 'h.q10')}, p.staff[h.staff_no], h.offered_at, h.respond_before, s.status::handover_status,
	        case when s.status in ('accepted', 'declined', 'completed') then h.end_at end,
	        case when s.status = 'declined' then s.reason::decline_reason end,
	        case when s.status = 'declined' and (s.reason in ('onvoldoende_informatie', 'anders') or h.q9 < 0.3) then ${pick(T.declineNotes, 'h.q9')} end,
	        case when s.status = 'withdrawn' then p.staff[h.staff_no] end, case when s.status = 'withdrawn' then h.end_at end,
	        case when s.status = 'withdrawn' then ${pick(T.withdrawNotes, 'h.q9')} end,
	        case when s.status = 'completed' then h.completed_plan end,
	        (case when h.urgent then 'spoed' else 'regulier' end)::sla_urgency, h.sla_min, h.remind_50_due, h.remind_90_due,
	        case when h.remind_50_due <= p.now and h.end_at > h.remind_50_due then h.remind_50_due end,
	        case when h.remind_90_due <= p.now and h.end_at > h.remind_90_due then h.remind_90_due end,
	        case when h.respond_before <= p.now and h.end_at > h.respond_before then h.respond_before end,
	        h.care_type_id
	 from hist_h h join hist_keep k on k.id = h.case_id cross join hist_p p
	 cross join lateral (select case when h.end_at > p.now then 'open' when h.outcome <> 'accepted' then h.outcome
	                                 when h.completed_plan <= p.now then 'completed' else 'accepted' end as status,
	                            case when h.partner_kind = 'consortium' and h.q7 < 0.7 then 'geen_capaciteit' when h.q7 < 0.35 then 'geen_capaciteit'
	                                 when h.q7 < 0.55 then 'past_niet_bij_aanbod' when h.q7 < 0.65 then 'al_betrokken' when h.q7 < 0.73 then 'buiten_werkgebied'
	                                 when h.q7 < 0.87 then 'onvoldoende_informatie' else 'anders' end as reason) s
	 where h.offered_at <= p.now
	 order by h.offered_at`,
	`insert into warm_handovers (handover_id, planned_at, form, vt_attendees, partner_attendees, planned_by, updated_at,
	                             vt_confirmed_by, vt_confirmed_at, partner_confirmed_at)
	 select h.id, h.planned_at, (case when h.q4 < 0.45 then 'huisbezoek' when h.q4 < 0.85 then 'gesprek' else 'telefonisch' end)::contact_form,
	        p.staff_names[h.staff_no], 'Medewerker van ' || o.name, p.staff[h.staff_no], h.plan_made_at,
	        case when h.vt_confirm_at <= p.now then p.staff[h.staff_no] end, case when h.vt_confirm_at <= p.now then h.vt_confirm_at end,
	        case when h.completed_plan <= p.now then h.completed_plan end
	 from hist_h h join hist_keep k on k.id = h.case_id join organisations o on o.id = h.to_org_id cross join hist_p p
	 where h.last and h.end_at <= p.now and h.plan_made_at <= p.now`,
	`insert into sla_breaches (handover_id, case_id, from_org_id, to_org_id, urgency, respond_before, breached_at)
	 select h.id, h.case_id, h.from_org_id, h.to_org_id, h.sla_urgency, h.respond_before, h.breached_at
	 from handovers h join hist_h x on x.id = h.id where h.breached_at is not null`,
	`insert into trajectories (id, case_id, vt_org_id, partner_org_id, vt_responsible_id, opened_by, opened_at, statutory_due,
	                           partner_continues_confirmed_at, vt_closed_by, vt_closed_at, status, updated_at,
	                           term_remind_due, term_escalate_due, term_reminded_at, term_escalated_at)
	 select t.id, t.case_id, p.vt, t.to_org_id, p.staff[t.staff_no], p.staff[t.staff_no], a.opened_at, a.due,
	        case when a.confirmed_at <= p.now then a.confirmed_at end, case when a.closed_at <= p.now then p.staff[t.staff_no] end,
	        case when a.closed_at <= p.now then a.closed_at end, (case when a.closed_at <= p.now then 'closed' else 'open' end)::trajectory_status,
	        greatest(a.opened_at, case when a.confirmed_at <= p.now then a.confirmed_at end, case when a.closed_at <= p.now then a.closed_at end),
	        a.remind_due, a.escalate_due,
	        case when a.remind_due <= p.now and a.closed_at > a.remind_due then a.remind_due end,
	        case when a.escalate_due <= p.now and a.closed_at > a.escalate_due then a.escalate_due end
	 from hist_t t join hist_keep k on k.id = t.case_id cross join hist_p p
	 cross join lateral (select pg_temp.hist_at(t.opened_pos) as opened_at, pg_temp.hist_at(t.confirm_pos) as confirmed_at, pg_temp.hist_at(t.closed_pos) as closed_at,
	                            t.opened_on + p.term_days as due, pg_temp.hist_clock(t.opened_on + p.term_days - 7, 9) as remind_due,
	                            pg_temp.hist_clock(t.opened_on + p.term_days + 1, 9) as escalate_due) a
	 where a.opened_at <= p.now`,
	`insert into trajectory_conditions (trajectory_id, description, owner_side, due_on, status, created_at, updated_by, updated_at,
	                                    remind_due, escalate_due, reminded_at, escalated_at)
	 select t.id, ${pick(T.conditions, 't.t6')}, (case when t.t1 < 0.5 then 'vt' else 'partner' end)::trajectory_side, a.due_on,
	        (case when a.done_at > p.now then 'open' when t.t6 < 0.06 then 'niet_nagekomen' else 'nagekomen' end)::condition_status,
	        a.opened_at, case when a.done_at <= p.now then p.staff[t.staff_no] end, case when a.done_at <= p.now then a.done_at else a.opened_at end,
	        a.remind_due, a.escalate_due,
	        case when a.remind_due <= p.now and a.done_at > a.remind_due then a.remind_due end,
	        case when a.escalate_due <= p.now and a.done_at > a.escalate_due then a.escalate_due end
	 from hist_t t join trajectories tr on tr.id = t.id cross join hist_p p
	 cross join lateral (select pg_temp.hist_at(t.opened_pos) as opened_at, pg_temp.hist_at(t.condition_pos) as done_at, t.opened_on + 21 as due_on,
	                            pg_temp.hist_clock(pg_temp.hist_add_wd(t.opened_on + 21, 1), 9) as remind_due,
	                            pg_temp.hist_clock(pg_temp.hist_add_wd(t.opened_on + 21, 1 + p.grace), 9) as escalate_due) a`,
	`insert into trajectory_steps (trajectory_id, description, owner_side, due_on, done, created_at, updated_by, updated_at,
	                               remind_due, escalate_due, reminded_at, escalated_at)
	 select t.id, ${pick(T.steps, 't.t5')}, (case when t.t1 < 0.5 then 'partner' else 'vt' end)::trajectory_side, a.due_on, a.done_at <= p.now,
	        a.opened_at, case when a.done_at <= p.now then p.staff[t.staff_no] end, case when a.done_at <= p.now then a.done_at else a.opened_at end,
	        a.remind_due, a.escalate_due,
	        case when a.remind_due <= p.now and a.done_at > a.remind_due then a.remind_due end,
	        case when a.escalate_due <= p.now and a.done_at > a.escalate_due then a.escalate_due end
	 from hist_t t join trajectories tr on tr.id = t.id cross join hist_p p
	 cross join lateral (select pg_temp.hist_at(t.opened_pos) as opened_at, pg_temp.hist_at(t.step_pos) as done_at, t.opened_on + 28 as due_on,
	                            pg_temp.hist_clock(pg_temp.hist_add_wd(t.opened_on + 28, 1), 9) as remind_due,
	                            pg_temp.hist_clock(pg_temp.hist_add_wd(t.opened_on + 28, 1 + p.grace), 9) as escalate_due) a`,
	`insert into wait_entries (id, case_id, handover_id, consortium_id, care_type_id, subregion_id, responsible_user_id, waiting_since, created_at,
	                           care_started_on, over_norm_at)
	 select w.id, w.case_id, w.handover_id, w.to_org_id, w.care_type_id, w.subregion_id, p.staff[w.staff_no], w.waiting_since, w.end_at,
	        case when w.care_start_at <= p.now then w.care_plan end,
	        case when pg_temp.hist_clock(w.waiting_since + w.norm_days, 9) <= p.now and (w.care_start_at > p.now or w.care_plan >= w.waiting_since + w.norm_days)
	             then pg_temp.hist_clock(w.waiting_since + w.norm_days, 9) end
	 from hist_w w join hist_keep k on k.id = w.case_id cross join hist_p p
	 where w.end_at <= p.now`,
	// a check-in every interval after the last contact while the family waits; care starting cancels the open one
	`insert into safety_checkins (wait_entry_id, case_id, vt_org_id, assigned_to, due_on, remind_due, escalate_due, reminded_at, escalated_at,
	                              outcome, note, recorded_by, recorded_at, cancelled_at, created_at, contacted_on, contact_with)
	 with recursive ci as (
	   select w.id as wait_entry_id, w.case_id, w.staff_no, w.care_start_at, 1 as no, w.end_at as created_at, z.due_on,
	          pg_temp.hist_wd_from(z.due_on + z.delay) as contacted_on, z.u
	   from (select w.* from hist_w w join wait_entries e on e.id = w.id order by w.n) w cross join hist_p p
	   cross join lateral (select w.waiting_since + p.interval_days as due_on, (array[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,2,3,5,7,9,11])[1 + floor(random() * 24)::int] as delay,
	                              random() as u) z
	   union all
	   select ci.wait_entry_id, ci.case_id, ci.staff_no, ci.care_start_at, ci.no + 1, pg_temp.hist_clock(ci.contacted_on, 11), z.due_on,
	          pg_temp.hist_wd_from(z.due_on + z.delay), z.u
	   from ci cross join hist_p p
	   cross join lateral (select ci.contacted_on + p.interval_days as due_on, (array[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,2,3,5,7,9,11])[1 + floor(random() * 24)::int] as delay,
	                              random() as u) z
	   where pg_temp.hist_clock(ci.contacted_on, 11) <= least(ci.care_start_at, p.now)
	 )
	 select ci.wait_entry_id, ci.case_id, p.vt, p.staff[ci.staff_no], ci.due_on, m.remind_due, m.escalate_due,
	        case when m.remind_due <= p.now and coalesce(s.resolved_at, 'infinity') > m.remind_due then m.remind_due end,
	        case when m.escalate_due <= p.now and coalesce(s.resolved_at, 'infinity') > m.escalate_due then m.escalate_due end,
	        case when s.recorded then (case when ci.u < 0.9 then 'veilig' when ci.u < 0.98 then 'zorgen' else 'escalatie' end)::checkin_outcome end,
	        case when s.recorded and ci.u >= 0.9 then ${pick(T.concerns, '(ci.u - 0.9) * 10')} end,
	        case when s.recorded then p.staff[ci.staff_no] end, case when s.recorded then s.recorded_at end,
	        case when not s.recorded and ci.care_start_at <= p.now then ci.care_start_at end,
	        ci.created_at, case when s.recorded then ci.contacted_on end, case when s.recorded then ${pick(T.contactWith, '((ci.no % 3) / 3.0)')} end
	 from ci cross join hist_p p
	 cross join lateral (select pg_temp.hist_clock(pg_temp.hist_wd_from(ci.due_on), 9) as remind_due,
	                            pg_temp.hist_clock(pg_temp.hist_add_wd(pg_temp.hist_wd_from(ci.due_on), greatest(1, p.grace)), 9) as escalate_due) m
	 cross join lateral (select r.at <= least(ci.care_start_at, p.now) as recorded, r.at as recorded_at,
	                            case when r.at <= least(ci.care_start_at, p.now) then r.at when ci.care_start_at <= p.now then ci.care_start_at end as resolved_at
	                     from (select pg_temp.hist_clock(ci.contacted_on, 11) as at) r) s
	 order by ci.wait_entry_id, ci.no`,
	`insert into monitoring_moments (id, case_id, vt_org_id, monitor_id, planned_on, with_professional, with_family, with_whom_note, remind_due, escalate_due,
	                                 reminded_at, escalated_at, planned_by, created_at, updated_at, held_on, effect, all_safe, recorded_by, recorded_at)
	 select m.id, m.case_id, p.vt, p.staff[m.staff_no], m.planned_on, l.case_id is not null or m.m4 < 0.3, true, ${pick(T.withWhom, 'm.m3')},
	        m.remind_due, m.escalate_due,
	        case when m.remind_due <= p.now and m.recorded_plan > m.remind_due then m.remind_due end,
	        case when m.escalate_due <= p.now and m.recorded_plan > m.escalate_due then m.escalate_due end,
	        p.staff[m.staff_no], c.closed_at, case when m.recorded_plan <= p.now then m.recorded_plan else c.closed_at end,
	        case when m.recorded_plan <= p.now then m.held_on end, case when m.recorded_plan <= p.now then ${pick(T.effects, 'case when m.m4 < 0.9 then m.m1 * 0.66 else 0.99 end')} end,
	        case when m.recorded_plan <= p.now then m.m4 < 0.9 end, case when m.recorded_plan <= p.now then p.staff[m.staff_no] end,
	        case when m.recorded_plan <= p.now then m.recorded_plan end
	 from hist_mon m join cases c on c.id = m.case_id left join hist_last l on l.case_id = m.case_id cross join hist_p p
	 where c.closed_at is not null and m.case_id in (select id from hist_keep)`,
	// per directbetrokkene: safety restored, except the last one when the family is not all safe
	`insert into monitoring_person_outcomes (moment_id, position, case_person_id, role, label, safety_restored)
	 select m.id, cp.position, cp.id, cp.role, cp.label, m.all_safe or cp.position < max(cp.position) over (partition by m.id)
	 from monitoring_moments m join hist_mon h on h.id = m.id join case_persons cp on cp.case_id = m.case_id
	 where m.recorded_at is not null`
];
