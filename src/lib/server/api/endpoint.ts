import { auditActorOf, type Actor } from '../actor.ts';
import { audit, type AuditRecord } from '../audit/log.ts';
import type { ApiCall, ApiDeps } from './deps.ts';
import { ApiError, errorResponse, insufficientScope, toApiError, tooManyRequests, unauthenticated } from './errors.ts';
import { Throttle, type ThrottleRule } from '../auth/throttle.ts';
import { throttleAddress } from '../auth/address.ts';
import { redis } from '../redis.ts';
import { env } from '../env.ts';
import type { ApiScope } from './scopes.ts';
import { authenticateApiToken } from './tokens.ts';

/** Refused token attempts per client address: 30 at once, then one per 30 seconds. */
export const API_REFUSALS_PER_IP: ThrottleRule = { name: 'api-refusals', limit: 30, windowSeconds: 15 * 60 };

function requestLine(request: Request): string {
	return `${request.method} ${new URL(request.url).pathname}`;
}

/**
 * Counts a refused token attempt against the client's address: the refusal to answer, 429 when the
 * address has spent its budget of refusals (throws ServiceUnavailableError when Redis is away).
 */
async function countRefusal(deps: ApiDeps, ip: string | null, refusal: ApiError): Promise<ApiError> {
	if (!ip) return refusal;
	const throttle = new Throttle(redis(), env().REDIS_PREFIX, deps.clock);
	const reservation = await throttle.reserve([[API_REFUSALS_PER_IP, throttleAddress(ip)]]);
	return reservation.ok ? refusal : tooManyRequests(reservation.retryAfterSeconds);
}

/**
 * Runs an API operation for the partner system behind the request's Bearer token: 401 without a
 * valid token, 403 without the scope, and every error as the API's JSON error body. The token is
 * checked first: a valid token is never refused because of others' failures; only refused tokens
 * count against the address, and only they get 429. Every refusal is audited as api_token.refused
 * (the token, its organisation and scopes, the request line, and `asked`: the record the call was
 * about, when it names one). When Redis is away, refused tokens get 503 within seconds (they cannot
 * be counted) while valid ones are served.
 */
export async function withToken(
	deps: ApiDeps,
	call: ApiCall,
	scope: ApiScope,
	run: (actor: Actor) => Promise<Response>,
	asked: AuditRecord | null = null
): Promise<Response> {
	const origin = { ip: call.ip, userAgent: call.request.headers.get('user-agent') };
	const line = requestLine(call.request);
	let actor: Actor | null = null;
	const refuse = (who: Actor, reason: 'scope' | 'no_access') =>
		audit(
			deps.sql,
			auditActorOf(who),
			'api_token.refused',
			asked ? { type: asked.type, id: asked.id.slice(0, 100) } : who.tokenId ? { type: 'api_token', id: who.tokenId } : null,
			{ reason, request: line.slice(0, 200) }
		);
	try {
		const auth = await authenticateApiToken(deps, call.request.headers.get('authorization'), origin, line);
		if (!auth.ok) return errorResponse(await countRefusal(deps, call.ip, unauthenticated(auth.reason === 'missing')));
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
	return errorResponse(
		new ApiError('not_found', 'Dit adres bestaat niet in de Ketentafel-API. De beschrijving staat op /api/v1/openapi.json.')
	);
}

/** 405 for a method an address does not support. */
export function apiMethodNotAllowed(allowed: string[]): Response {
	return errorResponse(
		new ApiError('method_not_allowed', `Dit adres ondersteunt alleen ${allowed.join(' en ')}.`, {}, { allow: allowed.join(', ') })
	);
}
