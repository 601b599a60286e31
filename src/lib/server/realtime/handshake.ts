import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { readCookie } from '../auth/cookie.ts';
import { validateSessionToken } from '../auth/session.ts';
import type { SocketData } from '../../realtime/events.ts';

/** Why a socket handshake was refused; the client sees the code as connect_error message. */
export class HandshakeError extends Error {
	override name = 'HandshakeError';
	constructor(readonly code: 'origin_not_allowed' | 'unauthorized' | 'no_organisation') {
		super(code);
	}
}

export interface HandshakeInput {
	origin: string | undefined;
	cookieHeader: string | undefined;
}

export interface HandshakeConfig {
	sql: Db;
	clock: Clock;
	allowedOrigin: string;
	cookieName: string;
	sessionTtlMs: number;
}

/**
 * Authenticates a Socket.IO handshake with the same session cookie as the pages: the origin must be
 * the portal's own, the session valid and fully signed in (second factor done), with an active
 * organisation.
 */
export async function authenticateHandshake(config: HandshakeConfig, input: HandshakeInput): Promise<SocketData> {
	if (input.origin !== config.allowedOrigin) throw new HandshakeError('origin_not_allowed');
	const token = readCookie(input.cookieHeader, config.cookieName);
	if (!token) throw new HandshakeError('unauthorized');
	const result = await validateSessionToken(config.sql, token, config.sessionTtlMs, config.clock);
	if (!result || result.auth.stage !== 'complete') throw new HandshakeError('unauthorized');
	const { auth } = result;
	if (!auth.active) throw new HandshakeError('no_organisation');
	return {
		userId: auth.user.id,
		name: auth.user.name,
		sessionId: auth.session.id,
		organisationId: auth.active.organisationId,
		organisationKind: auth.active.kind,
		roles: auth.active.roles
	};
}
