import type { Cookies } from '@sveltejs/kit';
import { env } from '../env.ts';
import type { DeviceCookie } from './device.ts';

/** The session cookie's name: with the __Host- prefix where it is Secure (production). */
export function sessionCookieName(): string {
	return env().production ? '__Host-kt_session' : 'kt_session';
}

/** Options for the session cookie: HttpOnly, SameSite=Lax, Secure in production, whole site. */
export function sessionCookieOptions(expires: Date) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: env().production, expires };
}

/** The device cookie's name (see device.ts): with the __Host- prefix where it is Secure. */
export function deviceCookieName(): string {
	return env().production ? '__Host-kt_device' : 'kt_device';
}

/**
 * Sets the cookies of a session that just started or was replaced: the session cookie (expiring
 * with the session) and, after a full sign-in, the device cookie (HttpOnly, SameSite=Strict).
 */
export function setSessionCookies(cookies: Cookies, session: { token: string; expiresAt: Date }, device: DeviceCookie | null): void {
	cookies.set(sessionCookieName(), session.token, sessionCookieOptions(session.expiresAt));
	if (device) {
		cookies.set(deviceCookieName(), device.value, { ...sessionCookieOptions(device.expiresAt), sameSite: 'strict' });
	}
}

/** Reads one cookie from a raw Cookie header (for the Socket.IO handshake). */
export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const index = part.indexOf('=');
		if (index > 0 && part.slice(0, index).trim() === name) {
			try {
				return decodeURIComponent(part.slice(index + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}

/** The cookie a one-time link's token moves into, so it leaves the address bar and history at once. */
export function linkCookieName(purpose: 'invitation' | 'password_reset'): string {
	const name = purpose === 'invitation' ? 'kt_invitation' : 'kt_reset';
	return env().production ? `__Host-${name}` : name;
}

/**
 * Options for a link cookie: HttpOnly, SameSite=Lax (it is set on the navigation from an e-mail
 * client, another site), half an hour; the token in it still works only once and until it expires.
 */
export function linkCookieOptions() {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: env().production, maxAge: 30 * 60 };
}

/** The cookie that keeps a single sign-on's state, nonce and PKCE verifier (sealed) while the person is at their provider. */
export function ssoCookieName(): string {
	return env().production ? '__Host-kt_sso' : 'kt_sso';
}

/**
 * Options for the single sign-on cookie: HttpOnly, SameSite=Lax (the provider sends the browser
 * back with a top-level GET from another site), ten minutes.
 */
export function ssoCookieOptions() {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: env().production, maxAge: 10 * 60 };
}
