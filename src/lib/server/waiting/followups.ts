import { appendEvent } from '../events/log.ts';
import { audit } from '../audit/log.ts';
import { insertNotifications } from '../notifications/service.ts';
import { coordinatorsOf, userOrCoordinators } from '../notifications/recipients.ts';
import { followupKey, type FollowupKind, type FollowupStage, type PendingFollowup } from '../followups/types.ts';
import { notice } from '../notifications/texts.ts';
import { waitEvent } from './entries.ts';

const SYSTEM = { userId: null, organisationId: null, roles: [], ip: null, userAgent: null };
const NAME = 'wait-norm';

/**
 * A family waiting for a consortium longer than the zorgvorm's norm: at 09:00 (Amsterdam) on
 * waiting_since + norm days the entry is flagged once (over_norm_at) and the responsible VT
 * medewerker and the consortium's coordinators are told. The moment follows the norm in force, so a
 * changed norm applies to families still waiting (a flag once set stays).
 */
export const waitNormFollowup: FollowupKind = {
	name: NAME,
	// flagged once: there is no escalation
	stages: ['remind'],
	async pending(sql, until, limit) {
		const rows = await sql<{ stage: FollowupStage; id: string; dueAt: Date }[]>`
			select 'remind' as stage, id, due_at from (
			  select w.id, ((w.waiting_since + ct.norm_days)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam' as due_at
			  from wait_entries w join care_types ct on ct.id = w.care_type_id
			  where w.care_started_on is null and w.over_norm_at is null
			) x where due_at <= ${until} order by due_at limit ${limit}`;
		return rows.map((r): PendingFollowup => ({ kind: NAME, ...r }));
	},
	async fire(tx, stage, id, now) {
		const [w] = await tx<
			{
				id: string;
				caseId: string;
				reference: string;
				consortiumId: string;
				consortiumName: string;
				vtOrgId: string | null;
				responsibleUserId: string;
				waitingSince: string;
				normDays: number;
				dueAt: Date;
				started: boolean;
				flagged: boolean;
			}[]
		>`
			select w.id, w.case_id, c.reference, w.consortium_id, o.name as consortium_name, h.from_org_id as vt_org_id,
			       w.responsible_user_id, w.waiting_since::text as waiting_since, ct.norm_days,
			       ((w.waiting_since + ct.norm_days)::timestamp + interval '9 hours') at time zone 'Europe/Amsterdam' as due_at,
			       w.care_started_on is not null as started, w.over_norm_at is not null as flagged
			from wait_entries w join cases c on c.id = w.case_id join organisations o on o.id = w.consortium_id
			join care_types ct on ct.id = w.care_type_id left join handovers h on h.id = w.handover_id
			where w.id = ${id} for update of w`;
		if (!w || stage !== 'remind' || w.started || w.flagged) return { outcome: 'done' };
		if (w.dueAt.getTime() > now.getTime()) return { outcome: 'not_due', dueAt: w.dueAt };
		await tx`update wait_entries set over_norm_at = ${now} where id = ${id} and over_norm_at is null`;
		const key = followupKey(NAME, stage, id);
		const text = notice('waiting.over_norm', { reference: w.reference, consortium: w.consortiumName });
		const vt = w.vtOrgId ? await userOrCoordinators(tx, w.responsibleUserId, w.vtOrgId) : [w.responsibleUserId];
		const stored = [
			...(await insertNotifications(tx, vt, { ...text, href: `/zaken/${w.caseId}`, dedupeKey: key }, now)),
			...(await insertNotifications(tx, await coordinatorsOf(tx, w.consortiumId), { ...text, href: '/wachttijden', dedupeKey: key }, now))
		];
		await audit(tx, SYSTEM, 'waiting.over_norm', { type: 'wait_entry', id }, { case: w.caseId, normDays: w.normDays });
		const event = await appendEvent(
			tx,
			waitEvent('waiting.over_norm', w, { name: 'Ketentafel', organisationName: '', userId: null }, { normDays: w.normDays }),
			now
		);
		return { outcome: 'fired', stored, events: [event] };
	}
};
