-- The closing letter to the melder (DESIGN rule 7, issue 14). When VT closes a case Ketentafel drafts
-- the afsluitbrief from the closure and the template of VT's beheerders; the medewerker edits, prints
-- and records when and how the melder was informed. No name or address of the melder is stored: the
-- letter has an empty address block that is filled in by hand on paper.

-- How the melder was informed. A closed case may now also be "still to be informed" (neither a date
-- nor anonymous): the letter is being prepared. A way needs a date; anonymous excludes both.
alter table cases add column melder_informed_how text
  check (melder_informed_how in ('brief', 'telefonisch', 'e-mail', 'persoonlijk'));
alter table cases drop constraint closure_complete_or_absent;
alter table cases add constraint closure_complete_or_absent check (
  (closed_at is null and closed_by is null and closing_summary is null and melder_informed_on is null
   and melder_informed_how is null and not melder_anonymous)
  or (closed_at is not null and closed_by is not null and length(closing_summary) > 0
      and not (melder_anonymous and melder_informed_on is not null)
      and (melder_informed_how is null or melder_informed_on is not null)));
alter table case_reopenings add column melder_informed_how text;

-- The letter template of a VT organisation, versioned: the highest version is in force. Without a
-- row the built-in default applies (letters/template.ts). contact: whom a melder contacts when the
-- situation changes (VT's public line), put in place of {contact}.
create table melder_letter_templates (
  id          uuid primary key default gen_random_uuid(),
  vt_org_id   uuid not null references organisations(id),
  version     integer not null check (version > 0),
  body        text not null check (length(body) > 0),
  contact     text not null check (length(contact) > 0),
  created_by  uuid references users(id),
  created_at  timestamptz not null,
  unique (vt_org_id, version)
);

-- The letter of one closure of a case (a case closed again after a reopening gets a new letter).
-- Informing itself is recorded on the case (melder_informed_on, melder_informed_how).
create table melder_letters (
  id                uuid primary key default gen_random_uuid(),
  case_id           uuid not null references cases(id),
  closed_at         timestamptz not null,          -- the closure it belongs to
  vt_org_id         uuid not null references organisations(id),
  template_version  integer not null,              -- 0: the built-in default
  body              text not null check (length(body) > 0),
  drafted_at        timestamptz not null,
  updated_by        uuid references users(id),
  updated_at        timestamptz not null,
  version           integer not null default 1,
  unique (case_id, closed_at)
);
