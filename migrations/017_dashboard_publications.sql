-- Doorstroom figures are published per period of four weeks, once the period has ended, and never
-- changed afterwards (issue 10, point 1): every view a gemeente or the stuurgroep can ask for is a
-- part of these publications (or a sum of their published numbers), so no combination of views
-- reveals more than the publications themselves, and a view only changes when a new period is
-- published. The figures are suppressed over the whole region at once (see docs/PRIVACY.md).
create table dashboard_publications (
  period_id     text primary key check (period_id ~ '^\d{4}-P(0[1-9]|1[0-3])$'),
  first_week    date not null,
  last_week     date not null,
  published_at  timestamptz not null,
  figures       jsonb not null
);
create index dashboard_publications_last_week on dashboard_publications (last_week);

-- The figures are no longer computed per request from the rollups: the version that keyed their
-- cache goes.
drop trigger dashboard_weekly_version on dashboard_weekly;
drop trigger waiting_time_reports_version on waiting_time_reports;
drop trigger care_types_version on care_types;
drop trigger organisations_version on organisations;
drop trigger municipalities_version on municipalities;
drop trigger subregions_version on subregions;
drop function dashboard_version_bump();
drop table dashboard_version;
