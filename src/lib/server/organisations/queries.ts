import type { Db } from '../db/client.ts';

export interface OrganisationRow {
	id: string;
	name: string;
	kind: string;
	subregionId: string | null;
	municipalityIds: string[];
	careTypeIds: string[];
	members: number;
	endedAt: Date | null;
}

/** Every organisation (or the one with this id) with its area, zorgvormen and number of active members; ended ones last. */
export async function listOrganisations(sql: Db, id: string | null = null): Promise<OrganisationRow[]> {
	return sql<OrganisationRow[]>`
		select o.id, o.name, o.kind::text as kind, o.subregion_id, o.ended_at,
		       array(select municipality_id from organisation_municipalities where organisation_id = o.id order by municipality_id) as municipality_ids,
		       array(select care_type_id from organisation_care_types where organisation_id = o.id order by care_type_id) as care_type_ids,
		       (select count(distinct m.user_id)::int from memberships m join users u on u.id = m.user_id
		         where m.organisation_id = o.id and u.disabled_at is null) as members
		from organisations o where ${id}::uuid is null or o.id = ${id}::uuid
		order by (o.ended_at is not null), o.name`;
}

/** One organisation as the edit form shows it. */
export async function organisationById(sql: Db, id: string): Promise<OrganisationRow | null> {
	const [row] = await listOrganisations(sql, id);
	return row ?? null;
}

/** What the organisation form chooses from: subregions, gemeenten and zorgvormen. */
export async function organisationFormOptions(sql: Db) {
	const [subregions, municipalities, careTypes] = await Promise.all([
		sql<{ id: string; name: string }[]>`select id, name from subregions order by name`,
		sql<{ id: string; name: string; subregionId: string }[]>`select id, name, subregion_id from municipalities order by name`,
		sql<{ id: string; name: string }[]>`select id, name from care_types order by position`
	]);
	return { subregions, municipalities, careTypes };
}
