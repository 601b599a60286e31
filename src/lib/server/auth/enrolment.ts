import { decrypt, encrypt } from './crypto.ts';
import type { Clock } from '../clock.ts';

const MAX_AGE_MS = 30 * 60_000;

/**
 * Seals a new TOTP key for the round trip through the setup form: encrypted and bound to the user
 * and the time, so it cannot be read, altered or replayed for someone else.
 */
export function sealPendingKey(userId: string, key: Uint8Array, clock: Clock): string {
	const payload = JSON.stringify({ u: userId, k: Buffer.from(key).toString('base64'), t: clock.now().getTime() });
	return encrypt(new TextEncoder().encode(payload)).toString('base64url');
}

/** Opens a sealed key; null when it is damaged, for another user or older than 30 minutes. */
export function openPendingKey(sealed: string, userId: string, clock: Clock): Uint8Array | null {
	try {
		const payload = JSON.parse(new TextDecoder().decode(decrypt(Buffer.from(sealed, 'base64url')))) as {
			u: string;
			k: string;
			t: number;
		};
		if (payload.u !== userId || clock.now().getTime() - payload.t > MAX_AGE_MS) return null;
		return new Uint8Array(Buffer.from(payload.k, 'base64'));
	} catch {
		return null;
	}
}
