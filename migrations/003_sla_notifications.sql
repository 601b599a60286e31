-- Acceptance SLAs: the workday settings, a response-time policy per urgency, SLA timers on open
-- handovers (50% and 90% reminders, the deadline), breaches for the dashboards, and notifications.

create table workday_settings (
  id                  boolean primary key default true check (id),  -- exactly one row
  good_friday_off     boolean not null default false,
  liberation_day_off  boolean not null default false,
  updated_by          uuid references users(id),
  updated_at          timestamptz not null default now()
);
insert into workday_settings (id) values (true);

create type sla_urgency as enum ('spoed', 'regulier');

create table sla_policies (
  urgency           sla_urgency primary key,
  response_minutes  integer not null check (response_minutes between 30 and 30 * 480), -- working minutes
  updated_by        uuid references users(id),
  updated_at        timestamptz not null default now()
);
insert into sla_policies (urgency, response_minutes) values ('spoed', 240), ('regulier', 960);

-- The policy in force when the offer was made is copied onto the handover: a later change of the
-- policy applies to new offers only. The three instants are computed in working time at the offer.
alter table handovers
  add column sla_urgency           sla_urgency,
  add column sla_response_minutes  integer,
  add column remind_50_due         timestamptz,
  add column remind_90_due         timestamptz,
  add column reminded_50_at        timestamptz,
  add column reminded_90_at        timestamptz,
  add column breached_at           timestamptz;

-- Handovers offered before this migration: the same policy, reminders interpolated in wall time.
update handovers h set
  sla_urgency = case when c.urgent then 'spoed'::sla_urgency else 'regulier'::sla_urgency end,
  sla_response_minutes = case when c.urgent then 240 else 960 end,
  remind_50_due = h.offered_at + (h.respond_before - h.offered_at) * 0.5,
  remind_90_due = h.offered_at + (h.respond_before - h.offered_at) * 0.9
from cases c where c.id = h.case_id;

-- What reconciliation scans: open offers with a timer still to fire.
create index handovers_sla_open on handovers (respond_before) where status = 'open' and breached_at is null;

create table sla_breaches (
  handover_id     uuid primary key references handovers(id),  -- one breach per handover, ever
  case_id         uuid not null references cases(id),
  from_org_id     uuid not null references organisations(id),
  to_org_id       uuid not null references organisations(id),
  urgency         sla_urgency not null,
  respond_before  timestamptz not null,
  breached_at     timestamptz not null
);
create index sla_breaches_to_org on sla_breaches (to_org_id, breached_at desc);
create index sla_breaches_breached on sla_breaches (breached_at desc);

create table notifications (
  id          bigserial primary key,
  user_id     uuid not null references users(id) on delete cascade,
  kind        text not null,            -- sla.reminder_50, sla.reminder_90, sla.breached
  title       text not null,
  body        text not null default '',
  href        text,
  dedupe_key  text not null,            -- e.g. "sla-50:<handover id>": the database guarantees exactly once
  created_at  timestamptz not null default now(),
  read_at     timestamptz,
  unique (user_id, dedupe_key)
);
create index notifications_user on notifications (user_id, id desc);
create index notifications_unread on notifications (user_id) where read_at is null;
