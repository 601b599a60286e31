import { env } from '../env.ts';

/** The session cookie's name: with the __Host- prefix where it is Secure (production). */
export function sessionCookieName(): string {
	return env().production ? '__Host-kt_session' : 'kt_session';
}

/** Options for the session cookie: HttpOnly, SameSite=Lax, Secure in production, whole site. */
export function sessionCookieOptions(expires: Date) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: env().production, expires };
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
