import type { Db } from '../db/client.ts';
import { appendEvent } from '../events/log.ts';
import { audit } from '../audit/log.ts';
import { insertNotifications, type StoredNotification } from '../notifications/service.ts';
import { notice, type Notice, type VvItem } from '../notifications/texts.ts';
import { coordinatorsOf, userOrCoordinators } from '../notifications/recipients.ts';
import {
	FOLLOWUP_STAGES,
	followupKey,
	type FollowupKind,
	type FollowupStage,
	type PendingFollowup,
	type StageOutcome
} from '../followups/types.ts';
import { rooms } from '../../realtime/events.ts';

const SYSTEM = { userId: null, organisationId: null, roles: [], ip: null, userAgent: null };

interface Trajectory {
	id: string;
	caseId: string;
	reference: string;
	status: string;
	vtOrgId: string;
	partnerOrgId: string;
	partnerOrgName: string;
	vtResponsibleId: string;
	partnerResponsibleId: string | null;
}

async function lockTrajectory(tx: Db, id: string): Promise<Trajectory | undefined> {
	const [t] = await tx<Trajectory[]>`
		select t.id, t.case_id, c.reference, t.status::text as status, t.vt_org_id, t.partner_org_id, o.name as partner_org_name,
		       t.vt_responsible_id, t.partner_responsible_id
		from trajectories t join cases c on c.id = t.case_id join organisations o on o.id = t.partner_org_id
		where t.id = ${id} for update of t`;
	return t;
}

/** Both sides' coordinators (each once). */
async function bothCoordinators(tx: Db, t: Trajectory): Promise<string[]> {
	return [...new Set([...(await coordinatorsOf(tx, t.vtOrgId)), ...(await coordinatorsOf(tx, t.partnerOrgId))])];
}

/** The owner side's responsible medewerker, or that side's coordinators when none is named. */
function ownerOf(tx: Db, t: Trajectory, side: 'vt' | 'partner'): Promise<string[]> {
	return side === 'vt'
		? userOrCoordinators(tx, t.vtResponsibleId, t.vtOrgId)
		: userOrCoordinators(tx, t.partnerResponsibleId, t.partnerOrgId);
}

/** Stores the notifications, writes the audit row of an escalation and the event both screens reload on. */
async function announce(
	tx: Db,
	t: Trajectory,
	stage: FollowupStage,
	key: string,
	recipients: string[],
	message: Notice & { change: string },
	now: Date
): Promise<StageOutcome> {
	const stored: StoredNotification[] = await insertNotifications(
		tx,
		recipients,
		{ kind: message.kind, title: message.title, body: message.body, href: `/trajecten/${t.id}`, dedupeKey: key },
		now
	);
	if (stage === 'escalate') {
		await audit(tx, SYSTEM, 'followup.escalated', { type: 'trajectory', id: t.id }, { case: t.caseId, what: message.change });
	}
	const event = await appendEvent(
		tx,
		{
			streams: [rooms.case(t.caseId), rooms.organisation(t.vtOrgId), rooms.organisation(t.partnerOrgId)],
			type: 'trajectory.updated',
			payload: {
				caseId: t.caseId,
				trajectoryId: t.id,
				reference: t.reference,
				toOrgId: t.partnerOrgId,
				toOrgName: t.partnerOrgName,
				actor: 'Ketentafel',
				actorOrg: '',
				change: message.change
			},
			actorUserId: null
		},
		now
	);
	return { outcome: 'fired', stored, events: [event] };
}

type ItemTable = 'trajectory_conditions' | 'trajectory_steps';

