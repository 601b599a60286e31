-- A deactivated account is out at once (issue 9, point 4). Disabling a user, or removing or
-- changing a membership, ends the affected sessions in the same transaction and announces the
-- user's id on the channel 'ketentafel_access' (nothing else: no names, no roles). Every portal
-- instance LISTENs and re-checks that user's open sockets against the database at once: a socket
-- whose session ended is closed ('session:ended'), one whose roles or organisation changed is closed
-- with 'session:changed' (the page reloads with the new menu). NOTIFY is delivered on commit only,
-- so a rolled-back change announces nothing.

-- Signs a user out everywhere: every session ends, the portals close the sockets.
create function end_user_access(target uuid) returns void language plpgsql as $$
begin
  delete from sessions where user_id = target;
  perform pg_notify('ketentafel_access', target::text);
end;
$$;

create function users_access_revoked() returns trigger language plpgsql as $$
begin
  perform end_user_access(new.id);
  return null;
end;
$$;

create trigger users_disabled after update of disabled_at on users
  for each row when (new.disabled_at is not null and old.disabled_at is null)
  execute function users_access_revoked();

-- A membership removed (or moved to another organisation): sessions acting for an organisation the
-- user no longer belongs to end (also those without a chosen organisation, which would otherwise
-- fall back to another one). Any change, a role added too, is announced so open sockets re-check
-- the roles they act with.
create function memberships_access_changed() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then
    delete from sessions s
    where s.user_id = old.user_id
      and (s.active_organisation_id = old.organisation_id or s.active_organisation_id is null)
      and not exists (select 1 from memberships m where m.user_id = old.user_id and m.organisation_id = old.organisation_id);
    perform pg_notify('ketentafel_access', old.user_id::text);
  end if;
  if tg_op <> 'DELETE' then
    perform pg_notify('ketentafel_access', new.user_id::text);
  end if;
  return null;
end;
$$;

create trigger memberships_access after insert or update or delete on memberships
  for each row execute function memberships_access_changed();
