import { appendEvent } from '../events/log.ts';
import { audit } from '../audit/log.ts';
import { insertNotifications } from '../notifications/service.ts';
import { coordinatorsOf, userOrCoordinators } from '../notifications/recipients.ts';
import { FOLLOWUP_STAGES, followupKey, type FollowupKind, type FollowupStage, type PendingFollowup } from '../followups/types.ts';
import { notice } from '../notifications/texts.ts';
import { amsterdamDay } from '../workdays.ts';
import { rooms } from '../../realtime/events.ts';

const SYSTEM = { userId: null, organisationId: null, roles: [], ip: null, userAgent: null };

interface Moment {
	id: string;
	caseId: string;
	reference: string;
	vtOrgId: string;
	monitorId: string;
	plannedOn: string;
	remindDue: Date;
	escalateDue: Date;
	remindedAt: Date | null;
	escalatedAt: Date | null;
	recordedAt: Date | null;
	cancelledAt: Date | null;
}

/**
 * A monitoring moment after closure: on its day (09:00, or the next working day) the monitor is
 * reminded; when no outcome is recorded after the grace period, VT's coordinators get an
 * escalation. Done once the outcome is recorded or the case was reopened.
 */
export const monitoringFollowup: FollowupKind = {
	name: 'monitoring',
	stages: FOLLOWUP_STAGES,
	async pending(sql, until, limit) {
		const rows = await sql<{ stage: FollowupStage; id: string; dueAt: Date }[]>`
			select stage, id, due_at from (
			  select 'remind' as stage, id, remind_due as due_at from monitoring_moments
			    where recorded_at is null and cancelled_at is null and reminded_at is null and escalated_at is null and remind_due <= ${until}
			  union all
			  select 'escalate', id, escalate_due from monitoring_moments
			    where recorded_at is null and cancelled_at is null and escalated_at is null and escalate_due <= ${until}
			) x order by due_at limit ${limit}`;
		return rows.map((r): PendingFollowup => ({ kind: 'monitoring', ...r }));
	},
	async fire(tx, stage, id, now) {
		const [m] = await tx<Moment[]>`
			select mm.id, mm.case_id, c.reference, mm.vt_org_id, mm.monitor_id, to_char(mm.planned_on, 'YYYY-MM-DD') as planned_on,
			       mm.remind_due, mm.escalate_due, mm.reminded_at, mm.escalated_at, mm.recorded_at, mm.cancelled_at
			from monitoring_moments mm join cases c on c.id = mm.case_id
			where mm.id = ${id} for update of mm`;
		if (!m || m.recordedAt || m.cancelledAt || m.escalatedAt || (stage === 'remind' && m.remindedAt)) return { outcome: 'done' };
		const dueAt = stage === 'remind' ? m.remindDue : m.escalateDue;
		if (dueAt.getTime() > now.getTime()) return { outcome: 'not_due', dueAt };
		// an escalation also marks the reminder sent, should it not have fired
		if (stage === 'remind') await tx`update monitoring_moments set reminded_at = ${now} where id = ${id}`;
		else await tx`update monitoring_moments set escalated_at = ${now}, reminded_at = coalesce(reminded_at, ${now}) where id = ${id}`;
		// re-planning starts the stages over: the planned day keeps each notice unique per plan
		const dedupeKey = `${followupKey('monitoring', stage, id)}:${m.plannedOn}`;
		// on the day itself (09:00, or the next working day), unless it fires late after an outage
		const onTime = amsterdamDay(m.remindDue) === amsterdamDay(now);
		const stored =
			stage === 'remind'
				? await insertNotifications(
						tx,
						await userOrCoordinators(tx, m.monitorId, m.vtOrgId),
						{ ...notice('monitoring.due', { reference: m.reference, late: !onTime }), href: `/monitoring/${id}`, dedupeKey },
						now
					)
				: await insertNotifications(
						tx,
						await coordinatorsOf(tx, m.vtOrgId),
						{ ...notice('monitoring.escalated', { reference: m.reference }), href: `/monitoring/${id}`, dedupeKey },
						now
					);
		const change = stage === 'remind' ? 'herinnering verstuurd' : 'geëscaleerd naar de teamcoördinatoren';
		if (stage === 'escalate')
			await audit(tx, SYSTEM, 'followup.escalated', { type: 'monitoring', id }, { case: m.caseId, what: 'monitoring te laat' });
		const event = await appendEvent(
			tx,
			{
				streams: [rooms.case(m.caseId), rooms.organisation(m.vtOrgId)],
				type: 'monitoring.updated',
				payload: { caseId: m.caseId, monitoringId: id, reference: m.reference, actor: 'Ketentafel', actorOrg: '', change },
				actorUserId: null
			},
			now
		);
		return { outcome: 'fired', stored, events: [event] };
	}
};
