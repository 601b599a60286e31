import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { env } from '../env.ts';

/** How long a browser stays a trusted device after its last full sign-in. */
export const DEVICE_TRUST_DAYS = 90;
const VERSION = 'd1';
const DAY_MS = 86_400_000;

/** A device cookie to set: its value and when it expires. */
export interface DeviceCookie {
	value: string;
	expiresAt: Date;
}

function signature(payload: string): Buffer {
	const key = createHmac('sha256', env().ENCRYPTION_KEY).update('ketentafel device cookie').digest(); // own key, derived
	return createHmac('sha256', key).update(payload).digest();
}

/**
 * A device cookie for a browser that just completed a full sign-in (OWASP "device cookies"):
 * "d1.<user id>.<issued, s>.<random id>.<HMAC-SHA256>", signed under a key derived from
 * ENCRYPTION_KEY. It proves nothing by itself; it only exempts its holder from the limits that
 * strangers' failures can exhaust, under a small budget of its own.
 */
export function issueDeviceCookie(userId: string, clock: Clock): DeviceCookie {
	const issued = Math.floor(clock.now().getTime() / 1000);
	const payload = `${VERSION}.${userId}.${issued}.${randomBytes(16).toString('base64url')}`;
	return {
		value: `${payload}.${signature(payload).toString('base64url')}`,
		expiresAt: new Date(issued * 1000 + DEVICE_TRUST_DAYS * DAY_MS)
	};
}

/**
 * The device's id when the cookie is genuine, issued to this user and not expired; else null
 * (unknown account, another user's cookie, tampered, too old).
 */
export function trustedDeviceId(value: string | null | undefined, userId: string | null, clock: Clock): string | null {
	if (!value || !userId || value.length > 200) return null;
	const parts = value.split('.');
	if (parts.length !== 5 || parts[0] !== VERSION) return null;
	const expected = signature(parts.slice(0, 4).join('.'));
	const given = Buffer.from(parts[4], 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	const age = clock.now().getTime() - Number(parts[2]) * 1000;
	if (parts[1] !== userId || !(age > -60_000 && age < DEVICE_TRUST_DAYS * DAY_MS)) return null;
	return parts[3];
}
