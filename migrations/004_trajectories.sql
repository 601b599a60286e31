-- V&V-trajecten (Voorwaarden & Vervolg): VT and the partner that took over a case agree the
-- veiligheidsvoorwaarden and the next steps together. VT closes its part only after the partner
-- confirmed that it continues the support (rule 5: no family on a waiting list after VT closes).
-- statutory_due is set by the service: opened_at + 10 weeks (a policy default, not a legal constant).

create type trajectory_status as enum ('open', 'closed');
create type trajectory_side as enum ('vt', 'partner');
create type condition_status as enum ('open', 'nagekomen', 'niet_nagekomen');

create table trajectories (
  id                            uuid primary key default gen_random_uuid(),
  case_id                       uuid not null references cases(id),
  vt_org_id                     uuid not null references organisations(id),
  partner_org_id                uuid not null references organisations(id),
  vt_responsible_id             uuid not null references users(id),
  partner_responsible_id        uuid references users(id),      -- named by the partner itself
  opened_by                     uuid references users(id),
  opened_at                     timestamptz not null,
  statutory_due                 date not null,
  partner_continues_confirmed_by uuid references users(id),
  partner_continues_confirmed_at timestamptz,
  vt_closed_by                  uuid references users(id),
  vt_closed_at                  timestamptz,
  status                        trajectory_status not null default 'open',
  updated_at                    timestamptz not null default now(),
  constraint closed_after_confirmation check (vt_closed_at is null or partner_continues_confirmed_at is not null),
  constraint closed_has_moment check (status <> 'closed' or vt_closed_at is not null)
);
-- One open trajectory per case: the database decides between concurrent openings.
create unique index trajectories_one_open_per_case on trajectories (case_id) where status = 'open';
create index trajectories_partner on trajectories (partner_org_id, status);
create index trajectories_vt on trajectories (vt_org_id, status);

create table trajectory_conditions (
  id            uuid primary key default gen_random_uuid(),
  trajectory_id uuid not null references trajectories(id) on delete cascade,
  description   text not null,
  owner_side    trajectory_side not null,
  due_on        date not null,
  status        condition_status not null default 'open',
  created_at    timestamptz not null,
  updated_by    uuid references users(id),
  updated_at    timestamptz not null
);
create index trajectory_conditions_trajectory on trajectory_conditions (trajectory_id, created_at);

create table trajectory_steps (
  id            uuid primary key default gen_random_uuid(),
  trajectory_id uuid not null references trajectories(id) on delete cascade,
  description   text not null,
  owner_side    trajectory_side not null,
  due_on        date not null,
  done          boolean not null default false,
  created_at    timestamptz not null,
  updated_by    uuid references users(id),
  updated_at    timestamptz not null
);
create index trajectory_steps_trajectory on trajectory_steps (trajectory_id, created_at);
