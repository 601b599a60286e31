-- Doorstroom dashboard, fast at scale (issue 5, point 9): the computed figures are cached per scope
-- and period under a version of what they are computed from. The version lives with the data: any
-- statement that changes the rollups, the consortia's reported waiting times, the zorgvormen or the
-- region bumps it in its own transaction, so a reader never finds figures cached under a version
-- that does not match the committed rows. The refresh rewrites a week's rollups only when they
-- changed, and records when it last ran (refreshed_at: "bijgewerkt").

create table dashboard_version (
  id            boolean primary key default true check (id),   -- exactly one row
  version       bigint not null default 1,
  changed_at    timestamptz not null default now(),
  refreshed_at  timestamptz
);
insert into dashboard_version (id) values (true);

create function dashboard_version_bump() returns trigger language plpgsql as $$
begin
  update dashboard_version set version = version + 1, changed_at = now();
  return null;
end;
$$;

create trigger dashboard_weekly_version after insert or update or delete or truncate on dashboard_weekly
  for each statement execute function dashboard_version_bump();
create trigger waiting_time_reports_version after insert or update or delete or truncate on waiting_time_reports
  for each statement execute function dashboard_version_bump();
create trigger care_types_version after insert or update or delete on care_types
  for each statement execute function dashboard_version_bump();
create trigger organisations_version after insert or update or delete on organisations
  for each statement execute function dashboard_version_bump();
create trigger municipalities_version after insert or update or delete on municipalities
  for each statement execute function dashboard_version_bump();
create trigger subregions_version after insert or update or delete on subregions
  for each statement execute function dashboard_version_bump();

-- "Bijgewerkt": the newest rollup row without a scan.
create index dashboard_weekly_computed on dashboard_weekly (computed_at);

-- The state rollups ask "still open at the end of week w": open rows (null) or rows closed after it.
-- A btree serves both halves of that (is null, >=), so the frequent refresh of the recent weeks
-- reads what was open lately instead of every row ever written.
-- With the due day alongside, an older week reads only what was due before it and still open then.
create index cases_assessment_open on cases (created_at) where assessment_completed_at is null;
create index monitoring_moments_recorded on monitoring_moments (recorded_at);
create index monitoring_moments_planned on monitoring_moments (planned_on);
create index safety_checkins_recorded on safety_checkins (recorded_at);
create index safety_checkins_due on safety_checkins (due_on);
create index trajectories_vt_closed on trajectories (vt_closed_at);
create index wait_entries_care_started on wait_entries (care_started_on);
