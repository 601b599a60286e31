import * as client from 'openid-client';
import type { AuditActor } from '../audit/log.ts';
import { audit } from '../audit/log.ts';
import { decrypt, encrypt } from '../auth/crypto.ts';
import { startSignedInSession, type AuthDeps, type RequestOrigin, type SessionCookies } from '../auth/service.ts';
import { memberByEmail } from '../accounts/queries.ts';
import { ssoConfig } from './config.ts';
import { callbackUrl, discover, ProviderUnreachableError } from './provider.ts';
import { providerUsedSecondFactor } from './second-factor.ts';

/** How long a person has at their identity provider before the sign-in must start again. */
export const SSO_STATE_TTL_MS = 10 * 60_000;

/** What a started sign-in keeps in the browser's (encrypted, HttpOnly) cookie until the provider sends the person back. */
interface PendingSignIn {
	organisationId: string;
	state: string;
	nonce: string;
	verifier: string;
	returnPath: string;
	expiresAt: number;
}

/** Why a sign-in through an organisation's identity provider was refused (the sign-in page words each one). */
export type SsoRefusal =
	| 'not_configured' // the organisation (no longer) signs in this way
	| 'unreachable' // the provider did not answer
	| 'expired' // no or an old, tampered or foreign state cookie
	| 'protocol' // state, nonce, code or ID token did not check out
	| 'cancelled' // the provider answered with an error (the person cancelled, was refused there)
	| 'no_account'; // no active, invited account of this organisation has the address the provider gave

export type SsoStart = { ok: true; redirectTo: string; cookie: string } | { ok: false; reason: 'not_configured' | 'unreachable' };

export type SsoFinish =
	({ ok: true; userId: string; secondFactorDone: boolean; returnPath: string } & SessionCookies) | { ok: false; reason: SsoRefusal };

const anonymous = (origin: RequestOrigin, organisationId: string | null = null): AuditActor => ({
	userId: null,
	organisationId,
	roles: [],
	ip: origin.ip,
	userAgent: origin.userAgent
});

function sealState(pending: PendingSignIn): string {
	return Buffer.from(encrypt(new TextEncoder().encode(JSON.stringify(pending)))).toString('base64url');
}

function openState(cookie: string | null | undefined, now: number): PendingSignIn | null {
	if (!cookie) return null;
	try {
		const pending = JSON.parse(new TextDecoder().decode(decrypt(Buffer.from(cookie, 'base64url')))) as PendingSignIn;
		return typeof pending.expiresAt === 'number' && pending.expiresAt > now ? pending : null;
	} catch {
		return null;
	}
}

/**
 * Starts a sign-in through the organisation's identity provider: discovery via its issuer, then an
 * authorization code request with PKCE (S256), state and nonce. Returns where to send the browser
 * and the sealed cookie value that keeps state, nonce and verifier until the callback. Audited.
 */
export async function startSsoSignIn(deps: AuthDeps, organisationId: string, returnPath: string, origin: RequestOrigin): Promise<SsoStart> {
	const actor = anonymous(origin, null);
	const record = { type: 'organisation', id: organisationId };
	const config = await ssoConfig(deps.sql, organisationId);
	if (!config) {
		await audit(deps.sql, actor, 'auth.sso_refused', record, { reason: 'not_configured' });
		return { ok: false, reason: 'not_configured' };
	}
	let provider: client.Configuration;
	try {
		provider = await discover(config);
	} catch (error) {
		if (!(error instanceof ProviderUnreachableError)) throw error;
		await audit(deps.sql, actor, 'auth.sso_refused', record, { reason: 'unreachable', step: 'discovery' });
		return { ok: false, reason: 'unreachable' };
	}
	const pending: PendingSignIn = {
		organisationId,
		state: client.randomState(),
		nonce: client.randomNonce(),
		verifier: client.randomPKCECodeVerifier(),
		returnPath,
		expiresAt: deps.clock.now().getTime() + SSO_STATE_TTL_MS
	};
	const url = client.buildAuthorizationUrl(provider, {
		redirect_uri: callbackUrl(),
		scope: 'openid email',
		state: pending.state,
		nonce: pending.nonce,
		code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
		code_challenge_method: 'S256'
	});
	await audit(deps.sql, actor, 'auth.sso_started', record);
	return { ok: true, redirectTo: url.href, cookie: sealState(pending) };
}

