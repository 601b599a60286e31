import type { Db } from '../db/client.ts';
import { appendEvent, publish, type StoredEvent } from '../events/log.ts';
import { readWorkdayPolicy } from '../sla/policy.ts';
import { readFollowupSettings } from '../followups/settings.ts';
import { dueDayMoments } from '../followups/moments.ts';
import { rooms } from '../../realtime/events.ts';
import type { ServiceDeps } from '../deps.ts';

/** A check-in created by scheduling. */
export interface ScheduledCheckin {
	id: string;
	waitEntryId: string;
	vtOrgId: string;
	dueOn: string;
}

interface Candidate {
	waitEntryId: string;
	caseId: string;
	vtOrgId: string;
	assignedTo: string;
	dueOn: string;
}

const BATCH = 500;

/**
 * Open wait entries (care not started) without an open check-in, with what their next check-in
 * needs: the day it is due (the last recorded contact, or the start of the wait, plus the interval),
 * the VT organisation that keeps sight of the family (of the offer, else of the responsible
 * medewerker, else of the case) and who does it (the responsible medewerker while active and still
 * working there, else a VT coordinator). Rows are share-locked (a care start in progress is skipped).
 */
async function candidates(tx: Db, intervalDays: number, limit: number, waitEntryId?: string): Promise<Candidate[]> {
	const rows = await tx<Candidate[]>`
		select we.id as wait_entry_id, we.case_id, org.vt_org_id, who.assigned_to,
		       to_char(coalesce(last.contacted_on, we.waiting_since) + ${intervalDays}::int, 'YYYY-MM-DD') as due_on
		from wait_entries we
		cross join lateral (
		  select max(sc.contacted_on) as contacted_on from safety_checkins sc where sc.wait_entry_id = we.id and sc.outcome is not null
		) last
		cross join lateral (
		  select coalesce(
		    (select h.from_org_id from handovers h join organisations o on o.id = h.from_org_id where h.id = we.handover_id and o.kind = 'vt'),
		    (select m.organisation_id from memberships m join organisations o on o.id = m.organisation_id
		      where m.user_id = we.responsible_user_id and o.kind = 'vt' order by m.created_at limit 1),
		    (select c.responsible_org_id from cases c join organisations o on o.id = c.responsible_org_id where c.id = we.case_id and o.kind = 'vt')
		  ) as vt_org_id
		) org
		cross join lateral (
		  select coalesce(
		    (select u.id from users u join memberships m on m.user_id = u.id
		      where u.id = we.responsible_user_id and u.disabled_at is null and m.organisation_id = org.vt_org_id and m.role in ('medewerker', 'coordinator') limit 1),
		    (select u.id from users u join memberships m on m.user_id = u.id
		      where m.organisation_id = org.vt_org_id and m.role = 'coordinator' and u.disabled_at is null order by u.name, u.id limit 1)
		  ) as assigned_to
		) who
		where we.care_started_on is null ${waitEntryId ? tx`and we.id = ${waitEntryId}` : tx``}
		  and org.vt_org_id is not null and who.assigned_to is not null
		  and not exists (select 1 from safety_checkins sc where sc.wait_entry_id = we.id and sc.outcome is null and sc.cancelled_at is null)
		order by we.waiting_since, we.id
		limit ${limit}
		for share of we skip locked`;
	return [...rows];
}

/** Inserts the next check-in of each candidate; one that already got an open check-in concurrently is left alone. */
async function insertCheckins(tx: Db, found: Candidate[], now: Date): Promise<ScheduledCheckin[]> {
	if (!found.length) return [];
	const [policy, settings] = await Promise.all([readWorkdayPolicy(tx), readFollowupSettings(tx)]);
	const moments = found.map((c) => dueDayMoments(c.dueOn, settings.graceWorkdays, policy));
	const rows = await tx<ScheduledCheckin[]>`
		insert into safety_checkins (wait_entry_id, case_id, vt_org_id, assigned_to, due_on, remind_due, escalate_due, created_at)
		select w, c, o, a, d, r, e, ${now}::timestamptz
		from unnest(${found.map((c) => c.waitEntryId)}::uuid[], ${found.map((c) => c.caseId)}::uuid[], ${found.map((c) => c.vtOrgId)}::uuid[],
		            ${found.map((c) => c.assignedTo)}::uuid[], ${found.map((c) => c.dueOn)}::date[],
		            ${moments.map((m) => m.remindAt.toISOString())}::timestamptz[], ${moments.map((m) => m.escalateAt.toISOString())}::timestamptz[])
		     as n(w, c, o, a, d, r, e)
		on conflict do nothing
		returning id, wait_entry_id, vt_org_id, to_char(due_on, 'YYYY-MM-DD') as due_on`;
	return [...rows];
}

/**
 * Inside the caller's transaction (which holds the wait entry's row lock): the next check-in of one
 * wait entry, when it is still waiting and has none open. Used when an outcome is recorded.
 */
export async function scheduleNextCheckin(tx: Db, waitEntryId: string, now: Date): Promise<ScheduledCheckin | null> {
	const { checkinIntervalDays } = await readFollowupSettings(tx);
	const [created] = await insertCheckins(tx, await candidates(tx, checkinIntervalDays, 1, waitEntryId), now);
	return created ?? null;
}

/**
 * Makes sure every family that waits for care has its next safety check-in: creates it for every
 * open wait entry without one (see `candidates`), and cancels check-ins still open for entries whose
 * care has started. Idempotent and safe to run concurrently (the one-open-check-in index decides;
 * `on conflict do nothing`). Run by the workers before each follow-up reconciliation. Returns how
 * many check-ins it created; the VT organisations' pages hear of them live.
 */
export async function ensureCheckins(deps: ServiceDeps): Promise<number> {
	let created = 0;
	for (;;) {
		const now = deps.clock.now();
		const { count, more, events } = await deps.sql.begin(async (tx) => {
			await tx`
				update safety_checkins sc set cancelled_at = ${now} from wait_entries we
				where we.id = sc.wait_entry_id and we.care_started_on is not null and sc.outcome is null and sc.cancelled_at is null`;
			const { checkinIntervalDays } = await readFollowupSettings(tx);
			const found = await candidates(tx, checkinIntervalDays, BATCH);
			const rows = await insertCheckins(tx, found, now);
			const events: StoredEvent[] = [];
			const perOrg = new Map<string, number>();
			for (const r of rows) perOrg.set(r.vtOrgId, (perOrg.get(r.vtOrgId) ?? 0) + 1);
			for (const [vtOrgId, count] of perOrg) {
				events.push(
					await appendEvent(
						tx,
						{
							streams: [rooms.organisation(vtOrgId)],
							type: 'checkin.scheduled',
							payload: { count, actor: 'Ketentafel', actorOrg: '', change: 'veiligheidschecks gepland' },
							actorUserId: null
						},
						now
					)
				);
			}
			return { count: rows.length, more: found.length === BATCH, events };
		});
		publish(events);
		created += count;
		if (!more || !count) return created;
	}
}
