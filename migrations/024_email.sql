-- E-mail (issue 13, point 4): every e-mail Ketentafel sends or skips is one row here — to whom,
-- which kind, when, the result — never its content or address. The workers send what is pending;
-- a job carries only the row's id. Notification e-mails follow each person's choice.

create type notification_email as enum ('off', 'immediate', 'digest');
alter table users add column notification_email notification_email not null default 'immediate';
-- The newest notification an e-mail (at once or digest) has told the person about.
alter table users add column notifications_mailed_through bigint not null default 0;

create type email_kind as enum ('invitation', 'password_reset', 'notification', 'digest');
create type email_state as enum ('pending', 'sent', 'skipped', 'failed');

create table email_deliveries (
  id            bigserial primary key,
  user_id       uuid not null references users(id) on delete cascade,
  kind          email_kind not null,
  state         email_state not null default 'pending',
  created_at    timestamptz not null,
  finished_at   timestamptz,
  attempts      integer not null default 0,
  -- why it was skipped or failed, in a word or an SMTP status code: never an address or content
  result        text check (length(result) <= 80),
  -- the working day a digest is for (one digest per person per day)
  digest_day    date,
  -- notification and digest e-mails: the newest notification counted in it
  covered_through bigint,
  check ((kind = 'digest') = (digest_day is not null)),
  check ((state = 'pending') = (finished_at is null))
);
create index email_deliveries_user on email_deliveries (user_id, id desc);
create index email_deliveries_pending on email_deliveries (created_at) where state = 'pending';
create index email_deliveries_recent on email_deliveries (created_at desc);
-- One notification e-mail waiting per person: new notifications join it.
create unique index email_deliveries_one_pending_notification on email_deliveries (user_id)
  where kind = 'notification' and state = 'pending';
create unique index email_deliveries_one_digest_a_day on email_deliveries (user_id, digest_day) where kind = 'digest';
