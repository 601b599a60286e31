import { audit } from '../audit/log.ts';
import { insertNotifications } from '../notifications/service.ts';
import { coordinatorsOf, userOrCoordinators } from '../notifications/recipients.ts';
import { FOLLOWUP_STAGES, followupKey, type FollowupKind, type FollowupStage, type PendingFollowup } from '../followups/types.ts';
import { notice } from '../notifications/texts.ts';
import { checkinEvent, isOpen, lockCheckin } from './common.ts';

const SYSTEM = { userId: null, organisationId: null, roles: [], ip: null, userAgent: null };
const KETENTAFEL = { userId: null, name: 'Ketentafel', organisationName: '' };
export const CHECKIN_FOLLOWUP = 'safety-checkin';

/**
 * Safety check-ins while a family waits: a reminder to the assigned medewerker at 09:00 on the
 * due day (or the next working day), an escalation to the VT coordinators when it is still not
 * recorded after the grace period. Done once recorded, cancelled, or when care has started.
 */
export const checkinFollowup: FollowupKind = {
	name: CHECKIN_FOLLOWUP,
	stages: FOLLOWUP_STAGES,
	async pending(sql, until, limit) {
		const rows = await sql<{ stage: FollowupStage; id: string; dueAt: Date }[]>`
			select stage, id, due_at from (
			  select 'remind' as stage, sc.id, sc.remind_due as due_at from safety_checkins sc join wait_entries we on we.id = sc.wait_entry_id
			    where sc.outcome is null and sc.cancelled_at is null and we.care_started_on is null
			      and sc.reminded_at is null and sc.escalated_at is null and sc.remind_due <= ${until}
			  union all
			  select 'escalate', sc.id, sc.escalate_due from safety_checkins sc join wait_entries we on we.id = sc.wait_entry_id
			    where sc.outcome is null and sc.cancelled_at is null and we.care_started_on is null
			      and sc.escalated_at is null and sc.escalate_due <= ${until}
			) x order by due_at limit ${limit}`;
		return rows.map((r): PendingFollowup => ({ kind: CHECKIN_FOLLOWUP, ...r }));
	},
	async fire(tx, stage, id, now) {
		const c = await lockCheckin(tx, id);
		if (!c || !isOpen(c) || c.escalatedAt || (stage === 'remind' && c.remindedAt)) return { outcome: 'done' };
		const dueAt = stage === 'remind' ? c.remindDue : c.escalateDue;
		if (dueAt.getTime() > now.getTime()) return { outcome: 'not_due', dueAt };
		const key = followupKey(CHECKIN_FOLLOWUP, stage, id);
		const href = `/veiligheidschecks/${id}`;
		if (stage === 'remind') {
			await tx`update safety_checkins set reminded_at = ${now} where id = ${id}`;
			const stored = await insertNotifications(
				tx,
				c.vtOrgId ? await userOrCoordinators(tx, c.assignedTo, c.vtOrgId) : [c.assignedTo],
				{
					...notice('checkin.due', { reference: c.reference, consortium: c.consortiumName }),
					href,
					dedupeKey: key
				},
				now
			);
			return {
				outcome: 'fired',
				stored,
				events: [await checkinEvent(tx, c, 'checkin.reminded', KETENTAFEL, 'veiligheidscheck herinnerd', now, false)]
			};
		}
		// an escalation also marks the check-in reminded, should its reminder not have fired
		await tx`update safety_checkins set escalated_at = ${now}, reminded_at = coalesce(reminded_at, ${now}) where id = ${id}`;
		const stored = c.vtOrgId
			? await insertNotifications(
					tx,
					await coordinatorsOf(tx, c.vtOrgId),
					{
						...notice('checkin.escalated', { reference: c.reference, consortium: c.consortiumName }),
						href,
						dedupeKey: key
					},
					now
				)
			: [];
		await audit(tx, SYSTEM, 'followup.escalated', { type: 'safety_checkin', id }, { case: c.caseId, what: 'veiligheidscheck te laat' });
		return {
			outcome: 'fired',
			stored,
			events: [await checkinEvent(tx, c, 'checkin.escalated', KETENTAFEL, 'veiligheidscheck geëscaleerd', now, false)]
		};
	}
};
