-- Accounts for real organisations (issue 13, points 1–3): invited accounts, one-time links for an
-- invitation or a password reset, a second factor a beheerder reset, organisations Veilig Thuis
-- adds, edits and ends.

-- An invited person has no password until they follow the invitation link (signing in checks a
-- dummy hash then, so it fails like a wrong password).
alter table users alter column password_hash drop not null;
alter table users add column invited_at timestamptz;
-- When the person first came in: accepting the invitation (a single sign-on sign-in may do it too).
-- Accounts made without an invitation (the seed, a migration) count as in from the start.
alter table users add column activated_at timestamptz default now();
alter table users add column password_changed_at timestamptz;
-- Set when a beheerder reset the second factor: the person sets it up again at the next sign-in.
alter table users add column totp_setup_required boolean not null default false;

-- One-time links: only a SHA-256 of the token is kept; a link is used once and expires soon.
-- A new link of the same purpose replaces the older unused ones of that account.
create type account_token_purpose as enum ('invitation', 'password_reset');
create table account_tokens (
  id          bigserial primary key,
  user_id     uuid not null references users(id) on delete cascade,
  purpose     account_token_purpose not null,
  token_hash  text not null unique,
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  used_at     timestamptz,
  revoked_at  timestamptz,
  check (expires_at > created_at)
);
create index account_tokens_user on account_tokens (user_id, purpose) where used_at is null and revoked_at is null;

-- Organisations: an end date (its members can no longer act for it), the gemeenten it serves and,
-- for consortia, the zorgvormen it offers. municipality_id stays the one gemeente an organisation
-- is bound to (a gemeente's own, a wijkteam's only one).
alter table organisations add column ended_at timestamptz;
alter table organisations add column updated_at timestamptz;

create table organisation_municipalities (
  organisation_id uuid not null references organisations(id) on delete cascade,
  municipality_id text not null references municipalities(id),
  primary key (organisation_id, municipality_id)
);
create index organisation_municipalities_municipality on organisation_municipalities (municipality_id);
insert into organisation_municipalities (organisation_id, municipality_id)
  select id, municipality_id from organisations where municipality_id is not null;

create table organisation_care_types (
  organisation_id uuid not null references organisations(id) on delete cascade,
  care_type_id    text not null references care_types(id),
  primary key (organisation_id, care_type_id)
);

-- Ending an organisation ends the sessions acting for it (or for no organisation in particular)
-- and announces each member on 'ketentafel_access' (013): their open sockets close at once.
create function organisations_ended() returns trigger language plpgsql as $$
declare member uuid;
begin
  for member in select distinct user_id from memberships where organisation_id = new.id loop
    delete from sessions s
    where s.user_id = member and (s.active_organisation_id = new.id or s.active_organisation_id is null);
    perform pg_notify('ketentafel_access', member::text);
  end loop;
  return null;
end;
$$;
create trigger organisations_end after update of ended_at on organisations
  for each row when (new.ended_at is not null and old.ended_at is null)
  execute function organisations_ended();

-- Nothing new is offered to an ended organisation (the forms no longer list it; this holds for a stale form too).
create function handovers_to_open_organisation() returns trigger language plpgsql as $$
begin
  if exists (select 1 from organisations where id = new.to_org_id and ended_at is not null) then
    raise exception 'organisation % has ended', new.to_org_id using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger handovers_to_open_organisation before insert on handovers
  for each row execute function handovers_to_open_organisation();
