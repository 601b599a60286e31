import { inject } from 'vitest';
import { resetEnv } from '../../src/lib/server/env.ts';
import { db } from '../../src/lib/server/db/client.ts';
import { systemClock } from '../../src/lib/server/clock.ts';
import type { Actor } from '../../src/lib/server/actor.ts';
import type { OrganisationKind, Role } from '../../src/lib/server/auth/roles.ts';

/** Points this test process's services at the portal under test (same database and Redis prefix). */
export function useE2eServices() {
	process.env.DATABASE_URL = inject('e2eDatabaseUrl');
	process.env.REDIS_PREFIX = inject('e2eRedisPrefix');
	process.env.LOG_LEVEL = 'silent';
	resetEnv();
	return { sql: db(), clock: systemClock };
}

/** The actor of a seeded demo account in its first organisation. */
export async function demoActor(email: string, kind: OrganisationKind, roles: Role[]): Promise<Actor> {
	const [row] = await db()<{ userId: string; name: string; organisationId: string; organisationName: string }[]>`
		select u.id as user_id, u.name, o.id as organisation_id, o.name as organisation_name
		from users u join memberships m on m.user_id = u.id join organisations o on o.id = m.organisation_id
		where u.email = ${email} order by o.name limit 1`;
	return { ...row, tokenId: null, organisationKind: kind, roles, ip: '127.0.0.1', userAgent: 'e2e' };
}

/** A complete case (every directbetrokkene spoken to, agreements, monitoring) as VT would enter it. */
export function completeCase(reportDate: string, municipalityId = 'GM0392') {
	return {
		municipalityId,
		reportDate,
		urgent: false,
		childrenInvolved: true,
		elderlyInvolved: false,
		helpPresent: false,
		summary: 'Melding van school over spanningen thuis; de kinderen waren getuige van een ruzie.',
		safetyAgreements: 'Geen geweld waar de kinderen bij zijn; bij spanning gaat vader naar zijn broer.',
		monitoringBy: 'VT-medewerker, samen met de school',
		persons: [
			{ role: 'ouder' as const, label: 'Moeder', spokenTo: true, spokenOn: reportDate },
			{ role: 'kind' as const, label: 'Kind 1 (8 jaar)', spokenTo: true, spokenOn: reportDate }
		]
	};
}

/** Closes every connection the services opened in this test process (queues, sockets, Redis, database). */
export async function closeE2eServices(): Promise<void> {
	const [{ closeQueues }, { closeDetachedRealtime }, { closeRedis }, { closeDb }] = await Promise.all([
		import('../../src/lib/server/queues.ts'),
		import('../../src/lib/server/realtime/hub.ts'),
		import('../../src/lib/server/redis.ts'),
		import('../../src/lib/server/db/client.ts')
	]);
	await closeQueues();
	await closeDetachedRealtime();
	await closeRedis();
	await closeDb();
}
