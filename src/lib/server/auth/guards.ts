import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { AuthContext, Membership } from './session.ts';
import type { Role } from './roles.ts';
import type { RequestOrigin } from './service.ts';
import { actorFromAuth, isPartnerWorker, isVtWorker, type Actor } from '../actor.ts';
import { noteRefusal, type RefusalReason } from '../audit/refusals.ts';

/** A 403 page for this request; the refusal is audited when the request ends (audit/refusals.ts). */
function refuse(event: RequestEvent, message: string, reason: RefusalReason): never {
	noteRefusal(event.locals, reason);
	error(403, message);
}

/** The page a session in this stage belongs on, or null when it may go anywhere. */
export function stagePage(auth: AuthContext): string | null {
	if (auth.stage === 'needs_2fa') return '/inloggen/tweestapsverificatie';
	if (auth.stage === 'needs_2fa_setup') return '/account/tweestapsverificatie';
	return null;
}

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeReturnPath(value: string | null | undefined): string {
	return value && /^\/(?![/\\])[\w\-/.?=&%]*$/.test(value) ? value : '/';
}

function signInRedirect(event: RequestEvent): never {
	const back = event.url.pathname === '/' ? '' : `?terug=${encodeURIComponent(event.url.pathname)}`;
	redirect(303, `/inloggen${back}`);
}

/** A signed-in session in any stage (for the second-factor pages themselves). */
export function requireSession(event: RequestEvent): AuthContext {
	const auth = event.locals.auth;
	if (!auth) signInRedirect(event);
	return auth;
}

/** A fully signed-in user (second factor done or not required). */
export function requireUser(event: RequestEvent): AuthContext {
	const auth = requireSession(event);
	const page = stagePage(auth);
	if (page) redirect(303, page);
	return auth;
}

/** A fully signed-in user acting for an organisation. */
export function requireActive(event: RequestEvent): AuthContext & { active: Membership } {
	const auth = requireUser(event);
	if (!auth.active) refuse(event, 'U bent nog niet aan een organisatie gekoppeld. Neem contact op met uw beheerder.', 'no_organisation');
	return auth as AuthContext & { active: Membership };
}

/** A fully signed-in user with one of these roles in the active organisation. */
export function requireRole(event: RequestEvent, roles: Role[]): AuthContext & { active: Membership } {
	const auth = requireActive(event);
	if (!auth.active.roles.some((r) => roles.includes(r))) {
		refuse(event, 'U heeft met uw rol in deze organisatie geen toegang tot deze pagina.', 'role');
	}
	return auth;
}

/** Where a request came from, for the audit log. */
export function requestOrigin(event: RequestEvent): RequestOrigin {
	let ip: string | null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null;
	}
	return { ip, userAgent: event.request.headers.get('user-agent') };
}

/** The acting person for a request: a fully signed-in user with an active organisation. */
export function requireActor(event: RequestEvent): Actor {
	return actorFromAuth(requireActive(event), requestOrigin(event));
}

/** A beheerder acting for their organisation; others get a 403 page. */
export function requireBeheerder(event: RequestEvent): Actor {
	return actorFromAuth(requireRole(event, ['beheerder']), requestOrigin(event));
}

/** A VT medewerker or coordinator; others get a 403 page. */
export function requireVtWorker(event: RequestEvent): Actor {
	const actor = requireActor(event);
	if (!isVtWorker(actor)) refuse(event, 'Deze pagina is voor medewerkers van Veilig Thuis.', 'role');
	return actor;
}

/** A medewerker or coordinator of a partner organisation; others get a 403 page. */
export function requirePartnerWorker(event: RequestEvent): Actor {
	const actor = requireActor(event);
	if (!isPartnerWorker(actor)) refuse(event, 'Deze pagina is voor medewerkers van ketenpartners.', 'role');
	return actor;
}
