import type { Db, Sql } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { addWorkingHours, type WorkdayPolicy } from '../workdays.ts';
import { audit } from '../audit/log.ts';
import { appendEvent, publish, type StoredEvent } from '../events/log.ts';
import { emitNotifications, insertNotifications, type StoredNotification } from '../notifications/service.ts';
import { rooms } from '../../realtime/events.ts';
import { slaMessage } from './messages.ts';
import { members } from '../notifications/recipients.ts';
import { handoverRecipients } from '../handovers/notices.ts';

/** The three timers of an open offer: reminders at 50% and 90% of the time, and the deadline. */
export const TIMER_KINDS = ['sla-50', 'sla-90', 'sla-due'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/** When each timer of an offer is due. */
export interface SlaTimes {
	remind50: Date;
	remind90: Date;
	deadline: Date;
}

/** Computes the timers of an offer made at `offeredAt` with `minutes` working minutes to answer. */
export function slaTimes(offeredAt: Date, minutes: number, policy: WorkdayPolicy): SlaTimes {
	const at = (share: number) => addWorkingHours(offeredAt, Math.round(minutes * share) / 60, policy);
	return { remind50: at(0.5), remind90: at(0.9), deadline: at(1) };
}

/** The BullMQ job id of a timer: deterministic, so enqueueing twice is a no-op (BullMQ ids may not hold ":"). */
export function timerJobId(kind: TimerKind, handoverId: string): string {
	return `${kind}-${handoverId}`;
}

/** The dedupe key of the notifications a timer sends. */
export function timerDedupeKey(kind: TimerKind, handoverId: string): string {
	return `${kind}:${handoverId}`;
}

const COLUMNS = {
	'sla-50': { due: 'remind_50_due', done: 'reminded_50_at' },
	'sla-90': { due: 'remind_90_due', done: 'reminded_90_at' },
	'sla-due': { due: 'respond_before', done: 'breached_at' }
} as const;

export interface TimerDeps {
	sql: Sql;
	clock: Clock;
}

/**
 * What firing a timer did: `fired` (this call did the work and sent its notifications),
 * `superseded` (marked done silently because a later stage is due too, e.g. after an outage),
 * `done` (already fired, or the offer is no longer open: nothing to do), `not_due` (with when).
 */
export type FireResult = { outcome: 'fired'; notified: number } | { outcome: 'superseded' | 'done' } | { outcome: 'not_due'; dueAt: Date };

interface TimerRow {
	id: string;
	caseId: string;
	reference: string;
	status: string;
	fromOrgId: string;
	fromOrgName: string;
	toOrgId: string;
	toOrgName: string;
	offeredBy: string | null;
	slaUrgency: 'spoed' | 'regulier' | null;
	respondBefore: Date;
	remind50Due: Date | null;
	remind90Due: Date | null;
	reminded50At: Date | null;
	reminded90At: Date | null;
	breachedAt: Date | null;
}

async function lockTimerRow(tx: Db, handoverId: string): Promise<TimerRow | undefined> {
	const [row] = await tx<TimerRow[]>`
		select h.id, h.case_id, c.reference, h.status::text as status, h.from_org_id, f.name as from_org_name, h.to_org_id,
		       t.name as to_org_name, h.offered_by, h.sla_urgency::text as sla_urgency, h.respond_before, h.remind_50_due, h.remind_90_due,
		       h.reminded_50_at, h.reminded_90_at, h.breached_at
		from handovers h join cases c on c.id = h.case_id
		join organisations f on f.id = h.from_org_id join organisations t on t.id = h.to_org_id
		where h.id = ${handoverId} for update of h`;
	return row;
}

function dueOf(row: TimerRow, kind: TimerKind): Date {
	if (kind === 'sla-50') return row.remind50Due ?? row.respondBefore;
	if (kind === 'sla-90') return row.remind90Due ?? row.respondBefore;
	return row.respondBefore;
}

function doneOf(row: TimerRow, kind: TimerKind): Date | null {
	return kind === 'sla-50' ? row.reminded50At : kind === 'sla-90' ? row.reminded90At : row.breachedAt;
}

/**
 * Fires one timer of one handover, exactly once: in one transaction the handover row is locked,
 * the timer is marked done with a conditional update, the notifications are stored (unique per
 * user and timer) and, for the deadline, the breach, an audit row and an event are written. After
 * commit the notifications and event are sent live. Safe to call any number of times, from any
 * number of workers: only the call whose update applied sends anything.
 */
export async function fireTimer(deps: TimerDeps, kind: TimerKind, handoverId: string): Promise<FireResult> {
	const now = deps.clock.now();
	const result = await deps.sql.begin(async (tx) => {
		const row = await lockTimerRow(tx, handoverId);
		if (!row || row.status !== 'open' || doneOf(row, kind)) return { outcome: 'done' as const };
		const dueAt = dueOf(row, kind);
		if (dueAt.getTime() > now.getTime()) return { outcome: 'not_due' as const, dueAt };
		const { done } = COLUMNS[kind];
		const updated = await tx<{ id: string }[]>`
			update handovers set ${tx(done)} = ${now} where id = ${handoverId} and status = 'open' and ${tx(done)} is null returning id`;
		if (!updated.length) return { outcome: 'done' as const };
		// A reminder whose next stage is already due (the workers were away) is marked done silently.
		const next = kind === 'sla-50' ? dueOf(row, 'sla-90') : kind === 'sla-90' ? row.respondBefore : null;
		if (next && next.getTime() <= now.getTime()) return { outcome: 'superseded' as const };

		const stored: StoredNotification[] = [];
		const events: StoredEvent[] = [];
		const key = timerDedupeKey(kind, handoverId);
		if (kind !== 'sla-due') {
			const recipients = await members(tx, row.toOrgId, ['medewerker', 'coordinator']);
			stored.push(...(await insertNotifications(tx, recipients, { ...slaMessage(kind, row, 'partner'), dedupeKey: key }, now)));
		} else {
			await tx`
				insert into sla_breaches (handover_id, case_id, from_org_id, to_org_id, urgency, respond_before, breached_at)
				values (${row.id}, ${row.caseId}, ${row.fromOrgId}, ${row.toOrgId}, ${row.slaUrgency ?? 'regulier'}, ${row.respondBefore}, ${now})
				on conflict (handover_id) do nothing`;
			// the partner's medewerkers and coordinators; at VT the medewerker who offered it and the coordinators
			const to = await handoverRecipients(tx, 'breached', row, null);
			stored.push(...(await insertNotifications(tx, to.partner, { ...slaMessage(kind, row, 'partner'), dedupeKey: key }, now)));
			stored.push(...(await insertNotifications(tx, to.vt, { ...slaMessage(kind, row, 'vt'), dedupeKey: key }, now)));
			await audit(tx, { userId: null, organisationId: null, roles: [], ip: null, userAgent: null }, 'sla.breached', { type: 'handover', id: row.id }, {
				case: row.caseId,
				to: row.toOrgId
			});
			// events last: appendEvent holds the event-order lock until commit
			events.push(
				await appendEvent(
					tx,
					{
						streams: [rooms.case(row.caseId), rooms.organisation(row.fromOrgId), rooms.organisation(row.toOrgId)],
						type: 'handover.breached',
						payload: { caseId: row.caseId, handoverId: row.id, reference: row.reference, toOrgId: row.toOrgId, toOrgName: row.toOrgName, respondBefore: row.respondBefore.toISOString() },
						actorUserId: null
					},
					now
				)
			);
		}
		return { outcome: 'fired' as const, stored, events };
	});
	if (result.outcome !== 'fired') return result;
	emitNotifications(result.stored);
	publish(result.events);
	return { outcome: 'fired', notified: result.stored.length };
}

/** A timer of an open offer that has not fired yet. */
export interface PendingTimer {
	kind: TimerKind;
	handoverId: string;
	dueAt: Date;
}

/**
 * The timers not yet fired of open offers, due before `until` (oldest first, at most `limit`).
 * This is what reconciliation re-derives from PostgreSQL.
 */
export async function pendingTimers(sql: Db, until: Date, limit = 10_000): Promise<PendingTimer[]> {
	const rows = await sql<{ kind: TimerKind; handoverId: string; dueAt: Date }[]>`
		select kind, handover_id, due_at from (
		  select 'sla-50' as kind, id as handover_id, remind_50_due as due_at from handovers
		    where status = 'open' and breached_at is null and reminded_50_at is null and remind_50_due <= ${until}
		  union all
		  select 'sla-90', id, remind_90_due from handovers
		    where status = 'open' and breached_at is null and reminded_90_at is null and remind_90_due <= ${until}
		  union all
		  select 'sla-due', id, respond_before from handovers
		    where status = 'open' and breached_at is null and respond_before <= ${until}
		) t order by due_at, kind limit ${limit}`;
	return rows;
}

/**
 * Fires every timer that is due at the clock's now (the heart of reconciliation, and what tests
 * drive with a ManualClock). Returns how many this call fired; repeat calls fire nothing new.
 */
export async function fireDueTimers(deps: TimerDeps, batch = 500): Promise<{ fired: number; superseded: number }> {
	let fired = 0;
	let superseded = 0;
	const seen = new Set<string>();
	for (;;) {
		const due = (await pendingTimers(deps.sql, deps.clock.now(), batch)).filter((t) => !seen.has(`${t.kind}:${t.handoverId}`));
		if (!due.length) return { fired, superseded };
		for (const t of due) {
			seen.add(`${t.kind}:${t.handoverId}`);
			const r = await fireTimer(deps, t.kind, t.handoverId);
			if (r.outcome === 'fired') fired++;
			if (r.outcome === 'superseded') superseded++;
		}
	}
}
