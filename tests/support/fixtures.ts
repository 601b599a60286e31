import { randomBytes } from 'node:crypto';
import type { Sql } from '../../src/lib/server/db/client.ts';
import type { OrganisationKind, Role } from '../../src/lib/server/auth/roles.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';

export const FIXTURE_PASSWORD = 'Correct-paard-batterij-9';
let passwordHash: Promise<string> | undefined;

const unique = () =>
	randomBytes(4)
		.toString('hex')
		.replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]);

/** A new organisation with a unique name. */
export async function createOrganisation(sql: Sql, kind: OrganisationKind = 'cjg'): Promise<{ id: string; name: string }> {
	const name = `Test ${kind} ${unique()}`;
	const municipality = kind === 'gemeente' ? 'GM0392' : null;
	if (municipality) {
		await sql`insert into subregions (id, name) values ('zuid-kennemerland', 'Zuid-Kennemerland') on conflict do nothing`;
		await sql`insert into municipalities (id, name, subregion_id) values ('GM0392', 'Haarlem', 'zuid-kennemerland') on conflict do nothing`;
	}
	const [org] = await sql<{ id: string }[]>`
		insert into organisations (name, kind, municipality_id) values (${name}, ${kind}, ${municipality}) returning id`;
	return { id: org.id, name };
}

/** A new user with the fixture password and the given memberships. */
export async function createUser(
	sql: Sql,
	memberships: { organisationId: string; role: Role }[] = []
): Promise<{ id: string; email: string; name: string }> {
	const email = `user-${unique()}@test.ketentafel.test`;
	const name = `Test Gebruiker ${unique()}`;
	const [user] = await sql<{ id: string }[]>`
		insert into users (email, name, password_hash) values (${email}, ${name}, ${await (passwordHash ??= hashPassword(FIXTURE_PASSWORD))})
		returning id`;
	for (const m of memberships) {
		await sql`insert into memberships (user_id, organisation_id, role) values (${user.id}, ${m.organisationId}, ${m.role})`;
	}
	return { id: user.id, email, name };
}
