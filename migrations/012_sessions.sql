-- Sessions with an absolute lifetime (issue 9, point 7). A session's token is replaced when the
-- second factor is passed: the new row keeps the moment of the original sign-in, so the absolute
-- maximum (SESSION_MAX_HOURS) is counted from there, however often the session slid or rotated.

alter table sessions add column signed_in_at timestamptz;
update sessions set signed_in_at = created_at;
alter table sessions alter column signed_in_at set not null;
alter table sessions alter column signed_in_at set default now();
