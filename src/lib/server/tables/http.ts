import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '../actor.ts';
import { requireActor } from '../auth/guards.ts';
import { domainDeps } from '../services.ts';
import type { ServiceDeps } from '../deps.ts';

/** The tafel services' dependencies in the portal process. */
export function tableDeps(): ServiceDeps {
	return domainDeps();
}

/** The signed-in person acting for their active organisation (redirects to sign-in otherwise). */
export function tableActor(event: RequestEvent): Actor {
	return requireActor(event);
}

export { loadOr403 } from '../http.ts';
