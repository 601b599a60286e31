import type { Sql } from '../../src/lib/server/db/client.ts';
import type { Actor } from '../../src/lib/server/actor.ts';
import type { CaseInput } from '../../src/lib/server/cases/schema.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import { amsterdamDay } from '../../src/lib/server/workdays.ts';
import { createOrganisation, createUser } from '../../tests/support/fixtures.ts';

/** The people and sessions a benchmark run works with. */
export interface BenchWorld {
	/** The VT medewerker who registers cases and offers them. */
	vt: Actor;
	/** The partner medewerker who accepts. */
	partner: Actor;
	partnerOrgId: string;
	/** Session tokens of partner users (for the clients' cookies), spread over the partner users. */
	tokens: string[];
}

const MUNICIPALITY = 'GM0392';

function actorOf(user: { id: string; name: string }, org: { id: string; name: string }, kind: Actor['organisationKind']): Actor {
	return {
		userId: user.id,
		tokenId: null,
		name: user.name,
		organisationId: org.id,
		organisationName: org.name,
		organisationKind: kind,
		roles: ['medewerker'],
		ip: '127.0.0.1',
		userAgent: 'realtime-latency bench'
	};
}

/**
 * Writes the minimum a handover needs: the gemeente of the cases, a VT and a CJG organisation, one
 * VT medewerker, `users` CJG medewerkers and `sessions` fully signed-in sessions spread over them.
 */
export async function seedWorld(sql: Sql, options: { users: number; sessions: number; ttlMs: number }): Promise<BenchWorld> {
	await sql`insert into subregions (id, name) values ('zuid-kennemerland', 'Zuid-Kennemerland') on conflict do nothing`;
	await sql`insert into municipalities (id, name, subregion_id) values (${MUNICIPALITY}, 'Haarlem', 'zuid-kennemerland') on conflict do nothing`;
	const vtOrg = await createOrganisation(sql, 'vt');
	const partnerOrg = await createOrganisation(sql, 'cjg');
	const vtUser = await createUser(sql, [{ organisationId: vtOrg.id, role: 'medewerker' }]);
	const partnerUsers: { id: string; name: string }[] = [];
	for (let i = 0; i < options.users; i++) partnerUsers.push(await createUser(sql, [{ organisationId: partnerOrg.id, role: 'medewerker' }]));

	const tokens: string[] = [];
	const chunk = 20;
	for (let from = 0; from < options.sessions; from += chunk) {
		const made = await Promise.all(
			Array.from({ length: Math.min(chunk, options.sessions - from) }, (_, i) =>
				createSession(
					sql,
					{ userId: partnerUsers[(from + i) % partnerUsers.length].id, twoFactorVerified: false, ip: '127.0.0.1', userAgent: 'bench' },
					options.ttlMs,
					systemClock
				)
			)
		);
		tokens.push(...made.map((s) => s.token));
	}
	return {
		vt: actorOf(vtUser, vtOrg, 'vt'),
		partner: actorOf(partnerUsers[0], partnerOrg, 'cjg'),
		partnerOrgId: partnerOrg.id,
		tokens
	};
}

/** A complete assessment (one child, spoken to today), so the case may be offered at once. */
export function completeCase(now: Date = new Date()): CaseInput {
	const today = amsterdamDay(now);
	return {
		municipalityId: MUNICIPALITY,
		reportDate: today,
		urgent: false,
		childrenInvolved: true,
		elderlyInvolved: false,
		helpPresent: false,
		summary: 'Benchmarkzaak: zorgen over de thuissituatie.',
		safetyAgreements: 'Afspraken vastgelegd met beide ouders.',
		monitoringBy: 'Veilig Thuis',
		persons: [{ role: 'kind', label: 'Kind 1 (8 jaar)', spokenTo: true, spokenOn: today }]
	};
}
