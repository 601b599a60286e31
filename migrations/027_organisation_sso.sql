-- Single sign-on (issue 13, point 5): an organisation may sign its people in through its own
-- OpenID Connect identity provider. Set by Veilig Thuis's beheerders on the organisation's page.
-- The client secret is kept only encrypted (AES-256-GCM under ENCRYPTION_KEY, see auth/crypto.ts)
-- and is never shown back. The sign-in's state, nonce and PKCE verifier live in an encrypted,
-- short-lived HttpOnly cookie of the browser, not here.
create table organisation_sso (
  organisation_id uuid primary key references organisations(id) on delete cascade,
  issuer          text not null check (length(issuer) <= 300),
  client_id       text not null check (length(client_id) between 1 and 200),
  client_secret   bytea not null,
  -- acr values of this provider that mean "a second factor was used" (besides the amr values
  -- mfa, otp, hwk and swk, which always count)
  mfa_acr_values  text[] not null default '{}',
  updated_at      timestamptz not null
);
