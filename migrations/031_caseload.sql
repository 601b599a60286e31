-- Rule 9 (issue 14, point 2): caseloadgesprekken against an individual caseload norm, and
-- sprintweken / focusgroepen to bring the werkvoorraad down. A VT coördinator sets the norms and
-- plans the sprints (caseload/service.ts: authorised, audited, an event per change).

-- The team default: how many cases (open cases in every stage plus monitoring after closure) one
-- medewerker carries. A medewerker without a norm of their own is held against this one.
alter table organisations add column caseload_norm integer not null default 20 check (caseload_norm between 1 and 200);

-- A medewerker's own norm (part-time, new in the team, a specialist caseload), within one organisation.
create table caseload_norms (
  organisation_id uuid not null references organisations(id) on delete cascade,
  user_id         uuid not null references users(id) on delete cascade,
  norm            integer not null check (norm between 1 and 200),
  updated_by      uuid references users(id),
  updated_at      timestamptz not null,
  primary key (organisation_id, user_id)
);

create type sprint_kind as enum ('sprintweek', 'focusgroep');
-- 'assessments_completed': at least target_value assessments in scope completed in the period;
-- 'werkvoorraad_at_most':  the open assessments in scope down to target_value or fewer at the end.
create type sprint_target as enum ('assessments_completed', 'werkvoorraad_at_most');

create table sprints (
  id                     uuid primary key default gen_random_uuid(),
  organisation_id        uuid not null references organisations(id),
  kind                   sprint_kind not null,
  name                   text not null check (length(name) between 1 and 120),
  starts_on              date not null,
  ends_on                date not null,
  -- which part of the werkvoorraad: every filter that is set applies
  scope_subregion_id     text references subregions(id),
  scope_municipality_id  text references municipalities(id),
  scope_urgent_only      boolean not null default false,
  scope_older_than_days  integer check (scope_older_than_days between 1 and 365),  -- melding older than N days at the start
  target_kind            sprint_target not null,
  target_value           integer not null check (target_value between 0 and 10000),
  created_by             uuid not null references users(id),
  created_at             timestamptz not null,
  constraint sprint_period check (ends_on >= starts_on and ends_on - starts_on <= 92)
);
create index sprints_organisation on sprints (organisation_id, starts_on desc);

create table sprint_participants (
  sprint_id uuid not null references sprints(id) on delete cascade,
  user_id   uuid not null references users(id),
  primary key (sprint_id, user_id)
);

