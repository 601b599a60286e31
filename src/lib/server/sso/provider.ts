import * as client from 'openid-client';
import { env } from '../env.ts';
import { insecureAllowed } from './schema.ts';

/** The identity provider did not answer discovery (down, wrong address, not OpenID Connect). */
export class ProviderUnreachableError extends Error {
	override name = 'ProviderUnreachableError';
}

/** How long Ketentafel waits for an identity provider's answer, in seconds. */
const TIMEOUT_SECONDS = 10;

/** Where identity providers send people back to: register this at the provider. */
export function callbackUrl(): string {
	return `${env().ORIGIN}/inloggen/organisatie/callback`;
}

/**
 * Discovers the provider from its issuer (.well-known/openid-configuration) and returns the
 * client configuration (client_secret_basic). Plain http only for a loopback issuer outside
 * production (tests, development).
 */
export async function discover(config: { issuer: string; clientId: string; clientSecret: string }): Promise<client.Configuration> {
	const issuer = new URL(config.issuer);
	try {
		return await client.discovery(
			issuer,
			config.clientId,
			{ redirect_uris: [callbackUrl()] },
			client.ClientSecretBasic(config.clientSecret),
			{
				timeout: TIMEOUT_SECONDS,
				execute: insecureAllowed(issuer, env().production) ? [client.allowInsecureRequests] : []
			}
		);
	} catch (error) {
		throw new ProviderUnreachableError(error instanceof Error ? error.name : 'discovery failed', { cause: error });
	}
}
