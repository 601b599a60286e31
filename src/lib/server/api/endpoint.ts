import type { Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import type { ApiCall, ApiDeps } from './deps.ts';
import { ApiError, errorResponse, insufficientScope, toApiError, tooManyRequests, unauthenticated } from './errors.ts';
import { Throttle, type ThrottleRule } from '../auth/throttle.ts';
import { redis } from '../redis.ts';
import { env } from '../env.ts';

/** Refused token attempts allowed per client address per 15 minutes. */
export const API_REFUSALS_PER_IP: ThrottleRule = { name: 'api-ip', limit: 30, windowSeconds: 15 * 60 };

let throttle: Throttle | undefined;
const apiThrottle = () => (throttle ??= new Throttle(redis(), env().REDIS_PREFIX));
import type { ApiScope } from './scopes.ts';
import { authenticateApiToken } from './tokens.ts';

function requestLine(request: Request): string {
	return `${request.method} ${new URL(request.url).pathname}`;
}

/**
 * Runs an API operation for the partner system behind the request's Bearer token: 401 without a
 * valid token, 403 without the scope, and every error as the API's JSON error body. Refusals after
 * authentication (missing scope, a handover that is not the organisation's) are audited too.
 */
export async function withToken(deps: ApiDeps, call: ApiCall, scope: ApiScope, run: (actor: Actor) => Promise<Response>): Promise<Response> {
	const origin = { ip: call.ip, userAgent: call.request.headers.get('user-agent') };
	const line = requestLine(call.request);
	let actor: Actor | null = null;
	const refuse = (who: Actor, reason: 'scope' | 'no_access') =>
		audit(
			deps.sql,
			{ userId: null, tokenId: who.tokenId, organisationId: who.organisationId, roles: [], ...origin },
			'api_token.refused',
			who.tokenId ? { type: 'api_token', id: who.tokenId } : null,
			{ reason, request: line.slice(0, 200) }
		);
	try {
		if (call.ip) {
			const wait = await apiThrottle().reserve([[API_REFUSALS_PER_IP, call.ip]]);
			if (wait > 0) return errorResponse(tooManyRequests(wait));
		}
		const auth = await authenticateApiToken(deps, call.request.headers.get('authorization'), origin, line);
		if (!auth.ok) return errorResponse(unauthenticated(auth.reason === 'missing'));
		if (call.ip) await apiThrottle().release(API_REFUSALS_PER_IP, call.ip);
		actor = auth.actor;
		if (!auth.scopes.includes(scope)) {
			await refuse(actor, 'scope');
			return errorResponse(insufficientScope(scope));
		}
		return await run(actor);
	} catch (error) {
		const apiError = toApiError(error);
		if (actor && apiError.code === 'forbidden') await refuse(actor, 'no_access').catch(() => undefined);
		return errorResponse(apiError);
	}
}

/** 404 for an address under /api/v1 that does not exist. */
export function apiNotFound(): Response {
	return errorResponse(new ApiError('not_found', 'Dit adres bestaat niet in de Ketentafel-API. De beschrijving staat op /api/v1/openapi.json.'));
}

/** 405 for a method an address does not support. */
export function apiMethodNotAllowed(allowed: string[]): Response {
	return errorResponse(
		new ApiError('method_not_allowed', `Dit adres ondersteunt alleen ${allowed.join(' en ')}.`, {}, { allow: allowed.join(', ') })
	);
}
