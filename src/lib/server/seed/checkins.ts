import type { Sql } from '../db/client.ts';
import type { Actor } from '../actor.ts';
import type { Role } from '../auth/roles.ts';
import { ManualClock } from '../clock.ts';
import { amsterdamDay } from '../workdays.ts';
import { amsterdamInstant } from '../time.ts';
import { scheduleNextCheckin } from '../checkins/schedule.ts';
import { recordCheckin } from '../checkins/service.ts';
import type { RecordCheckinInput } from '../checkins/schema.ts';
import { readFollowupSettings } from '../followups/settings.ts';
import { addDays } from '../trajectories/service.ts';

const CONTACTS = [
	'Moeder, telefonisch',
	'Huisbezoek bij moeder en de kinderen',
	'Beide ouders, beeldbellen',
	'Telefonisch met moeder; kort met de mentor van school'
];
const CONCERN =
	'Moeder vertelt dat de spanningen thuis weer oplopen sinds vader zijn werk kwijt is. Afgesproken: wekelijks telefonisch contact tot de zorg start; moeder belt bij dreiging direct de crisisdienst.';

/** The assigned medewerker as an actor of the VT organisation (seed only). */
async function actorOf(sql: Sql, userId: string, vtOrgId: string): Promise<Actor> {
	const [row] = await sql<{ name: string; organisationName: string; roles: Role[] }[]>`
		select u.name, o.name as organisation_name, array_agg(m.role::text) as roles
		from users u join memberships m on m.user_id = u.id join organisations o on o.id = m.organisation_id
		where u.id = ${userId} and o.id = ${vtOrgId} group by u.name, o.name`;
	return {
		userId,
		tokenId: null,
		name: row.name,
		organisationId: vtOrgId,
		organisationName: row.organisationName,
		organisationKind: 'vt',
		roles: row.roles,
		ip: null,
		userAgent: 'seed'
	};
}

/** 11:00 Amsterdam time on a day, never after `now`. */
const lateMorning = (day: string, now: Date) => new Date(Math.min(amsterdamInstant(day, '11:00').getTime(), now.getTime()));

/**
 * Demo safety check-ins for the families that wait for a consortium: for every open wait entry
 * without any check-in yet, its history is played through the services as if the medewerker had
 * done each check-in on its due day (mostly veilig, one zorgen), so the next one is due in the
 * coming days. The longest-waiting family's last check-in is left unrecorded: it is overdue (the
 * workers remind and escalate it once they run). Works on whatever wait entries exist; idempotent
 * (entries that have check-ins are left alone). Returns how many check-ins it recorded.
 */
export async function seedCheckins(sql: Sql, now: Date = new Date()): Promise<number> {
	const entries = await sql<{ id: string; createdAt: Date }[]>`
		select we.id, we.created_at from wait_entries we
		where we.care_started_on is null and not exists (select 1 from safety_checkins sc where sc.wait_entry_id = we.id)
		order by we.waiting_since, we.id`;
	const today = amsterdamDay(now);
	const { checkinIntervalDays } = await readFollowupSettings(sql);
	const clock = new ManualClock(now);
	const deps = { sql, clock };
	let recorded = 0;
	let overdueLeft = false;
	for (const [i, entry] of entries.entries()) {
		clock.set(new Date(Math.min(entry.createdAt.getTime(), now.getTime())));
		let next = await sql.begin((tx) => scheduleNextCheckin(tx, entry.id, clock.now()));
		for (let round = 0; next && next.dueOn < today; round++) {
			const [open] = await sql<
				{ assignedTo: string; vtOrgId: string }[]
			>`select assigned_to, vt_org_id from safety_checkins where id = ${next.id}`;
			if (!overdueLeft && addDays(next.dueOn, checkinIntervalDays) >= today) {
				overdueLeft = true; // the oldest family's last check-in stays open: overdue
				break;
			}
			clock.set(lateMorning(next.dueOn, now));
			const input: RecordCheckinInput =
				i === 1 && round === 0
					? { outcome: 'zorgen', contactedOn: next.dueOn, contactWith: CONTACTS[1], note: CONCERN }
					: { outcome: 'veilig', contactedOn: next.dueOn, contactWith: CONTACTS[(i + round) % CONTACTS.length], note: '' };
			next = (await recordCheckin(deps, await actorOf(sql, open.assignedTo, open.vtOrgId), next.id, input)).next;
			recorded++;
		}
	}
	return recorded;
}
