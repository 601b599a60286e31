import { ConflictError, ForbiddenError, InputError, ServiceUnavailableError } from '../errors.ts';
import { log } from '../log.ts';
import { dutchWait } from '../auth/throttle.ts';
import type { ErrorJson } from './contract.ts';

/** The stable error codes of the API and their HTTP status. */
export const API_ERROR_STATUS = {
	invalid_input: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	method_not_allowed: 405,
	conflict: 409,
	unsupported_media_type: 415,
	too_many_requests: 429,
	request_too_large: 431,
	internal_error: 500,
	service_unavailable: 503
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** One answer for "does not exist" and "not yours": never reveals whether a handover exists. */
export const NO_ACCESS_MESSAGE = 'Deze overdracht bestaat niet of uw organisatie heeft er geen toegang toe.';

const BEARER = 'Bearer realm="Ketentafel"';

/** An API failure with its stable code, a Dutch message and, for input, the fields at fault. */
export class ApiError extends Error {
	override name = 'ApiError';
	constructor(
		readonly code: ApiErrorCode,
		message: string,
		readonly fields: Record<string, string> = {},
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}
}

/** 429: too many refused token attempts from this address; try again after the header's seconds. */
export function tooManyRequests(retryAfterSeconds: number): ApiError {
	return new ApiError(
		'too_many_requests',
		`Te veel geweigerde verzoeken vanaf dit adres. Probeer het ${dutchWait(retryAfterSeconds)} opnieuw.`,
		{},
		{ 'retry-after': String(retryAfterSeconds) }
	);
}

/** 503: a service Ketentafel needs for this request does not answer; try again after the header's seconds. */
export function serviceUnavailable(retryAfterSeconds = 30): ApiError {
	return new ApiError(
		'service_unavailable',
		'Ketentafel kan dit verzoek nu even niet afhandelen door een storing. Probeer het over een paar minuten opnieuw.',
		{},
		{ 'retry-after': String(retryAfterSeconds) }
	);
}

/** 401: no token, or an unknown, malformed or revoked one. */
export function unauthenticated(missing: boolean): ApiError {
	return missing
		? new ApiError(
				'unauthenticated',
				'Stuur een API-token mee in de header "Authorization: Bearer <token>".',
				{},
				{ 'www-authenticate': BEARER }
			)
		: new ApiError(
				'unauthenticated',
				'Dit API-token is onbekend, ongeldig of ingetrokken.',
				{},
				{
					'www-authenticate': `${BEARER}, error="invalid_token"`
				}
			);
}

/** 403: the token lacks the scope this operation needs. */
export function insufficientScope(scope: string): ApiError {
	return new ApiError(
		'forbidden',
		`Dit API-token heeft niet de bevoegdheid "${scope}" die voor deze handeling nodig is.`,
		{},
		{
			'www-authenticate': `${BEARER}, error="insufficient_scope", scope="${scope}"`
		}
	);
}

/** 403 for a handover that does not exist or is not offered to the token's organisation. */
export function noAccess(): ApiError {
	return new ApiError('forbidden', NO_ACCESS_MESSAGE);
}

/** 400 naming the fields at fault. */
export function invalidInput(fields: Record<string, string>, message = 'De gegevens in het verzoek kloppen niet. Zie "fields".'): ApiError {
	return new ApiError('invalid_input', message, fields);
}

/** The error body every failing API call answers with (contract.ts: errorSchema). */
export function errorResponse(error: ApiError): Response {
	const body: ErrorJson = { error: { code: error.code, message: error.message } };
	if (Object.keys(error.fields).length) body.error.fields = error.fields;
	return new Response(JSON.stringify(body), {
		status: API_ERROR_STATUS[error.code],
		headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers }
	});
}

/** Turns what a service threw into an API error; anything unexpected is logged (no request data) and becomes 500. */
export function toApiError(error: unknown): ApiError {
	if (error instanceof ApiError) return error;
	if (error instanceof ForbiddenError) return noAccess();
	if (error instanceof ConflictError) return new ApiError('conflict', error.message);
	if (error instanceof InputError) return invalidInput(error.fields, error.message);
	if (error instanceof ServiceUnavailableError) return serviceUnavailable();
	log().error(
		{ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) },
		'api request failed'
	);
	return new ApiError('internal_error', 'Er ging iets mis aan onze kant. Probeer het later opnieuw.');
}
