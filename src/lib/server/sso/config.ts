import type { Db } from '../db/client.ts';
import { auditActorOf, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { decrypt, encrypt } from '../auth/crypto.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { requireOrganisationAdmin } from '../organisations/service.ts';
import { discover, ProviderUnreachableError } from './provider.ts';
import type { SsoConfigInput } from './schema.ts';
import type { ServiceDeps } from '../deps.ts';

/** An organisation's identity provider as its page shows it: never the secret. */
export interface SsoSettings {
	issuer: string;
	clientId: string;
	mfaAcrValues: string[];
	updatedAt: Date;
}

/** What a sign-in through the organisation's identity provider needs, the secret decrypted. */
export interface SsoConfig extends Omit<SsoSettings, 'updatedAt'> {
	organisationId: string;
	organisationName: string;
	clientSecret: string;
}

/** The organisation's single sign-on settings for its page, or null when it signs in with passwords only. */
export async function ssoSettings(sql: Db, organisationId: string): Promise<SsoSettings | null> {
	const [row] = await sql<SsoSettings[]>`
		select issuer, client_id, mfa_acr_values, updated_at from organisation_sso where organisation_id = ${organisationId}`;
	return row ?? null;
}

/** The organisations (not ended) whose people can sign in through their own identity provider, by name. */
export async function ssoOrganisations(sql: Db): Promise<{ id: string; name: string }[]> {
	return sql<{ id: string; name: string }[]>`
		select o.id, o.name from organisation_sso s join organisations o on o.id = s.organisation_id
		where o.ended_at is null order by o.name`;
}

/** The set-up a sign-in uses (secret decrypted), or null when the organisation has none or has ended. */
export async function ssoConfig(sql: Db, organisationId: string): Promise<SsoConfig | null> {
	const [row] = await sql<(Omit<SsoConfig, 'clientSecret'> & { clientSecret: Uint8Array })[]>`
		select s.organisation_id, o.name as organisation_name, s.issuer, s.client_id, s.client_secret, s.mfa_acr_values
		from organisation_sso s join organisations o on o.id = s.organisation_id
		where s.organisation_id = ${organisationId} and o.ended_at is null`;
	if (!row) return null;
	return { ...row, clientSecret: new TextDecoder().decode(decrypt(row.clientSecret)) };
}

/**
 * Sets (or changes) the organisation's identity provider (Veilig Thuis's beheerders). The issuer
 * must answer OpenID Connect discovery; an empty secret keeps the stored one. The secret is stored
 * encrypted and appears in no audit row or log.
 */
export async function saveSsoConfig(deps: ServiceDeps, actor: Actor, organisationId: string, input: SsoConfigInput): Promise<void> {
	requireOrganisationAdmin(actor);
	try {
		await discover({ issuer: input.issuer, clientId: input.clientId, clientSecret: input.clientSecret || 'unused' });
	} catch (error) {
		if (!(error instanceof ProviderUnreachableError)) throw error;
		throw new InputError('De inlogdienst is niet opgeslagen.', {
			issuer: 'Op dit adres antwoordt geen OpenID Connect-inlogdienst (…/.well-known/openid-configuration). Controleer het adres.'
		});
	}
	await deps.sql.begin(async (tx) => {
		const [org] = await tx<{ endedAt: Date | null }[]>`select ended_at from organisations where id = ${organisationId} for update`;
		if (!org) throw new ForbiddenError('Deze organisatie bestaat niet.');
		if (org.endedAt) throw new ConflictError('Deze organisatie is beëindigd en kan niet meer worden gewijzigd.');
		const [existing] = await tx`select 1 from organisation_sso where organisation_id = ${organisationId}`;
		if (!existing && !input.clientSecret)
			throw new InputError('De inlogdienst is niet opgeslagen.', {
				clientSecret: 'Vul het clientgeheim in dat de inlogdienst aan Ketentafel gaf.'
			});
		const now = deps.clock.now();
		if (existing) {
			await tx`
				update organisation_sso set issuer = ${input.issuer}, client_id = ${input.clientId}, mfa_acr_values = ${input.mfaAcrValues}, updated_at = ${now}
				       ${input.clientSecret ? tx`, client_secret = ${encrypt(new TextEncoder().encode(input.clientSecret))}` : tx``}
				where organisation_id = ${organisationId}`;
		} else {
			await tx`
				insert into organisation_sso (organisation_id, issuer, client_id, client_secret, mfa_acr_values, updated_at)
				values (${organisationId}, ${input.issuer}, ${input.clientId}, ${encrypt(new TextEncoder().encode(input.clientSecret))}, ${input.mfaAcrValues}, ${now})`;
		}
		await audit(
			tx,
			auditActorOf(actor),
			'organisation.sso_configured',
			{ type: 'organisation', id: organisationId },
			{
				issuer: input.issuer,
				clientId: input.clientId,
				mfaAcrValues: input.mfaAcrValues,
				secretChanged: Boolean(input.clientSecret)
			}
		);
	});
}

/** Stops single sign-on for the organisation: its people sign in with their Ketentafel password again. */
export async function removeSsoConfig(deps: ServiceDeps, actor: Actor, organisationId: string): Promise<void> {
	requireOrganisationAdmin(actor);
	await deps.sql.begin(async (tx) => {
		const removed = await tx`delete from organisation_sso where organisation_id = ${organisationId} returning organisation_id`;
		if (removed.length === 0) throw new ConflictError('Deze organisatie logt al niet in via een eigen inlogdienst.');
		await audit(tx, auditActorOf(actor), 'organisation.sso_removed', { type: 'organisation', id: organisationId });
	});
}
