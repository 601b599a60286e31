-- Region, organisations, people, sessions, the event log and the audit log.

create type organisation_kind as enum
  ('vt', 'cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp', 'gemeente', 'stuurgroep');
create type membership_role as enum
  ('medewerker', 'coordinator', 'beheerder', 'gemeente', 'stuurgroep');

create table subregions (
  id   text primary key,
  name text not null unique
);

create table municipalities (
  id           text primary key,            -- CBS gemeentecode, e.g. GM0392
  name         text not null unique,
  subregion_id text not null references subregions(id)
);

create table organisations (
  id              uuid primary key default gen_random_uuid(),
  name            text not null unique,
  kind            organisation_kind not null,
  subregion_id    text references subregions(id),
  municipality_id text references municipalities(id),
  created_at      timestamptz not null default now(),
  constraint gemeente_has_municipality check (kind <> 'gemeente' or municipality_id is not null)
);

create table users (
  id                uuid primary key default gen_random_uuid(),
  email             text not null,
  name              text not null,
  password_hash     text not null,
  totp_key          bytea,                  -- AES-256-GCM encrypted, null when 2FA is off
  totp_last_step    bigint,                 -- last accepted TOTP time step (no replay)
  totp_enabled_at   timestamptz,
  disabled_at       timestamptz,
  created_at        timestamptz not null default now(),
  constraint email_is_lowercase check (email = lower(email))
);
create unique index users_email_key on users (email);

create table recovery_codes (
  id        bigserial primary key,
  user_id   uuid not null references users(id) on delete cascade,
  code_hash text not null,
  used_at   timestamptz
);
create index recovery_codes_user on recovery_codes (user_id);

create table memberships (
  id              uuid primary key default gen_random_uuid(),
  user_id         uuid not null references users(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  role            membership_role not null,
  created_at      timestamptz not null default now(),
  unique (user_id, organisation_id, role)
);
create index memberships_organisation on memberships (organisation_id);

create table sessions (
  id                     text primary key,  -- SHA-256 (hex) of the token; the token itself is never stored
  user_id                uuid not null references users(id) on delete cascade,
  active_organisation_id uuid references organisations(id),
  two_factor_verified    boolean not null default false,
  expires_at             timestamptz not null,
  created_at             timestamptz not null default now(),
  ip                     inet,
  user_agent             text
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

create table events (
  id            bigserial primary key,
  occurred_at   timestamptz not null default now(),
  streams       text[] not null,
  type          text not null,
  payload       jsonb not null default '{}'::jsonb,
  actor_user_id uuid references users(id)
);
create index events_streams on events using gin (streams);

create table audit_log (
  id              bigserial primary key,
  occurred_at     timestamptz not null default now(),
  actor_user_id   uuid references users(id),
  actor_org_id    uuid references organisations(id),
  actor_roles     membership_role[] not null default '{}',
  action          text not null,
  record_type     text,
  record_id       text,
  ip              inet,
  user_agent      text,
  details         jsonb not null default '{}'::jsonb
);
create index audit_log_occurred on audit_log (occurred_at desc);
create index audit_log_actor on audit_log (actor_user_id, id desc);
create index audit_log_org on audit_log (actor_org_id, id desc);
create index audit_log_action on audit_log (action, id desc);

-- The audit log is append-only for every role, superusers included: UPDATE, DELETE and TRUNCATE fail.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_log_no_update_delete
  before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate
  before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
