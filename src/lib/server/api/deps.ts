import type { HandoverDeps } from '../handovers/service.ts';
import { domainDeps } from '../services.ts';

/** What the API handlers need: the database and the clock. */
export type ApiDeps = HandoverDeps;

/** Where a request came from (the client address is only known to the route). */
export interface ApiCall {
	request: Request;
	ip: string | null;
}

/** The API dependencies of this portal process. */
export function apiDeps(): ApiDeps {
	return domainDeps();
}

/** The request and client address of a SvelteKit request event (routes only; no cookies are read). */
export function apiCallOf(event: { request: Request; getClientAddress(): string }): ApiCall {
	let ip: string | null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null;
	}
	return { request: event.request, ip };
}
