import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { renderSVG } from 'uqr';
import { timingSafeEqual, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { sha256Hex } from './crypto.ts';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const ISSUER = 'Ketentafel';

/** A fresh 20-byte TOTP key. */
export function generateTotpKey(): Uint8Array {
	return new Uint8Array(randomBytes(20));
}

/** What the setup page shows: the QR code (SVG) and the key for typing in by hand. */
export function totpEnrolment(key: Uint8Array, accountName: string): { qrSvg: string; manualKey: string } {
	const uri = createTOTPKeyURI(ISSUER, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
	return {
		qrSvg: renderSVG(uri, { border: 2 }),
		manualKey: encodeBase32UpperCaseNoPadding(key)
			.replace(/(.{4})/g, '$1 ')
			.trim()
	};
}

/** The TOTP time step at an instant. */
export function totpStep(at: Date): bigint {
	return BigInt(Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS));
}

/** The code for an instant (tests and the demo helper). */
export function totpCode(key: Uint8Array, at: Date): string {
	return generateHOTP(key, totpStep(at), TOTP_DIGITS);
}

/**
 * Checks a code against the current step and one step either side. Returns the matching step so
 * the caller can refuse a replay (a step at or before the last accepted one), or null.
 */
export function matchTotp(key: Uint8Array, code: string, clock: Clock, lastStep: bigint | null): bigint | null {
	const cleaned = code.replace(/\s/g, '');
	if (!/^\d{6}$/.test(cleaned)) return null;
	const now = totpStep(clock.now());
	for (const step of [now - 1n, now, now + 1n]) {
		if (lastStep !== null && step <= lastStep) continue;
		const expected = Buffer.from(generateHOTP(key, step, TOTP_DIGITS));
		if (timingSafeEqual(expected, Buffer.from(cleaned))) return step;
	}
	return null;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time recovery codes like "k7q2-m9xp-4tr8". */
export function generateRecoveryCodes(count = 10): string[] {
	return Array.from({ length: count }, () => {
		const bytes = randomBytes(12);
		const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
		return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
	});
}

/** How a recovery code is stored: SHA-256 of its normalised form (the codes carry ~59 bits). */
export function hashRecoveryCode(code: string): string {
	return sha256Hex(code.toLowerCase().replace(/[^a-z0-9]/g, ''));
}
