import type { Actor } from '../actor.ts';
import { isVtBeheerder, PARTNER_KINDS } from '../actor.ts';
import type { Role } from '../auth/roles.ts';

/** Whether the actor may manage the accounts of this organisation: its own beheerders, and Veilig Thuis's for every one. */
export function mayManageAccounts(actor: Actor, organisationId: string): boolean {
	if (actor.tokenId || !actor.roles.includes('beheerder')) return false;
	return isVtBeheerder(actor) || actor.organisationId === organisationId;
}

/** The roles a person can have in an organisation of this kind. */
export function rolesForKind(kind: string): Role[] {
	if (kind === 'gemeente') return ['gemeente', 'beheerder'];
	if (kind === 'stuurgroep') return ['stuurgroep', 'beheerder'];
	if (kind === 'vt' || PARTNER_KINDS.includes(kind)) return ['medewerker', 'coordinator', 'beheerder'];
	return ['beheerder'];
}
