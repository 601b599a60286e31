-- Waiting for a consortium (DESIGN rule 8): the consortia report their waiting time per zorgvorm
-- per subregion; every family that waits for a consortium has a wait entry; the workers take a
-- daily snapshot of reported vs observed waiting time and flag families waiting longer than the
-- norm; while a family waits, safety check-ins are scheduled until care starts.

-- Zorgvormen, each with the norm (calendar days) no family should wait longer than.
create table care_types (
  id         text primary key,
  name       text not null unique,
  norm_days  integer not null check (norm_days between 1 and 730),
  position   integer not null
);
insert into care_types (id, name, norm_days, position) values
  ('ihub', 'Intensieve ambulante hulp (IHUB)', 28, 1),
  ('gezinsbehandeling', 'Ambulante gezinsbehandeling', 42, 2),
  ('trauma', 'Traumabehandeling', 56, 3),
  ('jeugd-ggz', 'Specialistische jeugd-ggz', 70, 4),
  ('verblijf', 'Residentiële jeugdhulp (verblijf)', 70, 5);

-- An offer to a consortium names the zorgvorm the family needs.
alter table handovers add column care_type_id text references care_types(id);

-- What a consortium reports; the newest row per consortium × zorgvorm × subregion is current.
create table waiting_time_reports (
  id                 bigserial primary key,
  consortium_id      uuid not null references organisations(id),
  care_type_id       text not null references care_types(id),
  subregion_id       text not null references subregions(id),
  waiting_days       integer not null check (waiting_days between 0 and 1000),
  reported_at        timestamptz not null,
  reported_by        uuid references users(id),
  reported_by_token  uuid references api_tokens(id),
  constraint reported_by_someone check (reported_by is not null or reported_by_token is not null)
);
create index waiting_time_reports_current on waiting_time_reports (consortium_id, care_type_id, subregion_id, reported_at desc);

-- A family waiting for a consortium: from the accepted offer until care starts.
create table wait_entries (
  id                   uuid primary key default gen_random_uuid(),
  case_id              uuid not null references cases(id),
  handover_id          uuid unique references handovers(id),
  consortium_id        uuid not null references organisations(id),
  care_type_id         text not null references care_types(id),
  subregion_id         text not null references subregions(id),     -- of the case's gemeente
  responsible_user_id  uuid not null references users(id),          -- VT medewerker who keeps sight of safety
  waiting_since        date not null,
  created_at           timestamptz not null,
  care_started_on      date,
  care_started_by      uuid references users(id),
  over_norm_at         timestamptz,                                  -- flagged by the workers, once
  constraint started_after_waiting check (care_started_on is null or care_started_on >= waiting_since)
);
create unique index wait_entries_one_open_per_case on wait_entries (case_id, consortium_id) where care_started_on is null;
create index wait_entries_open on wait_entries (consortium_id, care_type_id, subregion_id) where care_started_on is null;

-- The daily figure per consortium × zorgvorm × subregion (idempotent: one row per day).
create table waiting_snapshots (
  snapshot_date         date not null,
  consortium_id         uuid not null references organisations(id),
  care_type_id          text not null references care_types(id),
  subregion_id          text not null references subregions(id),
  reported_days         integer,            -- the report current on that day, null when none
  observed_median_days  integer,            -- of the families waiting that day, null when none
  observed_max_days     integer,
  waiting_count         integer not null,
  over_norm_count       integer not null,
  taken_at              timestamptz not null,
  primary key (snapshot_date, consortium_id, care_type_id, subregion_id)
);

create type checkin_outcome as enum ('veilig', 'zorgen', 'escalatie');

-- A safety check-in while a family waits; one open at a time per wait entry.
create table safety_checkins (
  id            uuid primary key default gen_random_uuid(),
  wait_entry_id uuid not null references wait_entries(id),
  case_id       uuid not null references cases(id),
  assigned_to   uuid not null references users(id),
  due_on        date not null,
  remind_due    timestamptz not null,      -- 09:00 on the due day (or the next working day)
  escalate_due  timestamptz not null,      -- after the grace period, to the coordinators
  reminded_at   timestamptz,
  escalated_at  timestamptz,
  outcome       checkin_outcome,
  note          text,
  recorded_by   uuid references users(id),
  recorded_at   timestamptz,
  cancelled_at  timestamptz,               -- care started: no more check-ins
  created_at    timestamptz not null,
  constraint outcome_recorded check ((outcome is null) = (recorded_at is null))
);
create unique index safety_checkins_one_open on safety_checkins (wait_entry_id) where outcome is null and cancelled_at is null;
create index safety_checkins_assigned on safety_checkins (assigned_to, due_on) where outcome is null and cancelled_at is null;
create index safety_checkins_followup on safety_checkins (remind_due) where outcome is null and cancelled_at is null and escalated_at is null;
