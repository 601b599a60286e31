import type { Db } from '../db/client.ts';

/** Active users of an organisation with one of the roles. */
export async function members(tx: Db, organisationId: string, roles: string[]): Promise<string[]> {
	const rows = await tx<{ id: string }[]>`
		select distinct u.id from users u join memberships m on m.user_id = u.id
		where m.organisation_id = ${organisationId} and m.role::text = any(${roles}) and u.disabled_at is null`;
	return rows.map((r) => r.id);
}

/** Coordinators of an organisation; its medewerkers when it has none, so an escalation never goes unseen. */
export async function coordinatorsOf(tx: Db, organisationId: string): Promise<string[]> {
	const coordinators = await members(tx, organisationId, ['coordinator']);
	return coordinators.length ? coordinators : members(tx, organisationId, ['medewerker']);
}

/** The user when the account is active, else the organisation's coordinators (someone always hears of it). */
export async function userOrCoordinators(tx: Db, userId: string | null, organisationId: string): Promise<string[]> {
	if (userId) {
		const [active] = await tx`select 1 from users where id = ${userId} and disabled_at is null`;
		if (active) return [userId];
	}
	return coordinatorsOf(tx, organisationId);
}

/** Those of the users whose accounts are active, else the organisation's coordinators (someone always hears of it). */
export async function usersOrCoordinators(tx: Db, userIds: (string | null)[], organisationId: string): Promise<string[]> {
	const wanted = [...new Set(userIds.filter((id): id is string => !!id))];
	if (wanted.length) {
		const rows = await tx<{ id: string }[]>`select id from users where id = any(${wanted}::uuid[]) and disabled_at is null`;
		if (rows.length) return rows.map((r) => r.id);
	}
	return coordinatorsOf(tx, organisationId);
}

/** The responsible medewerker of a case (rule 6) when that account is active, else null: who hears about the case. */
export async function activeResponsibleOf(tx: Db, caseId: string): Promise<string | null> {
	const [row] = await tx<{ id: string }[]>`
		select u.id from cases c join users u on u.id = c.responsible_user_id where c.id = ${caseId} and u.disabled_at is null`;
	return row?.id ?? null;
}