/** Overdue V&V conditions (still open) and steps (not done): remind the owner, then escalate to both coordinators. */
function itemFollowup(name: 'vv-condition' | 'vv-step', table: ItemTable): FollowupKind {
	const openItem = table === 'trajectory_conditions' ? "i.status = 'open'" : 'not i.done';
	const item: VvItem = table === 'trajectory_conditions' ? 'condition' : 'step';
	const noun = item === 'condition' ? 'veiligheidsvoorwaarde' : 'vervolgstap';
	return {
		name,
		stages: FOLLOWUP_STAGES,
		async pending(sql, until, limit) {
			const rows = await sql<{ stage: FollowupStage; id: string; dueAt: Date }[]>`
				select stage, id, due_at from (
				  select 'remind' as stage, i.id, i.remind_due as due_at from ${sql(table)} i join trajectories t on t.id = i.trajectory_id
				    where t.status = 'open' and ${sql.unsafe(openItem)} and i.reminded_at is null and i.escalated_at is null and i.remind_due <= ${until}
				  union all
				  select 'escalate', i.id, i.escalate_due from ${sql(table)} i join trajectories t on t.id = i.trajectory_id
				    where t.status = 'open' and ${sql.unsafe(openItem)} and i.escalated_at is null and i.escalate_due <= ${until}
				) x order by due_at limit ${limit}`;
			return rows.map((r): PendingFollowup => ({ kind: name, ...r }));
		},
		async fire(tx, stage, id, now) {
			const [ref] = await tx<{ trajectoryId: string }[]>`select trajectory_id from ${tx(table)} where id = ${id}`;
			if (!ref) return { outcome: 'done' };
			const t = await lockTrajectory(tx, ref.trajectoryId);
			const [row] = await tx<
				{
					ownerSide: 'vt' | 'partner';
					open: boolean;
					remindDue: Date;
					escalateDue: Date;
					remindedAt: Date | null;
					escalatedAt: Date | null;
				}[]
			>`
				select owner_side::text as owner_side, ${tx.unsafe(openItem)} as open, remind_due, escalate_due, reminded_at, escalated_at
				from ${tx(table)} i where id = ${id} for update`;
			if (!t || t.status !== 'open' || !row.open || row.escalatedAt || (stage === 'remind' && row.remindedAt)) return { outcome: 'done' };
			const dueAt = stage === 'remind' ? row.remindDue : row.escalateDue;
			if (dueAt.getTime() > now.getTime()) return { outcome: 'not_due', dueAt };
			// an escalation also marks the item overdue, should its reminder not have fired
			if (stage === 'remind') await tx`update ${tx(table)} set reminded_at = ${now} where id = ${id}`;
			else await tx`update ${tx(table)} set escalated_at = ${now}, reminded_at = coalesce(reminded_at, ${now}) where id = ${id}`;
			const owner = row.ownerSide === 'vt' ? 'Veilig Thuis' : t.partnerOrgName;
			const key = followupKey(name, stage, id);
			if (stage === 'remind') {
				return announce(
					tx,
					t,
					stage,
					key,
					await ownerOf(tx, t, row.ownerSide),
					{
						...notice('vv.overdue', { reference: t.reference, item, owner }),
						change: `${noun} te laat`
					},
					now
				);
			}
			return announce(
				tx,
				t,
				stage,
				key,
				await bothCoordinators(tx, t),
				{
					...notice('vv.escalated', { reference: t.reference, item, owner }),
					change: `${noun} geëscaleerd`
				},
				now
			);
		}
	};
}

export const conditionFollowup = itemFollowup('vv-condition', 'trajectory_conditions');
export const stepFollowup = itemFollowup('vv-step', 'trajectory_steps');

/** The statutory term of an open trajectory: a warning to both responsibles a week before, an escalation to both coordinators when it has passed. */
export const termFollowup: FollowupKind = {
	name: 'vv-term',
	stages: FOLLOWUP_STAGES,
	async pending(sql, until, limit) {
		const rows = await sql<{ stage: FollowupStage; id: string; dueAt: Date }[]>`
			select stage, id, due_at from (
			  select 'remind' as stage, id, term_remind_due as due_at from trajectories
			    where status = 'open' and term_reminded_at is null and term_escalated_at is null and term_remind_due <= ${until}
			  union all
			  select 'escalate', id, term_escalate_due from trajectories
			    where status = 'open' and term_escalated_at is null and term_escalate_due <= ${until}
			) x order by due_at limit ${limit}`;
		return rows.map((r): PendingFollowup => ({ kind: 'vv-term', ...r }));
	},
	async fire(tx, stage, id, now) {
		const t = await lockTrajectory(tx, id);
		if (!t || t.status !== 'open') return { outcome: 'done' };
		const [term] = await tx<{ remindDue: Date; escalateDue: Date; remindedAt: Date | null; escalatedAt: Date | null }[]>`
			select term_remind_due as remind_due, term_escalate_due as escalate_due,
			       term_reminded_at as reminded_at, term_escalated_at as escalated_at
			from trajectories where id = ${id}`;
		if (term.escalatedAt || (stage === 'remind' && term.remindedAt)) return { outcome: 'done' };
		const dueAt = stage === 'remind' ? term.remindDue : term.escalateDue;
		if (dueAt.getTime() > now.getTime()) return { outcome: 'not_due', dueAt };
		const key = followupKey('vv-term', stage, id);
		if (stage === 'remind') {
			await tx`update trajectories set term_reminded_at = ${now} where id = ${id}`;
			const recipients = [...new Set([...(await ownerOf(tx, t, 'vt')), ...(await ownerOf(tx, t, 'partner'))])];
			return announce(
				tx,
				t,
				stage,
				key,
				recipients,
				{ ...notice('vv.term_near', { reference: t.reference }), change: 'termijn loopt binnen een week af' },
				now
			);
		}
		await tx`update trajectories set term_escalated_at = ${now}, term_reminded_at = coalesce(term_reminded_at, ${now}) where id = ${id}`;
		return announce(
			tx,
			t,
			stage,
			key,
			await bothCoordinators(tx, t),
			{ ...notice('vv.term_passed', { reference: t.reference }), change: 'termijn verstreken' },
			now
		);
	}
};
