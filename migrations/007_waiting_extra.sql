-- Waiting for a consortium, continued: who last changed a zorgvorm's norm (VT beheerders edit it),
-- and what the workers scan for the over-norm flag.

alter table care_types
  add column updated_by  uuid references users(id),
  add column updated_at  timestamptz;

-- Open wait entries not yet flagged: the 'wait-norm' follow-up computes its moment from
-- waiting_since + the zorgvorm's norm (a changed norm applies at once).
create index wait_entries_norm_followup on wait_entries (waiting_since) where care_started_on is null and over_norm_at is null;

-- The snapshots of one consortium over time (the trend on /wachttijden).
create index waiting_snapshots_consortium on waiting_snapshots (consortium_id, snapshot_date);
