import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { log } from './log.ts';

const DUTCH = 'Dit verzoek duurde te lang en is afgebroken. Probeer het over een ogenblik opnieuw.';

/**
 * Answers 503 for a request that has not been answered after `ms` (API paths as the API's JSON
 * error), and silences the late handler's writes to that response. A small hand-written piece:
 * Node's own server timeouts only cover receiving the request, not a handler that waits too long.
 */
export function withRequestTimeout(listener: RequestListener, ms: number): RequestListener {
	return (req: IncomingMessage, res: ServerResponse) => {
		const timer = setTimeout(() => {
			if (res.writableEnded || res.destroyed) return;
			const path = (req.url ?? '/').split('?')[0];
			log().warn({ method: req.method, path, ms }, 'request timed out');
			if (res.headersSent) return void res.destroy();
			const api = path.startsWith('/api/');
			const body = api ? JSON.stringify({ error: { code: 'service_unavailable', message: DUTCH } }) : DUTCH;
			res.writeHead(503, {
				'content-type': api ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
				'retry-after': '5',
				'cache-control': 'no-store',
				'x-content-type-options': 'nosniff'
			});
			res.end(body);
			silence(res);
		}, ms);
		res.once('close', () => clearTimeout(timer));
		listener(req, res);
	};
}

/** The handler answers later into a response that was already sent: its writes go nowhere. */
function silence(res: ServerResponse): void {
	const none = () => res;
	Object.assign(res, {
		setHeader: none,
		removeHeader: () => undefined,
		writeHead: none,
		write: () => true,
		end: none,
		getHeaderNames: () => []
	});
}
