-- Rule 6/9 (issue 14): every case has a responsible medewerker of the responsible organisation.
alter table cases add column responsible_user_id uuid references users(id);
update cases set responsible_user_id = created_by where responsible_user_id is null;
create index cases_responsible_user on cases (responsible_user_id) where closed_at is null;
