-- Cases with their safety assessment, handovers to partners, warm handovers, overdrachtstafels,
-- API tokens for partners' own systems.

create table cases (
  id                         uuid primary key default gen_random_uuid(),
  reference                  text not null unique,          -- pseudonymous VT reference, never a name or BSN
  municipality_id            text not null references municipalities(id),
  report_date                date not null,                 -- melding date
  urgent                     boolean not null default false,
  children_involved          boolean not null default false,
  elderly_involved           boolean not null default false,
  help_present               boolean not null default false,
  summary                    text not null default '',
  safety_agreements          text not null default '',
  monitoring_by              text not null default '',
  involved_partner_id        uuid references organisations(id), -- exception: ketenpartner al betrokken
  involved_partner_reason    text,
  assessment_due             date not null,
  responsible_org_id         uuid not null references organisations(id),
  created_by                 uuid references users(id),
  created_at                 timestamptz not null default now(),
  updated_at                 timestamptz not null default now(),
  version                    integer not null default 1,
  constraint involved_partner_has_reason check (involved_partner_id is null or coalesce(length(involved_partner_reason), 0) > 0)
);
create index cases_responsible on cases (responsible_org_id);

create table case_persons (
  id          uuid primary key default gen_random_uuid(),
  case_id     uuid not null references cases(id) on delete cascade,
  position    integer not null,
  role        text not null,                                -- kind, ouder, verzorger, partner, oudere, overig
  label       text not null,                                -- pseudonymous, e.g. "Kind 1 (8 jaar)"
  spoken_to   boolean not null default false,
  spoken_on   date,
  constraint spoken_has_date check (not spoken_to or spoken_on is not null)
);
create index case_persons_case on case_persons (case_id, position);

create type decline_reason as enum
  ('geen_capaciteit', 'past_niet_bij_aanbod', 'al_betrokken', 'buiten_werkgebied', 'onvoldoende_informatie', 'anders');
create type handover_status as enum ('open', 'accepted', 'declined', 'withdrawn', 'completed');

create table api_tokens (
  id              uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations(id) on delete cascade,
  name            text not null,
  token_hash      text not null unique,                     -- SHA-256 of the token; the token is shown once
  scopes          text[] not null,
  created_by      uuid references users(id),
  created_at      timestamptz not null default now(),
  last_used_at    timestamptz,
  revoked_at      timestamptz,
  revoked_by      uuid references users(id)
);
create index api_tokens_organisation on api_tokens (organisation_id);

alter table audit_log add column actor_token_id uuid references api_tokens(id);

create type table_status as enum ('scheduled', 'running', 'closed');

create table handover_tables (
  id               uuid primary key default gen_random_uuid(),
  subregion_id     text not null references subregions(id),
  scheduled_at     timestamptz not null,
  status           table_status not null default 'scheduled',
  chair_id         uuid not null references users(id),
  current_item_id  uuid,
  opened_at        timestamptz,
  closed_at        timestamptz,
  created_at       timestamptz not null default now()
);

create table table_participants (
  table_id        uuid not null references handover_tables(id) on delete cascade,
  organisation_id uuid not null references organisations(id),
  primary key (table_id, organisation_id)
);
create index table_participants_org on table_participants (organisation_id);

create table table_items (
  id                 uuid primary key default gen_random_uuid(),
  table_id           uuid not null references handover_tables(id) on delete cascade,
  case_id            uuid not null references cases(id),
  position           integer not null,
  outcome            text check (outcome in ('offer', 'back_to_vt')),
  outcome_partner_id uuid references organisations(id),
  outcome_note       text,
  decided_by         uuid references users(id),
  decided_at         timestamptz,
  unique (table_id, case_id)
);
alter table handover_tables add constraint current_item_fk foreign key (current_item_id) references table_items(id);

create table table_proposals (
  id              uuid primary key default gen_random_uuid(),
  item_id         uuid not null references table_items(id) on delete cascade,
  proposed_by     uuid not null references users(id),
  proposer_org_id uuid not null references organisations(id),
  partner_id      uuid not null references organisations(id),
  note            text not null default '',
  created_at      timestamptz not null default now()
);
create index table_proposals_item on table_proposals (item_id);

create table handovers (
  id                  uuid primary key default gen_random_uuid(),
  case_id             uuid not null references cases(id),
  from_org_id         uuid not null references organisations(id),
  to_org_id           uuid not null references organisations(id),
  message             text not null,
  offered_by          uuid references users(id),
  offered_at          timestamptz not null,
  respond_before      timestamptz not null,
  table_item_id       uuid references table_items(id),
  status              handover_status not null default 'open',
  answered_by         uuid references users(id),
  answered_by_token   uuid references api_tokens(id),
  answered_on_behalf  boolean not null default false,
  answered_at         timestamptz,
  decline_reason      decline_reason,
  decline_note        text,
  withdrawn_by        uuid references users(id),
  withdrawn_at        timestamptz,
  withdraw_note       text,
  completed_at        timestamptz,
  constraint decline_has_reason check (status <> 'declined' or decline_reason is not null),
  constraint decline_note_when_needed check (
    decline_reason is null or decline_reason not in ('onvoldoende_informatie', 'anders') or coalesce(length(decline_note), 0) > 0)
);
-- At most one live handover per case: the database decides between concurrent offers.
create unique index handovers_one_live_per_case on handovers (case_id) where status in ('open', 'accepted');
create index handovers_to_org on handovers (to_org_id, status);
create index handovers_case on handovers (case_id, offered_at);

create type contact_form as enum ('gesprek', 'huisbezoek', 'telefonisch');

create table warm_handovers (
  handover_id          uuid primary key references handovers(id),
  planned_at           timestamptz not null,
  form                 contact_form not null,
  vt_attendees         text not null,
  partner_attendees    text not null,
  planned_by           uuid references users(id),
  updated_at           timestamptz not null default now(),
  vt_confirmed_by      uuid references users(id),
  vt_confirmed_at      timestamptz,
  partner_confirmed_by uuid references users(id),
  partner_confirmed_at timestamptz
);

create sequence case_reference_seq;