/** A short, token-free name for why the library refused the provider's answer. */
function protocolCode(error: unknown): string {
	const code = (error as { code?: unknown; error?: unknown }).error ?? (error as { code?: unknown }).code;
	return (typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown').slice(0, 60);
}

/**
 * Finishes a sign-in when the provider sends the person back (callbackUrl: the full URL with its
 * query): checks the sealed state cookie, then state, code (with the PKCE verifier) and the ID
 * token's signature, issuer, audience and nonce through openid-client. The person is matched by
 * the e-mail address the provider gives (ID token or userinfo; refused when the provider says it is
 * not verified) to an active account of THAT organisation: only accounts its beheerders invited,
 * never a new one. An invited account counts as accepted from now. The session acts for the
 * organisation; its second factor is done when the provider says one was used (second-factor.ts),
 * otherwise Ketentafel's own applies. Every outcome is audited, never with a token or an address.
 */
export async function finishSsoSignIn(
	deps: AuthDeps,
	stateCookie: string | null | undefined,
	callbackUrl: URL,
	origin: RequestOrigin
): Promise<SsoFinish> {
	const pending = openState(stateCookie, deps.clock.now().getTime());
	const refuse = async (reason: SsoRefusal, details: Record<string, string> = {}, userId: string | null = null): Promise<SsoFinish> => {
		const record = pending ? { type: 'organisation', id: pending.organisationId } : null;
		await audit(deps.sql, { ...anonymous(origin, null), userId }, 'auth.sso_refused', record, { reason, ...details });
		return { ok: false, reason };
	};
	if (!pending) return refuse('expired');
	const config = await ssoConfig(deps.sql, pending.organisationId);
	if (!config) return refuse('not_configured');

	let provider: client.Configuration;
	try {
		provider = await discover(config);
	} catch (error) {
		if (!(error instanceof ProviderUnreachableError)) throw error;
		return refuse('unreachable', { step: 'discovery' });
	}
	let claims: Record<string, unknown>;
	try {
		const tokens = await client.authorizationCodeGrant(provider, callbackUrl, {
			pkceCodeVerifier: pending.verifier,
			expectedState: pending.state,
			expectedNonce: pending.nonce,
			idTokenExpected: true
		});
		claims = { ...(tokens.claims() ?? {}) };
		if (typeof claims.email !== 'string' && typeof claims.sub === 'string') {
			const info = await client.fetchUserInfo(provider, tokens.access_token, claims.sub);
			claims = { ...info, ...claims };
		}
	} catch (error) {
		if (error instanceof client.AuthorizationResponseError) return refuse('cancelled', { code: protocolCode(error) });
		if (error instanceof TypeError || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) {
			return refuse('unreachable', { step: 'token' });
		}
		return refuse('protocol', { code: protocolCode(error) });
	}

	const email = typeof claims.email === 'string' ? claims.email : null;
	if (!email || claims.email_verified === false) return refuse('no_account', { cause: email ? 'email_not_verified' : 'no_email' });
	const account = await memberByEmail(deps.sql, pending.organisationId, email);
	if (!account) {
		const [known] = await deps.sql<{ id: string; disabled: boolean }[]>`
			select id, disabled_at is not null as disabled from users where email = ${email.trim().toLowerCase()}`;
		return refuse('no_account', { cause: !known ? 'unknown_account' : known.disabled ? 'deactivated' : 'not_a_member' }, known?.id ?? null);
	}
	if (!account.activated) await acceptInvitation(deps, account.id, pending.organisationId, origin);

	const secondFactorDone = providerUsedSecondFactor(claims, config.mfaAcrValues);
	const session = await startSignedInSession(deps, account, origin, {
		secondFactorDone,
		organisationId: pending.organisationId,
		details: { via: 'sso', organisation: pending.organisationId, providerSecondFactor: secondFactorDone }
	});
	return { ...session, secondFactorDone, returnPath: pending.returnPath };
}

/** An invited person who first comes in through their organisation's provider: the account is in, the invitation link is spent. */
async function acceptInvitation(deps: AuthDeps, userId: string, organisationId: string, origin: RequestOrigin): Promise<void> {
	await deps.sql.begin(async (tx) => {
		const now = deps.clock.now();
		const [updated] = await tx`update users set activated_at = ${now} where id = ${userId} and activated_at is null returning id`;
		if (!updated) return;
		await tx`update account_tokens set revoked_at = ${now} where user_id = ${userId} and purpose = 'invitation' and used_at is null and revoked_at is null`;
		await audit(
			tx,
			{ ...anonymous(origin, organisationId), userId },
			'account.invitation_accepted',
			{ type: 'user', id: userId },
			{ via: 'sso' }
		);
	});
}
