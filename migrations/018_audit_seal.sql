-- Tamper evidence for the audit log (docs/PRIVACY.md, "Auditlog").
-- Every row carries a digest of its content, set on insert; a worker seals closed ranges of rows
-- into a hash chain (audit_seals). The application role may only SELECT and INSERT on these tables
-- (grants in src/lib/server/db/roles.ts); audit:verify recomputes row digests and the chain.

alter table audit_log add column inserted_at timestamptz;
alter table audit_log add column row_hash bytea;

-- The one definition of a row's digest: every column, in a fixed order, NULL spelled out.
create function audit_row_digest(r audit_log) returns bytea language sql immutable as $$
  select sha256(convert_to(concat_ws(chr(31),
    r.id::text, extract(epoch from r.occurred_at)::text, coalesce(extract(epoch from r.inserted_at)::text, '\N'),
    coalesce(r.actor_user_id::text, '\N'), coalesce(r.actor_token_id::text, '\N'), coalesce(r.actor_org_id::text, '\N'),
    r.actor_roles::text, r.actor_scopes::text, r.action, coalesce(r.record_type, '\N'), coalesce(r.record_id, '\N'),
    coalesce(host(r.ip), '\N'), coalesce(r.user_agent, '\N'), r.details::text), 'UTF8'))
$$;

create function audit_log_stamp() returns trigger language plpgsql as $$
begin
  new.inserted_at := clock_timestamp();
  new.row_hash := audit_row_digest(new);
  return new;
end;
$$;
create trigger audit_log_stamp before insert on audit_log for each row execute function audit_log_stamp();

-- rows written before this migration: stamped once, here (the append-only trigger is paused for it)
alter table audit_log disable trigger audit_log_no_update_delete;
update audit_log a set inserted_at = a.occurred_at;
update audit_log a set row_hash = audit_row_digest(a);
alter table audit_log enable trigger audit_log_no_update_delete;
alter table audit_log alter column inserted_at set not null, alter column row_hash set not null;
create index audit_log_inserted on audit_log (inserted_at);

-- One seal per closed range of ids, each chained to the one before: seal_hash covers the previous
-- seal's hash, the range, the number of rows and the digest of their row hashes in id order.
create table audit_seals (
  id            bigserial primary key,
  first_id      bigint not null,
  last_id       bigint not null,
  row_count     integer not null,
  rows_hash     bytea not null,
  previous_hash bytea not null,
  seal_hash     bytea not null,
  sealed_at     timestamptz not null default clock_timestamp(),
  check (first_id <= last_id),
  unique (first_id)
);

create function audit_seal_digest(previous bytea, first_id bigint, last_id bigint, row_count integer, rows_hash bytea)
returns bytea language sql immutable as $$
  select sha256(previous || int8send(first_id) || int8send(last_id) || int4send(row_count) || rows_hash)
$$;

create function audit_rows_digest(first_id bigint, last_id bigint) returns bytea language sql stable as $$
  select sha256(coalesce(string_agg(a.row_hash, ''::bytea order by a.id), ''::bytea))
  from audit_log a where a.id between first_id and last_id
$$;

-- Whoever inserts a seal names only its range: the database computes the rest from the rows and
-- the previous seal, and refuses a range that does not continue the chain.
create function audit_seal_compute() returns trigger language plpgsql as $$
declare
  previous audit_seals;
begin
  select * into previous from audit_seals order by last_id desc limit 1;
  if new.first_id <> coalesce(previous.last_id + 1, 1) then
    raise exception 'audit seal must start at id %', coalesce(previous.last_id + 1, 1) using errcode = 'check_violation';
  end if;
  new.previous_hash := coalesce(previous.seal_hash, '\x'::bytea);
  new.row_count := (select count(*) from audit_log a where a.id between new.first_id and new.last_id);
  new.rows_hash := audit_rows_digest(new.first_id, new.last_id);
  new.seal_hash := audit_seal_digest(new.previous_hash, new.first_id, new.last_id, new.row_count, new.rows_hash);
  new.sealed_at := clock_timestamp();
  return new;
end;
$$;
create trigger audit_seal_compute before insert on audit_seals for each row execute function audit_seal_compute();

-- The outcome of every verification (job or npm run audit:verify), for the status page.
create table audit_verifications (
  id            bigserial primary key,
  checked_at    timestamptz not null default clock_timestamp(),
  intact        boolean not null,
  rows_checked  bigint not null,
  seals_checked integer not null,
  sealed_through bigint,
  unsealed_rows bigint not null,
  problem       text,
  via           text not null check (via in ('job', 'cli'))
);
create index audit_verifications_recent on audit_verifications (checked_at desc);

create function append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_seals_append_only before update or delete on audit_seals for each row execute function append_only();
create trigger audit_seals_no_truncate before truncate on audit_seals for each statement execute function append_only();
create trigger audit_verifications_append_only before update or delete on audit_verifications for each row execute function append_only();
create trigger audit_verifications_no_truncate before truncate on audit_verifications for each statement execute function append_only();
