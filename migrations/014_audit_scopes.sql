-- NEN 7513: an action by a partner system's API token records the token's scopes as its role.
alter table audit_log add column actor_scopes text[] not null default '{}';
