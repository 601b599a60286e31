-- Doorstroom dashboard for gemeenten and the stuurgroep (DESIGN rules 9 and 10): weekly rollups per
-- gemeente, maintained by the workers from the domain tables. Counts and durations only, never a
-- case; small numbers are suppressed when the figures are read.

-- When the safety assessment was first complete (nothing missing any more); the 5-werkdagen norm
-- is measured against it. Cases offered before this migration: their first offer.
alter table cases add column assessment_completed_at timestamptz;
update cases c set assessment_completed_at = (select min(h.offered_at) from handovers h where h.case_id = c.id);

-- One row per ISO week (Monday, Europe/Amsterdam) × gemeente × metric × partner × detail.
-- Event metrics count what happened in the week (offers, answers …) and keep the durations in
-- minutes of what ended in it; state metrics (werkvoorraad, waiting, overdue …) hold the state at
-- the end of the week (for the current week: at the moment of the rollup).
create table dashboard_weekly (
  week             date not null,
  municipality_id  text not null references municipalities(id),
  metric           text not null,
  partner_org_id   uuid references organisations(id),
  detail           text not null default '',
  count            integer not null check (count >= 0),
  durations        integer[],
  computed_at      timestamptz not null
);
create unique index dashboard_weekly_key
  on dashboard_weekly (week, municipality_id, metric, coalesce(partner_org_id, '00000000-0000-0000-0000-000000000000'::uuid), detail);
create index dashboard_weekly_metric_week on dashboard_weekly (metric, week);

-- What the rollups range over.
create index cases_report_date on cases (report_date);
create index cases_created_at on cases (created_at);
create index cases_assessment_completed on cases (assessment_completed_at) where assessment_completed_at is not null;
create index handovers_offered_at on handovers (offered_at);
create index handovers_answered_at on handovers (answered_at) where answered_at is not null;
create index handovers_completed_at on handovers (completed_at) where completed_at is not null;
create index handovers_withdrawn_at on handovers (withdrawn_at) where withdrawn_at is not null;
