import { hasControlCharacters } from './validation/text.ts';

/** Why a request was refused before it reached a form action or an API endpoint. */
export interface Refusal {
	status: 400 | 403 | 415;
	message: string;
	/** The API's stable error code, for requests under /api/. */
	code: 'invalid_input' | 'forbidden' | 'unsupported_media_type';
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_FIELDS = 500;

const refuse = (status: Refusal['status'], code: Refusal['code'], message: string): Refusal => ({ status, code, message });

/** The media type and charset of a Content-Type header, lower-cased. */
function mediaType(request: Request): { type: string; charset: string | null } {
	const [type, ...params] = (request.headers.get('content-type') ?? '').split(';');
	const charset =
		params
			.map((p) => p.trim().toLowerCase())
			.find((p) => p.startsWith('charset='))
			?.slice(8)
			.replace(/"/g, '') ?? null;
	return { type: type.trim().toLowerCase(), charset };
}

function hasBody(request: Request): boolean {
	return request.headers.has('transfer-encoding') || Number(request.headers.get('content-length') ?? 0) > 0;
}

/**
 * Checks a state-changing request to a page (a form action) before SvelteKit runs it: it comes from
 * the portal's own pages (Origin), it is a well-formed form in UTF-8, its field names are plain
 * names, and no value holds a control character or a file. Answers null when the action may run.
 */
export async function checkFormRequest(request: Request, origin: string): Promise<Refusal | null> {
	if (!BODY_METHODS.has(request.method)) return null;
	if (request.headers.get('origin') !== origin) {
		return refuse(
			403,
			'forbidden',
			'Dit formulier is niet vanaf Ketentafel zelf verstuurd en is daarom geweigerd. Open de pagina opnieuw en probeer het nog eens.'
		);
	}
	const { type, charset } = mediaType(request);
	if (!FORM_TYPES.has(type) || (charset !== null && charset !== 'utf-8')) {
		return refuse(415, 'unsupported_media_type', 'Ketentafel kan dit verzoek niet lezen: het is geen formulier in UTF-8.');
	}
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch {
		return refuse(
			400,
			'invalid_input',
			'Het formulier is onvolledig of beschadigd aangekomen. Open de pagina opnieuw en probeer het nog eens.'
		);
	}
	let count = 0;
	for (const [name, value] of form) {
		if (++count > MAX_FIELDS) return refuse(400, 'invalid_input', 'Dit formulier heeft te veel velden.');
		if (!FIELD_NAME.test(name) || name.split('.').some((part) => RESERVED.has(part))) {
			return refuse(400, 'invalid_input', 'Dit formulier heeft een veld dat Ketentafel niet kent.');
		}
		if (typeof value !== 'string') return refuse(400, 'invalid_input', 'Ketentafel neemt geen bestanden aan.');
		if (hasControlCharacters(value)) {
			return refuse(
				400,
				'invalid_input',
				'Het formulier bevat een teken dat niet is toegestaan (bijvoorbeeld een nul-teken). Haal het weg en probeer het opnieuw.'
			);
		}
	}
	return null;
}

/**
 * Checks a request to the API before its endpoint runs: a body, where one is sent, is JSON in
 * UTF-8. (The API authenticates with bearer tokens, never cookies, so the Origin does not matter.)
 */
export function checkApiRequest(request: Request): Refusal | null {
	if (!BODY_METHODS.has(request.method) || !hasBody(request)) return null;
	const { type, charset } = mediaType(request);
	if (type !== 'application/json' || (charset !== null && charset !== 'utf-8')) {
		return refuse(415, 'unsupported_media_type', 'Stuur de body als JSON in UTF-8, met de header "Content-Type: application/json".');
	}
	return null;
}
