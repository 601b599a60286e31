import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import '$lib/server/validation/zod-locale';
import { env } from '$lib/server/env';
import { db } from '$lib/server/db/client';
import { log } from '$lib/server/log';
import { systemClock } from '$lib/server/clock';
import { validateSessionToken } from '$lib/server/auth/session';
import { sessionCookieName, sessionCookieOptions } from '$lib/server/auth/cookie';
import { requestOrigin, stagePage } from '$lib/server/auth/guards';
import { auditRefusals } from '$lib/server/audit/refusals';
import { securityHeaders } from '$lib/server/security-headers';
import { checkApiRequest, checkFormRequest, type Refusal } from '$lib/server/request-guard';

export const init: ServerInit = () => {
	env();
};

const OPEN_PATHS = ['/inloggen', '/healthz', '/wachtwoord-vergeten'];
/** Pages reached through a one-time link in an e-mail, before one is signed in. */
/** Also single sign-on: its start (a link per organisation) and the provider's callback. */
const LINK_PATHS = ['/uitnodiging', '/wachtwoord-herstellen', '/inloggen/organisatie'];

export const handle: Handle = async ({ event, resolve }) => {
	const config = env();
	const name = sessionCookieName();
	const path = event.url.pathname;
	const refusal = path.startsWith('/api/') ? checkApiRequest(event.request) : await checkFormRequest(event.request, config.ORIGIN);
	if (refusal) return secure(refused(event.request, path, refusal), path);
	const token = path.startsWith('/api/') ? undefined : event.cookies.get(name); // the API authenticates with bearer tokens only
	event.locals.auth = null;
	if (token) {
		const result = await validateSessionToken(
			db(),
			token,
			config.SESSION_TTL_HOURS * 3600_000,
			systemClock,
			config.SESSION_MAX_HOURS * 3600_000
		);
		if (!result) {
			event.cookies.delete(name, { path: '/' });
		} else {
			event.locals.auth = result.auth;
			if (result.renewed) event.cookies.set(name, token, sessionCookieOptions(result.auth.session.expiresAt));
		}
	}

	const open =
		OPEN_PATHS.includes(path) ||
		LINK_PATHS.some((p) => path === p || path.startsWith(`${p}/`)) ||
		path.startsWith('/_app/') ||
		path === '/favicon.svg';
	const auth = event.locals.auth;
	if (!open && event.request.method === 'GET' && !path.startsWith('/api/')) {
		const page = auth ? stagePage(auth) : '/inloggen';
		if (page && path !== page && path !== '/uitloggen') {
			const back = !auth && path !== '/' ? `?terug=${encodeURIComponent(path)}` : '';
			return secure(new Response(null, { status: 303, headers: { location: page + back } }), path);
		}
	}

	const response = await resolve(event);
	await auditRefusals(db(), event, requestOrigin(event)).catch((err: unknown) =>
		log().error(
			{ err: err instanceof Error ? { name: err.name, message: err.message } : String(err), route: event.route.id },
			'audit of a refusal failed'
		)
	);
	// an endpoint that refused early left the body unread: read it, so the connection can be reused
	if (!event.request.bodyUsed && event.request.body) await event.request.arrayBuffer().catch(() => undefined);
	return secure(response, path);
};

/** A refused request's answer: the API's JSON error, an enhanced form's action result, or a plain Dutch page. */
function refused(request: Request, path: string, { status, code, message }: Refusal): Response {
	if (path.startsWith('/api/')) return Response.json({ error: { code, message } }, { status });
	if (request.headers.get('x-sveltekit-action') === 'true') return Response.json({ type: 'error', error: { message } }, { status });
	const page = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Niet verwerkt – Ketentafel</title></head><body><main><h1>Dit verzoek is niet verwerkt</h1><p>${message}</p><p><a href="/">Naar de startpagina</a></p></main></body></html>`;
	return new Response(page, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

function secure(response: Response, path: string): Response {
	const headers = response.headers;
	for (const [name, value] of Object.entries(securityHeaders())) headers.set(name, value);
	if (!path.startsWith('/_app/immutable/')) headers.set('cache-control', 'no-store');
	return response;
}

export const handleError: HandleServerError = ({ error, status, event }) => {
	const id = randomUUID();
	if (status !== 404) {
		log().error(
			{
				err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
				id,
				route: event.route.id,
				status
			},
			'request failed'
		);
	}
	return {
		message: status === 404 ? 'Deze pagina bestaat niet.' : 'Er ging iets mis aan onze kant. Probeer het opnieuw.',
		id
	};
};
