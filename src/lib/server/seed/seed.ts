import type { Sql } from '../db/client.ts';
import { hashPassword } from '../auth/password.ts';
import { ConfigError } from '../errors.ts';
import { DEMO_INVITED, DEMO_PASSWORD, DEMO_USERS, ORGANISATIONS } from './region.ts';
import { MUNICIPALITIES, SUBREGIONS } from '../../region.ts';

/** Named refusal to seed demo data into a production database. */
export class SeedRefusedError extends ConfigError {
	override name = 'SeedRefusedError';
}

/**
 * Writes the Kennemerland region, its organisations and the demo accounts. Idempotent: existing
 * rows are updated in place, never duplicated; passwords of existing accounts are left alone.
 */
export async function seed(sql: Sql, nodeEnv: string): Promise<{ users: number; organisations: number }> {
	if (nodeEnv === 'production') {
		throw new SeedRefusedError('refusing to seed demo data with NODE_ENV=production');
	}
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	await sql.begin(async (tx) => {
		for (const s of SUBREGIONS) {
			await tx`insert into subregions (id, name) values (${s.id}, ${s.name})
			         on conflict (id) do update set name = excluded.name`;
		}
		for (const m of MUNICIPALITIES) {
			await tx`insert into municipalities (id, name, subregion_id) values (${m.id}, ${m.name}, ${m.subregionId})
			         on conflict (id) do update set name = excluded.name, subregion_id = excluded.subregion_id`;
		}
		for (const o of ORGANISATIONS) {
			const [org] = await tx<{ id: string }[]>`insert into organisations (name, kind, subregion_id, municipality_id)
			         values (${o.name}, ${o.kind}, ${o.subregionId ?? null}, ${o.municipalityId ?? null})
			         on conflict (name) do update set kind = excluded.kind, subregion_id = excluded.subregion_id,
			           municipality_id = excluded.municipality_id
			         returning id`;
			if (o.municipalityId) {
				await tx`insert into organisation_municipalities (organisation_id, municipality_id) values (${org.id}, ${o.municipalityId}) on conflict do nothing`;
			}
			for (const careType of o.careTypes ?? []) {
				await tx`insert into organisation_care_types (organisation_id, care_type_id) values (${org.id}, ${careType}) on conflict do nothing`;
			}
		}
		for (const u of DEMO_USERS) {
			const [user] = await tx<{ id: string }[]>`
				insert into users (email, name, password_hash) values (${u.email}, ${u.name}, ${passwordHash})
				on conflict (email) do update set name = excluded.name
				returning id`;
			for (const [organisation, role] of u.memberships) {
				await tx`insert into memberships (user_id, organisation_id, role)
				         select ${user.id}, id, ${role} from organisations where name = ${organisation}
				         on conflict do nothing`;
			}
		}
		const [invited] = await tx<{ id: string }[]>`
			insert into users (email, name, password_hash, invited_at, activated_at) values (${DEMO_INVITED.email}, ${DEMO_INVITED.name}, null, now(), null)
			on conflict (email) do nothing returning id`;
		if (invited) {
			await tx`insert into memberships (user_id, organisation_id, role)
			         select ${invited.id}, id, ${DEMO_INVITED.role} from organisations where name = ${DEMO_INVITED.organisation}`;
		}
	});
	return { users: DEMO_USERS.length, organisations: ORGANISATIONS.length };
}
