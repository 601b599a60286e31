import type { AuthContext, Membership } from './auth/session.ts';
import type { OrganisationKind, Role } from './auth/roles.ts';
import type { RequestOrigin } from './auth/service.ts';
import type { AuditActor } from './audit/log.ts';

/** Who does something: a signed-in person, or a partner system with an API token. */
export interface Actor {
	userId: string | null;
	tokenId: string | null;
	/** Display name: the person's name, or "API: <token name>". */
	name: string;
	organisationId: string;
	organisationName: string;
	organisationKind: OrganisationKind;
	roles: Role[];
	/** A partner system's API token: its scopes, the role it acts in (absent for people). */
	scopes?: readonly string[];
	ip: string | null;
	userAgent: string | null;
}

/** The actor behind a signed-in session with an active organisation. */
export function actorFromAuth(auth: AuthContext & { active: Membership }, origin: RequestOrigin): Actor {
	return {
		userId: auth.user.id,
		tokenId: null,
		name: auth.user.name,
		organisationId: auth.active.organisationId,
		organisationName: auth.active.name,
		organisationKind: auth.active.kind,
		roles: auth.active.roles,
		...origin
	};
}

/** The audit-log view of an actor. */
export function auditActorOf(actor: Actor): AuditActor {
	return {
		userId: actor.userId,
		tokenId: actor.tokenId,
		organisationId: actor.organisationId,
		roles: actor.roles,
		scopes: actor.scopes ?? [],
		ip: actor.ip,
		userAgent: actor.userAgent
	};
}

/** What access decisions look at: the organisation, its kind, the roles, and whether it is a token. */
export interface Capacity {
	organisationId: string;
	organisationKind: string;
	roles: string[];
	tokenId?: string | null;
}

/** True for Veilig Thuis's teamcoördinatoren acting in person (reassignment, caseload, sprints). */
export function isVtCoordinator(actor: Capacity): boolean {
	return isVtWorker(actor) && !actor.tokenId && actor.roles.includes('coordinator');
}

/** True for VT members who work on cases (medewerker or coordinator). */
export function isVtWorker(actor: Capacity): boolean {
	return actor.organisationKind === 'vt' && actor.roles.some((r) => r === 'medewerker' || r === 'coordinator');
}

/** True for beheerders of Veilig Thuis, the operator of Ketentafel (the queue board is theirs alone). */
export function isVtBeheerder(actor: Capacity): boolean {
	return actor.organisationKind === 'vt' && !actor.tokenId && actor.roles.includes('beheerder');
}

export const PARTNER_KINDS: readonly string[] = ['cjg', 'wijkteam', 'consortium', 'ggd', 'jeugdhulp'];

/** True for partner-organisation members who work on handovers (or a partner system's token). */
export function isPartnerWorker(actor: Capacity): boolean {
	return (
		PARTNER_KINDS.includes(actor.organisationKind) &&
		(!!actor.tokenId || actor.roles.some((r) => r === 'medewerker' || r === 'coordinator'))
	);
}
