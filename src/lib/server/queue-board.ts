import { securityHeaders } from './security-headers.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { env } from './env.ts';
import { db } from './db/client.ts';
import { log } from './log.ts';
import { systemClock } from './clock.ts';
import { validateSessionToken, type AuthContext, type Membership } from './auth/session.ts';
import { readCookie, sessionCookieName } from './auth/cookie.ts';
import { stagePage } from './auth/guards.ts';
import { audit, type AuditActor, type AuditDetails } from './audit/log.ts';
import { isVtBeheerder } from './actor.ts';
import { clientAddress } from './client-address.ts';
import { QUEUE_NAMES, queue } from './queues.ts';

/** Where the queue board lives (bull-board), outside SvelteKit. */
export const QUEUE_BOARD_PATH = '/beheer/wachtrijen';

/** A plain Node request handler with a fall-through, like Connect/Express middleware. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface QueueBoardOptions {
	/** The queues shown; defaults to every queue in QUEUE_NAMES of this deployment. */
	queues?: Queue[];
}

// The board's API may only retry jobs: emptying, obliterating, adding or editing jobs is refused
// (those would lose follow-up jobs or run handlers with hand-made data).
const RETRY_ONE = /^\/api\/queues\/([^/]+)\/([^/]+)\/retry$/;
const RETRY_ALL = /^\/api\/queues\/([^/]+)\/retry\/(failed|completed)$/;

// bull-board's page uses external scripts and inline styles only; its web font is not fetched.
const CSP = [
	"default-src 'self'",
	"script-src 'self'",
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data:",
	"font-src 'self' data:",
	"connect-src 'self'",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'"
].join('; ');

function secure(res: ServerResponse): void {
	for (const [name, value] of Object.entries(securityHeaders())) res.setHeader(name, value);
	res.setHeader('content-security-policy', CSP);
	res.setHeader('cache-control', 'no-store');
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
	res.statusCode = status;
	res.setHeader('content-type', 'text/html; charset=utf-8');
	res.end(
		`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${title} · Ketentafel</title></head>` +
			`<body><h1>${title}</h1><p>${message}</p><p><a href="/">Naar de startpagina</a></p></body></html>`
	);
}

function redirect(res: ServerResponse, location: string): void {
	res.statusCode = 303;
	res.setHeader('location', location);
	res.end();
}

function cookieHeader(name: string, value: string, expires: Date): string {
	const secure = env().production ? '; Secure' : '';
	return `${name}=${value}; Path=/; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure}`;
}

type Access = { ok: true; auth: AuthContext & { active: Membership } } | { ok: false };

/**
 * Authorises like the portal (session cookie, stage 'complete') and then only beheerders of Veilig
 * Thuis, the operator of Ketentafel: everyone else gets the same 403 whatever they ask, audited.
 */
