-- Every list is paged on the server, searchable by reference and filterable (issue 11, point 5).
-- Lists page by keyset ("seek"): each order below has an index on exactly its keys, after the
-- equality filters the list always applies (the organisation, the status), so a page is an index
-- range scan of at most a page of rows, however long the list.

-- Search by (part of) the pseudonymous reference: trigram index, so "%000123%" needs no scan.
create extension if not exists pg_trgm;
create index cases_reference_trgm on cases using gin (reference gin_trgm_ops);

-- The werkvoorraad order (rule 2): spoed; kinderen and/or ouderen; no hulpverlening yet; then the
-- due date. As one number, lowest first, so that the order is one ascending key with an index.
alter table cases add column queue_rank smallint generated always as (
  (case when urgent then 0 else 4 end) + (case when children_involved or elderly_involved then 0 else 2 end) + (case when help_present then 1 else 0 end)
) stored;
create index cases_work_queue on cases (responsible_org_id, queue_rank, assessment_due, reference) where closed_at is null;

-- Overdrachten: per status by deadline; the completed ones newest first.
create index handovers_inbox on handovers (to_org_id, status, respond_before, id);
create index handovers_inbox_completed on handovers (to_org_id, completed_at desc, id desc) where status = 'completed';
drop index handovers_to_org; -- (to_org_id, status): a prefix of handovers_inbox

-- V&V-trajecten of either side, by statutory term.
create index trajectories_vt_list on trajectories (vt_org_id, status, statutory_due, id);
create index trajectories_partner_list on trajectories (partner_org_id, status, statutory_due, id);
drop index trajectories_vt;      -- prefixes of the two above
drop index trajectories_partner;

-- Waiting families, longest waiting first: of a consortium, and of all (VT's view).
create index wait_entries_waiting_list on wait_entries (consortium_id, waiting_since, id) where care_started_on is null;
create index wait_entries_waiting_all on wait_entries (waiting_since, id) where care_started_on is null;

-- Open safety check-ins of one medewerker, earliest due first.
create index safety_checkins_assigned_list on safety_checkins (assigned_to, due_on, id) where outcome is null and cancelled_at is null;
drop index safety_checkins_assigned;

-- Monitoring: open moments escalated first, then by day; recorded ones newest first; of the team or of one monitor.
create index monitoring_open_list on monitoring_moments (vt_org_id, (escalated_at is null), planned_on, id) where recorded_at is null and cancelled_at is null;
create index monitoring_open_mine on monitoring_moments (monitor_id, (escalated_at is null), planned_on, id) where recorded_at is null and cancelled_at is null;
create index monitoring_recorded_list on monitoring_moments (vt_org_id, recorded_at desc, id desc) where recorded_at is not null;
create index monitoring_recorded_mine on monitoring_moments (monitor_id, recorded_at desc, id desc) where recorded_at is not null;

-- Meldingen: unread ones of a person, newest first.
create index notifications_unread_list on notifications (user_id, id desc) where read_at is null;
drop index notifications_unread;

-- Auditlog by case: rows about a record, rows naming a case, and list views naming the records they showed.
create index audit_log_record on audit_log (record_id, id desc) where record_id is not null;
create index audit_log_case on audit_log ((details ->> 'case'), id desc) where details ? 'case';
create index audit_log_shown on audit_log using gin ((details -> 'ids')) where details ? 'ids';
-- ... and the records of a case that the audit search looks up by case.
create index trajectories_case on trajectories (case_id);
create index wait_entries_case on wait_entries (case_id);
create index safety_checkins_case on safety_checkins (case_id);
