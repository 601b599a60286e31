-- Partner capacity at the moment of offering (issue 14): an offer to a consortium for a zorgvorm
-- whose waiting time in the case's subregion is over the norm needs the medewerker's confirmation,
-- and the offer keeps what was confirmed: the waiting time shown then and the norm.
alter table handovers
  add column over_norm_wait_days integer,
  add column over_norm_norm_days integer,
  add constraint over_norm_noted check (
    (over_norm_wait_days is null and over_norm_norm_days is null)
    or (over_norm_wait_days is not null and over_norm_norm_days is not null and over_norm_wait_days > over_norm_norm_days));