async function authorise(req: IncomingMessage, res: ServerResponse, path: string): Promise<Access> {
	const config = env();
	const name = sessionCookieName();
	const token = readCookie(req.headers.cookie, name);
	const result = token ? await validateSessionToken(db(), token, config.SESSION_TTL_HOURS * 3600_000, systemClock) : null;
	const browserPage = (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/');
	if (!result) {
		if (token) res.setHeader('set-cookie', cookieHeader(name, '', new Date(0)));
		if (browserPage) redirect(res, `/inloggen?terug=${encodeURIComponent(QUEUE_BOARD_PATH)}`);
		else page(res, 401, 'Niet ingelogd', 'Log opnieuw in om de wachtrijen te beheren.');
		return { ok: false };
	}
	const auth = result.auth;
	if (result.renewed && token) res.setHeader('set-cookie', cookieHeader(name, token, auth.session.expiresAt));
	const stage = stagePage(auth);
	if (stage) {
		if (browserPage) redirect(res, stage);
		else page(res, 401, 'Tweestapsverificatie nodig', 'Rond eerst de tweestapsverificatie af.');
		return { ok: false };
	}
	const active = auth.active;
	if (!active || !isVtBeheerder({ organisationId: active.organisationId, organisationKind: active.kind, roles: active.roles })) {
		// one answer for every address and method: the board tells others nothing, not even what exists
		await audit(db(), auditActor(auth, req), 'access.refused', null, {
			via: 'wachtrijen',
			reason: 'role',
			path: (QUEUE_BOARD_PATH + path).slice(0, 200)
		});
		page(res, 403, 'Geen toegang', 'Alleen beheerders van Veilig Thuis, dat Ketentafel beheert, kunnen de wachtrijen bekijken en beheren.');
		return { ok: false };
	}
	return { ok: true, auth: auth as AuthContext & { active: Membership } };
}

function auditActor(auth: AuthContext, req: IncomingMessage): AuditActor {
	return {
		userId: auth.user.id,
		organisationId: auth.active?.organisationId ?? null,
		roles: auth.active?.roles ?? [],
		ip: clientAddress(req),
		userAgent: req.headers['user-agent'] ?? null
	};
}

const JOB_PATH = /^\/api\/queues\/([^/]+)\/([^/]+)(?:\/logs)?$/;

/** What a read of the board showed: the page or API address, the queue, status and page asked for, or the job. */
function readDetails(path: string, search: string): AuditDetails {
	const params = new URLSearchParams(search);
	const job = JOB_PATH.exec(path);
	const details: AuditDetails = { path: (QUEUE_BOARD_PATH + path).slice(0, 200) };
	const queue = job ? decodeURIComponent(job[1]) : params.get('activeQueue');
	if (queue) details.queue = queue.slice(0, 100);
	if (job) details.jobId = decodeURIComponent(job[2]).slice(0, 100);
	const status = params.get('status');
	if (status) details.status = status.slice(0, 30);
	const pageNo = params.get('page');
	if (pageNo) details.page = pageNo.slice(0, 10);
	return details;
}

/**
 * The queue board (bull-board) for VT's beheerders at /beheer/wachtrijen, as a Node request handler.
 * Requests outside that path go to `next`. Every request is authorised like the portal; every read
 * (the page and each JSON API call) is audited as 'queues.viewed', successful retries as
 * 'queues.job_retried', refusals as 'access.refused'. Only retries may change anything: other
 * changing board actions are refused with 403.
 */
export function queueBoard(options: QueueBoardOptions = {}): NodeHandler {
	let board: ((req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void) | undefined;
	const boardApp = () => {
		if (board) return board;
		const queues = options.queues ?? QUEUE_NAMES.map((name) => queue(name));
		const serverAdapter = new ExpressAdapter();
		serverAdapter.setBasePath(QUEUE_BOARD_PATH);
		createBullBoard({
			queues: queues.map((q) => new BullMQAdapter(q)),
			serverAdapter,
			options: {
				uiConfig: {
					boardTitle: 'Ketentafel · wachtrijen',
					hideDocsLink: true,
					miscLinks: [{ text: 'Terug naar Systeemstatus', url: '/beheer/status' }]
				}
			}
		});
		const app = serverAdapter.getRouter();
		app.disable('x-powered-by');
		board = app;
		return app;
	};

	return (req, res, next) => {
		const url = req.url ?? '/';
		const query = url.indexOf('?');
		const pathname = query === -1 ? url : url.slice(0, query);
		if (pathname !== QUEUE_BOARD_PATH && !pathname.startsWith(`${QUEUE_BOARD_PATH}/`)) return next();
		const path = pathname.slice(QUEUE_BOARD_PATH.length) || '/';
		secure(res);
		handle(req, res, path, query === -1 ? '' : url.slice(query)).catch((err: unknown) => {
			log().error({ err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, 'queue board failed');
			if (!res.headersSent) page(res, 500, 'Er ging iets mis', 'Er ging iets mis aan onze kant. Probeer het opnieuw.');
			else res.end();
		});
	};

	async function handle(req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> {
		const access = await authorise(req, res, path);
		if (!access.ok) return;
		const actor = auditActor(access.auth, req);
		const method = req.method ?? 'GET';
		const reading = method === 'GET' || method === 'HEAD';
		const retry = RETRY_ONE.exec(path) ?? RETRY_ALL.exec(path);
		if (!reading) {
			if (req.headers.origin !== env().ORIGIN) {
				page(res, 403, 'Geen toegang', 'Dit verzoek komt niet van Ketentafel zelf.');
				return;
			}
			if (method !== 'PUT' || !retry) {
				page(res, 403, 'Niet toegestaan', 'Op deze pagina kunt u alleen mislukte taken opnieuw starten.');
				return;
			}
		}
		// every read is audited, the board's JSON API included (its job data names handovers); its scripts and styles are not
		if (reading && !path.startsWith('/static/')) await audit(db(), actor, 'queues.viewed', null, readDetails(path, search));
		if (retry) {
			const details: Record<string, string> = retry[0].includes('/retry/')
				? { queue: decodeURIComponent(retry[1]), status: retry[2] }
				: { queue: decodeURIComponent(retry[1]), jobId: decodeURIComponent(retry[2]) };
			res.once('finish', () => {
				if (res.statusCode >= 300) return;
				audit(db(), actor, 'queues.job_retried', null, details).catch((err: unknown) =>
					log().error({ err: String(err), ...details }, 'audit of a job retry failed')
				);
			});
		}
		req.url = path + search;
		boardApp()(req, res, (err?: unknown) => {
			if (err) log().error({ err: String(err) }, 'queue board failed');
			if (!res.headersSent)
				page(res, err ? 500 : 404, err ? 'Er ging iets mis' : 'Niet gevonden', err ? 'Probeer het opnieuw.' : 'Deze pagina bestaat niet.');
		});
	}
}
