-- Rule 5 in the database (issue 11): Veilig Thuis closes its part of a V&V-traject only when the
-- family no longer waits for care, no veiligheidsvoorwaarde is open, the warm handover to the
-- partner is completed and the partner confirmed that it continues the support. The service says
-- the same in Dutch (trajectories/rule5.ts reads trajectory_close_blockers); these triggers keep it
-- true for every writer, also a direct SQL update.
-- And tafel attendance: who attended a tafel while it ran, per organisation (the summary shows it).

-- What keeps VT from closing its part now, one row per reason (empty: VT may close):
--   waiting       subject = consortium name, since = waiting since (one row per open wait entry)
--   condition     subject = condition id, due_on = its due date (one row per open condition)
--   warm_handover subject = partner name (no completed handover of the case from VT to the partner)
--   continuation  subject = partner name (the partner has not confirmed it continues the support)
create function trajectory_close_blockers(p_trajectory uuid)
returns table (blocker text, subject text, since date, due_on date)
language sql stable as $$
  select 'waiting', o.name, w.waiting_since, null::date
  from trajectories t
  join wait_entries w on w.case_id = t.case_id and w.care_started_on is null
  join organisations o on o.id = w.consortium_id
  where t.id = p_trajectory
  union all
  select 'condition', c.id::text, null, c.due_on
  from trajectory_conditions c
  where c.trajectory_id = p_trajectory and c.status = 'open'
  union all
  select 'warm_handover', o.name, null, null
  from trajectories t join organisations o on o.id = t.partner_org_id
  where t.id = p_trajectory
    and not exists (select 1 from handovers h where h.case_id = t.case_id and h.from_org_id = t.vt_org_id
                    and h.to_org_id = t.partner_org_id and h.status = 'completed')
  union all
  select 'continuation', o.name, null, null
  from trajectories t join organisations o on o.id = t.partner_org_id
  where t.id = p_trajectory and t.partner_continues_confirmed_at is null
$$;

-- A trajectory becoming closed (inserted closed, or updated to closed) must have no blockers. Each
-- statement in this function reads with a fresh snapshot, so it sees what committed while the
-- closing statement waited for the trajectory's row lock (see the two triggers below).
create function trajectory_rule5_check() returns trigger language plpgsql as $$
declare
  reasons text;
begin
  if new.status <> 'closed' or (tg_op = 'UPDATE' and old.status = 'closed') then
    return null;
  end if;
  select string_agg(distinct blocker, ', ' order by blocker) into reasons from trajectory_close_blockers(new.id);
  if reasons is not null then
    raise exception 'Regel 5: Veilig Thuis kan zijn deel van V&V-traject % niet afsluiten (%).', new.id, reasons
      using errcode = 'check_violation', constraint = 'trajectory_rule5', table = 'trajectories';
  end if;
  return null;
end $$;

create constraint trigger trajectory_rule5 after insert or update on trajectories
  for each row execute function trajectory_rule5_check();

-- No open condition in a closed trajectory. The share lock waits for a closing transaction (and
-- makes a closing one wait for this), so the two cannot pass each other.
create function trajectory_condition_rule5_check() returns trigger language plpgsql as $$
declare
  current_status trajectory_status;
begin
  if new.status <> 'open' then
    return new;
  end if;
  select status into current_status from trajectories where id = new.trajectory_id for share;
  if current_status = 'closed' then
    raise exception 'Regel 5: een afgesloten V&V-traject (%) krijgt geen open veiligheidsvoorwaarde.', new.trajectory_id
      using errcode = 'check_violation', constraint = 'trajectory_rule5', table = 'trajectory_conditions';
  end if;
  return new;
end $$;

create trigger trajectory_condition_rule5 before insert or update of status, trajectory_id on trajectory_conditions
  for each row execute function trajectory_condition_rule5_check();

-- A family starting to wait share-locks the case's open trajectory: VT closing it at the same
-- moment waits for this insert and then sees the wait entry.
create function wait_entry_rule5_lock() returns trigger language plpgsql as $$
begin
  perform 1 from trajectories where case_id = new.case_id and status = 'open' for share;
  return new;
end $$;

create trigger wait_entry_rule5 before insert on wait_entries
  for each row execute function wait_entry_rule5_lock();

-- Who attended a tafel: each person once per organisation they acted for, from the moment they
-- were first present while it ran.
create table table_attendance (
  table_id        uuid not null references handover_tables(id) on delete cascade,
  user_id         uuid not null references users(id),
  organisation_id uuid not null references organisations(id),
  first_present_at timestamptz not null,
  primary key (table_id, user_id, organisation_id)
);
