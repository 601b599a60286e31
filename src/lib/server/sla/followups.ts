import type { Db } from '../db/client.ts';
import { addWorkingHours, type WorkdayPolicy } from '../workdays.ts';
import { audit } from '../audit/log.ts';
import { appendEvent, type StoredEvent } from '../events/log.ts';
import { insertNotifications, type StoredNotification } from '../notifications/service.ts';
import { rooms } from '../../realtime/events.ts';
import type { FollowupKind, PendingFollowup } from '../followups/types.ts';
import { handoverRecipients, type HandoverParties } from '../handovers/notices.ts';
import { slaMessage } from './messages.ts';

const SYSTEM = { userId: null, organisationId: null, roles: [], ip: null, userAgent: null };
export const SLA_FOLLOWUP = 'sla';

/** The stages of an open offer: reminders at 50% and 90% of its response time, and the deadline. */
export const SLA_STAGES = ['remind-50', 'remind-90', 'breach'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

/** When each stage of an offer is due. */
export interface SlaTimes {
	remind50: Date;
	remind90: Date;
	deadline: Date;
}

/** The instants of an offer made at `offeredAt` with `minutes` working minutes to answer. */
export function slaTimes(offeredAt: Date, minutes: number, policy: WorkdayPolicy): SlaTimes {
	const at = (share: number) => addWorkingHours(offeredAt, Math.round(minutes * share) / 60, policy);
	return { remind50: at(0.5), remind90: at(0.9), deadline: at(1) };
}

// Per stage: the handover column with its due instant, the one marking it fired, and the prefix of
// its notifications' dedupe key, kept from before the SLA became a follow-up kind (`sla-50:<id>`),
// so that nothing sent then is sent again.
const STAGE = {
	'remind-50': { due: 'remind_50_due', done: 'reminded_50_at', key: 'sla-50' },
	'remind-90': { due: 'remind_90_due', done: 'reminded_90_at', key: 'sla-90' },
	breach: { due: 'respond_before', done: 'breached_at', key: 'sla-due' }
} as const satisfies Record<SlaStage, { due: string; done: string; key: string }>;

/** The dedupe key of a stage's notifications (one per user and stage of a handover). */
export function slaDedupeKey(stage: SlaStage, handoverId: string): string {
	return `${STAGE[stage].key}:${handoverId}`;
}

interface SlaRow extends HandoverParties {
	status: string;
	slaUrgency: 'spoed' | 'regulier' | null;
	respondBefore: Date;
	remind50Due: Date | null;
	remind90Due: Date | null;
	reminded50At: Date | null;
	reminded90At: Date | null;
	breachedAt: Date | null;
}

async function lockOffer(tx: Db, handoverId: string): Promise<SlaRow | undefined> {
	const [row] = await tx<SlaRow[]>`
		select h.id, h.case_id, c.reference, h.status::text as status, h.from_org_id, f.name as from_org_name, h.to_org_id,
		       t.name as to_org_name, h.offered_by, h.sla_urgency::text as sla_urgency, h.respond_before, h.remind_50_due, h.remind_90_due,
		       h.reminded_50_at, h.reminded_90_at, h.breached_at
		from handovers h join cases c on c.id = h.case_id
		join organisations f on f.id = h.from_org_id join organisations t on t.id = h.to_org_id
		where h.id = ${handoverId} for update of h`;
	return row;
}

function dueOf(row: SlaRow, stage: SlaStage): Date {
	if (stage === 'remind-50') return row.remind50Due ?? row.respondBefore;
	if (stage === 'remind-90') return row.remind90Due ?? row.respondBefore;
	return row.respondBefore;
}

function firedAt(row: SlaRow, stage: SlaStage): Date | null {
	return stage === 'remind-50' ? row.reminded50At : stage === 'remind-90' ? row.reminded90At : row.breachedAt;
}

/** The breach: its row for the dashboards, the notices, an audit row without actor and the event on the case timeline. */
async function breach(tx: Db, row: SlaRow, now: Date): Promise<{ stored: StoredNotification[]; events: StoredEvent[] }> {
	await tx`
		insert into sla_breaches (handover_id, case_id, from_org_id, to_org_id, urgency, respond_before, breached_at)
		values (${row.id}, ${row.caseId}, ${row.fromOrgId}, ${row.toOrgId}, ${row.slaUrgency ?? 'regulier'}, ${row.respondBefore}, ${now})
		on conflict (handover_id) do nothing`;
	const to = await handoverRecipients(tx, 'breached', row, null);
	const key = slaDedupeKey('breach', row.id);
	const stored = [
		...(await insertNotifications(tx, to.partner, { ...slaMessage('breach', row, 'partner'), dedupeKey: key }, now)),
		...(await insertNotifications(tx, to.vt, { ...slaMessage('breach', row, 'vt'), dedupeKey: key }, now))
	];
	await audit(tx, SYSTEM, 'sla.breached', { type: 'handover', id: row.id }, { case: row.caseId, to: row.toOrgId });
	// events last: appendEvent holds the event-order lock until commit
	const event = await appendEvent(
		tx,
		{
			streams: [rooms.case(row.caseId), rooms.organisation(row.fromOrgId), rooms.organisation(row.toOrgId)],
			type: 'handover.breached',
			payload: {
				caseId: row.caseId,
				handoverId: row.id,
				reference: row.reference,
				toOrgId: row.toOrgId,
				toOrgName: row.toOrgName,
				respondBefore: row.respondBefore.toISOString()
			},
			actorUserId: null
		},
		now
	);
	return { stored, events: [event] };
}

/** The unfired stages of an open offer, however far ahead (enqueued right after the offer commits). */
export async function slaStagesOf(sql: Db, handoverId: string): Promise<PendingFollowup<SlaStage>[]> {
	const [h] = await sql<SlaRow[]>`
		select respond_before, remind_50_due, remind_90_due, reminded_50_at, reminded_90_at, breached_at, status::text as status
		from handovers where id = ${handoverId}`;
	if (!h || h.status !== 'open' || h.breachedAt) return [];
	return SLA_STAGES.filter((stage) => !firedAt(h, stage)).map((stage) => ({
		kind: SLA_FOLLOWUP,
		stage,
		id: handoverId,
		dueAt: dueOf(h, stage)
	}));
}

/**
 * The acceptance SLA of an open offer: at 50% and 90% of its response time the receiving
 * organisation is reminded, at the deadline the breach is recorded (`breached_at`, a row in
 * `sla_breaches`, audit `sla.breached`, event `handover.breached`) and told to both sides; who is
 * told is decided by handoverRecipients. The instants are fixed on the offer (slaTimes); an
 * answered or withdrawn offer is done. After an outage a reminder whose next stage is due too is
 * marked fired silently (`superseded`): the partner gets the breach, not three notices at once.
 */
export const slaFollowup: FollowupKind<SlaStage> = {
	name: SLA_FOLLOWUP,
	stages: SLA_STAGES,
	async pending(sql, until, limit) {
		const rows = await sql<{ stage: SlaStage; id: string; dueAt: Date }[]>`
			select stage, id, due_at from (
			  select 'remind-50' as stage, 1 as step, id, remind_50_due as due_at from handovers
			    where status = 'open' and breached_at is null and reminded_50_at is null and remind_50_due <= ${until}
			  union all
			  select 'remind-90', 2, id, remind_90_due from handovers
			    where status = 'open' and breached_at is null and reminded_90_at is null and remind_90_due <= ${until}
			  union all
			  select 'breach', 3, id, respond_before from handovers
			    where status = 'open' and breached_at is null and respond_before <= ${until}
			) x order by due_at, step limit ${limit}`;
		return rows.map((r): PendingFollowup<SlaStage> => ({ kind: SLA_FOLLOWUP, ...r }));
	},
	pendingOf: slaStagesOf,
	async fire(tx, stage, id, now) {
		const row = await lockOffer(tx, id);
		if (!row || row.status !== 'open' || firedAt(row, stage)) return { outcome: 'done' };
		const dueAt = dueOf(row, stage);
		if (dueAt.getTime() > now.getTime()) return { outcome: 'not_due', dueAt };
		const { done } = STAGE[stage];
		const updated = await tx<{ id: string }[]>`
			update handovers set ${tx(done)} = ${now} where id = ${id} and status = 'open' and ${tx(done)} is null returning id`;
		if (!updated.length) return { outcome: 'done' };
		if (stage === 'breach') return { outcome: 'fired', ...(await breach(tx, row, now)) };
		const next = stage === 'remind-50' ? dueOf(row, 'remind-90') : row.respondBefore;
		if (next.getTime() <= now.getTime()) return { outcome: 'superseded' };
		const to = await handoverRecipients(tx, 'reminded', row, null);
		const stored = await insertNotifications(
			tx,
			to.partner,
			{ ...slaMessage(stage, row, 'partner'), dedupeKey: slaDedupeKey(stage, id) },
			now
		);
		return { outcome: 'fired', stored, events: [] };
	}
};
