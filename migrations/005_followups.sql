-- Follow-up by the workers: things with a due date get a reminder to their owner when they are
-- overdue and an escalation to the coordinators after a grace period (V&V conditions and steps,
-- the V&V statutory term; later also safety check-ins and monitoring). As with the SLA timers the
-- instants are computed in working days when the item is written, and stored with the item.

create table followup_settings (
  id                     boolean primary key default true check (id),   -- exactly one row
  grace_workdays         integer not null default 2 check (grace_workdays between 0 and 20),
  statutory_term_days    integer not null default 70 check (statutory_term_days between 7 and 365),
  checkin_interval_days  integer not null default 14 check (checkin_interval_days between 1 and 90),
  updated_by             uuid references users(id),
  updated_at             timestamptz not null default now()
);
insert into followup_settings (id) values (true);

alter table trajectory_conditions
  add column remind_due    timestamptz,
  add column escalate_due  timestamptz,
  add column reminded_at   timestamptz,
  add column escalated_at  timestamptz;

alter table trajectory_steps
  add column remind_due    timestamptz,
  add column escalate_due  timestamptz,
  add column reminded_at   timestamptz,
  add column escalated_at  timestamptz;

-- The statutory term: a warning a week before, the escalation when it has passed.
alter table trajectories
  add column term_remind_due    timestamptz,
  add column term_escalate_due  timestamptz,
  add column term_reminded_at   timestamptz,
  add column term_escalated_at  timestamptz;

-- Rows written before this migration: overdue from 09:00 the day after the due date (Amsterdam),
-- escalated two days later (the service computes these in working days for new rows).
update trajectory_conditions set
  remind_due = ((due_on + 1)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam',
  escalate_due = ((due_on + 3)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam';
update trajectory_steps set
  remind_due = ((due_on + 1)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam',
  escalate_due = ((due_on + 3)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam';
update trajectories set
  term_remind_due = ((statutory_due - 7)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam',
  term_escalate_due = ((statutory_due + 1)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam';

alter table trajectory_conditions alter column remind_due set not null, alter column escalate_due set not null;
alter table trajectory_steps alter column remind_due set not null, alter column escalate_due set not null;
alter table trajectories alter column term_remind_due set not null, alter column term_escalate_due set not null;

-- What reconciliation scans: open items with a stage still to fire.
create index trajectory_conditions_followup on trajectory_conditions (remind_due) where status = 'open' and escalated_at is null;
create index trajectory_steps_followup on trajectory_steps (remind_due) where not done and escalated_at is null;
create index trajectories_term_followup on trajectories (term_remind_due) where status = 'open' and term_escalated_at is null;
