-- Safety check-ins while a family waits (DESIGN rule 8): which VT organisation keeps sight of the
-- family (access and escalation), and what a recorded check-in holds besides its outcome: the day
-- of the contact and with whom / how it took place.

alter table safety_checkins
  add column vt_org_id     uuid references organisations(id),
  add column contacted_on  date,
  add column contact_with  text,
  add constraint checkin_recorded_complete check (
    outcome is null or (contacted_on is not null and length(contact_with) > 0 and recorded_by is not null)),
  add constraint checkin_concern_explained check (
    outcome is null or outcome = 'veilig' or length(note) > 0);

-- The team's work list: open check-ins of a VT organisation by due day.
create index safety_checkins_team on safety_checkins (vt_org_id, due_on) where outcome is null and cancelled_at is null;
-- The history of a wait entry.
create index safety_checkins_wait_entry on safety_checkins (wait_entry_id, recorded_at);
