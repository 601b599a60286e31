import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_ERROR_STATUS, type ApiErrorCode } from './api/errors.ts';

/**
 * Answers a request Node's HTTP parser refused before any route saw it (a request line or headers
 * over the size limit: 431; anything else malformed: 400) in the API's JSON error shape, with a
 * Dutch message, instead of Node's bare status line. Attach as the server's 'clientError' listener.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
	if (!socket.writable || error.code === 'ECONNRESET') {
		socket.destroy();
		return;
	}
	const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
	const code: ApiErrorCode = tooLarge ? 'request_too_large' : 'invalid_input';
	const status = API_ERROR_STATUS[code];
	const message = tooLarge ? 'Het adres of de kopregels van de aanvraag zijn te lang.' : 'De aanvraag is geen geldige HTTP-aanvraag.';
	const body = JSON.stringify({ error: { code, message } });
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
	);
}
