import type { Sql } from '../db/client.ts';
import { ManualClock } from '../clock.ts';
import { reassignCases } from '../cases/responsible.ts';
import { actorFor } from './cases.ts';
import { ensureHistoryStaff } from './history-generator.ts';

/**
 * How the coordinator spreads the open werkvoorraad over the team, by share: Youssef carries too
 * much (the caseloadgesprek has something to talk about), Sanne a normal load, the colleagues of the
 * history (who cannot sign in) a few each.
 */
const SPREAD: { email: string; share: number }[] = [
	{ email: 'vt.medewerker2@ketentafel.test', share: 9 },
	{ email: 'vt.medewerker@ketentafel.test', share: 5 },
	{ email: 'vt.collega1@ketentafel.test', share: 4 },
	{ email: 'vt.collega2@ketentafel.test', share: 4 },
	{ email: 'vt.collega3@ketentafel.test', share: 3 },
	{ email: 'vt.collega4@ketentafel.test', share: 3 },
	{ email: 'vt.collega5@ketentafel.test', share: 3 },
	{ email: 'vt.collega6@ketentafel.test', share: 3 }
];

/**
 * Gives the demo's open cases a realistic spread of responsible medewerkers (rule 6), the way a
 * teamcoördinator does it: through the service, so each change has its audit row, its line on the
 * case timeline and the new medewerker's notification. Every demo medewerker ends up with several
 * open cases and Youssef El Amrani with clearly more than the others. Runs after seedCases; does
 * nothing once any case was reassigned. Returns how many cases changed hands.
 */
export async function seedResponsible(sql: Sql, now: Date = new Date()): Promise<number> {
	const [{ done }] = await sql<{ done: boolean }[]>`select exists (select 1 from events where type = 'case.reassigned') as done`;
	if (done) return 0;
	const coordinator = await actorFor(sql, { email: 'vt.coordinator@ketentafel.test', kind: 'vt', roles: ['coordinator'] });
	await ensureHistoryStaff(sql);
	const people = await sql<{ id: string; email: string }[]>`
		select u.id, u.email from users u where u.email = any(${SPREAD.map((s) => s.email)})`;
	const idOf = new Map(people.map((p) => [p.email, p.id]));
	const open = await sql<{ id: string }[]>`
		select id from cases where responsible_org_id = ${coordinator.organisationId} and closed_at is null order by created_at, reference`;
	if (!open.length) return 0;
	// a deterministic deal: each case to the person furthest below their share so far
	const total = SPREAD.reduce((n, s) => n + s.share, 0);
	const dealt = new Map<string, string[]>(SPREAD.map((s) => [s.email, []]));
	for (const [i, c] of open.entries()) {
		const next = SPREAD.map((s) => ({ email: s.email, behind: (s.share * (i + 1)) / total - dealt.get(s.email)!.length })).sort(
			(a, b) => b.behind - a.behind
		)[0];
		dealt.get(next.email)!.push(c.id);
	}
	// the coordinator did it this morning, an hour ago
	const clock = new ManualClock(new Date(now.getTime() - 3_600_000));
	let changed = 0;
	for (const [email, caseIds] of dealt) {
		const toUserId = idOf.get(email);
		if (!toUserId || !caseIds.length) continue;
		changed += await reassignCases({ sql, clock }, coordinator, { caseIds, toUserId });
	}
	return changed;
}
