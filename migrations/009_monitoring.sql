-- Closing a case and monitoring after closure (DESIGN rules 6 and 7). VT closes a case with a
-- closing summary (outcomes, veiligheidsafspraken, who oversees them) once the melder is informed,
-- and plans one monitoring moment: who monitors (a VT medewerker), when, with whom. The workers
-- remind the monitor on the day and escalate to the coordinators when no outcome follows. The
-- outcome records the effect of the help and, per directbetrokkene, whether safety is restored.

-- The current closure of a case: all four set, or none (an open case).
alter table cases
  add column closed_at           timestamptz,
  add column closed_by           uuid references users(id),
  add column closing_summary     text,
  add column melder_informed_on  date,                        -- null only when the melder is anonymous
  add column melder_anonymous    boolean not null default false,
  add constraint closure_complete_or_absent check (
    (closed_at is null and closed_by is null and closing_summary is null and melder_informed_on is null and not melder_anonymous)
    or (closed_at is not null and closed_by is not null and length(closing_summary) > 0
        and ((melder_informed_on is not null) <> melder_anonymous)));
create index cases_closed on cases (closed_at) where closed_at is not null;

-- A closure undone: the closure as it was, who reopened it and why.
create table case_reopenings (
  id                  uuid primary key default gen_random_uuid(),
  case_id             uuid not null references cases(id),
  reopened_by         uuid not null references users(id),
  reopened_at         timestamptz not null,
  reason              text not null check (length(reason) > 0),
  closed_at           timestamptz not null,
  closed_by           uuid not null references users(id),
  closing_summary     text not null,
  melder_informed_on  date,
  melder_anonymous    boolean not null
);
create index case_reopenings_case on case_reopenings (case_id, reopened_at);

create table monitoring_moments (
  id                 uuid primary key default gen_random_uuid(),
  case_id            uuid not null references cases(id),
  vt_org_id          uuid not null references organisations(id),
  monitor_id         uuid not null references users(id),      -- who monitors: a VT medewerker
  planned_on         date not null,                           -- when
  with_professional  boolean not null default false,          -- with whom: the hulpverlener
  with_family        boolean not null default false,          --            gezinsleden
  with_whom_note     text not null check (length(with_whom_note) > 0),  -- which ones (pseudonymous)
  remind_due         timestamptz not null,                    -- 09:00 on the day (or the next working day)
  escalate_due       timestamptz not null,                    -- after the grace period, to the coordinators
  reminded_at        timestamptz,
  escalated_at       timestamptz,
  planned_by         uuid references users(id),
  created_at         timestamptz not null,
  updated_at         timestamptz not null,
  -- the outcome: complete or absent
  held_on            date,
  effect             text,                                    -- the effect of the help
  all_safe           boolean,                                 -- derived from the per-person outcomes, stored
  recorded_by        uuid references users(id),
  recorded_at        timestamptz,
  cancelled_at       timestamptz,                             -- the case was reopened before the moment
  constraint with_someone check (with_professional or with_family),
  constraint outcome_complete_or_absent check (
    (held_on is null and effect is null and all_safe is null and recorded_by is null and recorded_at is null)
    or (held_on is not null and length(effect) > 0 and all_safe is not null and recorded_by is not null and recorded_at is not null)),
  constraint recorded_or_cancelled check (recorded_at is null or cancelled_at is null)
);
-- One moment waiting for its outcome per case.
create unique index monitoring_one_open_per_case on monitoring_moments (case_id) where recorded_at is null and cancelled_at is null;
create index monitoring_open_by_org on monitoring_moments (vt_org_id, planned_on) where recorded_at is null and cancelled_at is null;
create index monitoring_case on monitoring_moments (case_id, created_at);
create index monitoring_followup on monitoring_moments (remind_due) where recorded_at is null and cancelled_at is null and escalated_at is null;

-- Per directbetrokkene: is safety restored? The label is kept as it was (case persons may be rewritten after a reopening).
create table monitoring_person_outcomes (
  moment_id        uuid not null references monitoring_moments(id),
  position         integer not null,
  case_person_id   uuid references case_persons(id) on delete set null,
  role             text not null,
  label            text not null,
  safety_restored  boolean not null,
  primary key (moment_id, position)
);

-- At commit, a recorded outcome must have a result per person and all_safe must follow from them.
create function monitoring_outcome_consistent() returns trigger language plpgsql as $$
declare
  n integer;
  safe boolean;
begin
  if new.recorded_at is null then
    return null;
  end if;
  select count(*), bool_and(safety_restored) into n, safe from monitoring_person_outcomes where moment_id = new.id;
  if n = 0 or safe is distinct from new.all_safe then
    raise exception 'monitoring outcome % is incomplete: every directbetrokkene needs a result and all_safe must follow from them', new.id
      using errcode = 'check_violation';
  end if;
  return null;
end;
$$;
create constraint trigger monitoring_outcome_consistent
  after insert or update on monitoring_moments
  deferrable initially deferred
  for each row execute function monitoring_outcome_consistent();
