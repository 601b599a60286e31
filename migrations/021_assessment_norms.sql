-- Rule 1 (issue 11, point 3): "te laat" means the safety assessment was not completed within its
-- norm, and spoed has its own, shorter norm in werkdagen (a setting under /beheer/termijnen).

-- The norm per urgency in werkdagen after the melding. A beheerder of VT changes the spoed norm;
-- every change is audited (assessment.norm_changed with the old and new value).
create table assessment_norms (
  urgency       sla_urgency primary key,
  working_days  integer not null check (working_days between 1 and 30),
  updated_by    uuid references users(id),
  updated_at    timestamptz not null default now()
);
insert into assessment_norms (urgency, working_days) values ('spoed', 3), ('regulier', 5);

-- The norm in force when the case got its urgency is copied onto the case (as handovers keep the
-- response time of their offer): a later change of the setting applies to meldingen from then on.
-- Cases registered before this migration were all given 5 werkdagen, spoed too; they keep it.
alter table cases add column assessment_norm_days integer not null default 5 check (assessment_norm_days between 1 and 30);
alter table cases alter column assessment_norm_days drop default;

-- The one definition of lateness, used by the werkvoorraad, the home counts and the dashboard
-- rollups (and mirrored by assessmentState() in src/lib/server/cases/lateness.ts):
--   'on_time'  completed (by asof) on or before its due day (Amsterdam);
--   'late'     completed (by asof) after its due day;
--   'overdue'  not completed by asof, and asof's Amsterdam day is past the due day;
--   'open'     not completed by asof, still within the norm.
-- "Te laat" is 'late' or 'overdue'. Whether the case was offered to a partner plays no part.
create function assessment_state(due date, completed_at timestamptz, asof timestamptz) returns text
language sql immutable parallel safe as $$
  select case
    when completed_at is not null and completed_at <= asof then
      case when (completed_at at time zone 'Europe/Amsterdam')::date > due then 'late' else 'on_time' end
    when (asof at time zone 'Europe/Amsterdam')::date > due then 'overdue'
    else 'open'
  end
$$;

-- The coordinator's home lists the team's offers past their response time without an answer.
create index handovers_open_from_org on handovers (from_org_id, respond_before) where status = 'open';
