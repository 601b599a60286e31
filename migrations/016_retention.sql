-- Retention (issue 10, point 6): a nightly job pseudonymises the free texts and person labels of a
-- closed case once its monitoring has ended and the retention period has passed, deletes old
-- notifications and expired sessions, and strips long-revoked API tokens of their name and hash.
-- The job needs only SELECT, UPDATE and DELETE on these tables (and INSERT on audit_log).

-- When the texts of the case's current closure were pseudonymised. A case reopened and closed again
-- afterwards (closed_at later than this) is due again once its new monitoring has ended.
alter table cases add column texts_removed_at timestamptz;

-- What the job scans: notifications by age.
create index notifications_created on notifications (created_at);
