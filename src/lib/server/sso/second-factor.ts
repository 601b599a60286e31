/**
 * The amr values (RFC 8176) that say the identity provider used more than a password: 'mfa'
 * (multiple factors), 'otp' (a one-time code), 'hwk' and 'swk' (a hardware or software key).
 */
export const MFA_AMR_VALUES: readonly string[] = ['mfa', 'otp', 'hwk', 'swk'];

/**
 * Whether the identity provider says a second factor was used for this sign-in: its `amr` claim
 * holds one of MFA_AMR_VALUES, or its `acr` claim is one of the values the organisation's set-up
 * marks as multi-factor. Anything else (no claims, other values, claims of the wrong type) is no.
 */
export function providerUsedSecondFactor(claims: { acr?: unknown; amr?: unknown }, mfaAcrValues: readonly string[]): boolean {
	const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
	if (amr.some((v) => MFA_AMR_VALUES.includes(v.toLowerCase()))) return true;
	return typeof claims.acr === 'string' && mfaAcrValues.includes(claims.acr);
}
