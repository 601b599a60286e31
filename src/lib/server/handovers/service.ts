import type { Db } from '../db/client.ts';
import { auditActorOf, isPartnerWorker, isVtWorker, PARTNER_KINDS, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { appendEvent, domainEvent, publish, type StoredEvent } from '../events/log.ts';
import type { EventTypeWith, HandoverStep, PayloadBeyond } from '../../domain-events.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { rooms } from '../../realtime/events.ts';
import { realtime } from '../realtime/hub.ts';
import { readCase, type CasePerson } from '../cases/queries.ts';
import { assessmentGaps } from '../cases/service.ts';
import { caseAccess } from '../cases/access.ts';
import { DECLINE_REASON_LABELS } from '../../handover-labels.ts';
import { readHandover, type HandoverRow } from './queries.ts';
import type { Answer, WarmPlan } from './schema.ts';
import { amsterdamDateTime } from '../time.ts';
import type { ServiceDeps } from '../deps.ts';
import { isUuid } from '../ids.ts';
import { readSlaPolicies, readWorkdayPolicy } from '../sla/policy.ts';
import { slaFollowup, slaTimes } from '../sla/followups.ts';
import { cancelFollowupsOf, enqueueFollowupsOf } from '../followups/enqueue.ts';
import { startWaiting } from '../waiting/entries.ts';
import { checkPlannedMoment } from '../planning.ts';
import { emitNotifications, type StoredNotification } from '../notifications/service.ts';
import { noticeHandoverStep, type HandoverParties } from './notices.ts';
import { overNormChoice, overNormKey, type CareTypeWait } from './capacity.ts';

export interface HandoverDeps extends ServiceDeps {
	/** false: do not enqueue an offer's SLA follow-up jobs after it commits (the seed, tests; reconciliation enqueues them). */
	enqueueTimers?: boolean;
}

const NO_ACCESS = 'Deze overdracht bestaat niet of u heeft er geen toegang (meer) toe, bijvoorbeeld omdat hij is afgewezen of ingetrokken.';

interface Effects {
	events: StoredEvent[];
	/** Notices stored with the change, sent to their users' sockets. */
	notices?: StoredNotification[];
	/** Organisations whose access to the case may have ended: their sockets leave the case room. */
	revoke?: { caseId: string; organisationId: string };
	/** The handover whose SLA stages are enqueued (a new offer) or removed (an answered or withdrawn one). */
	sla?: { offered?: string; closed?: string };
}

async function afterCommit(deps: HandoverDeps, effects: Effects): Promise<void> {
	publish(effects.events);
	emitNotifications(effects.notices ?? []);
	if (effects.sla?.offered && deps.enqueueTimers !== false)
		await enqueueFollowupsOf(deps.sql, slaFollowup, effects.sla.offered, deps.clock);
	if (effects.sla?.closed) await cancelFollowupsOf(slaFollowup, effects.sla.closed);
	if (effects.revoke) {
		const { caseId, organisationId } = effects.revoke;
		const [kind] = await deps.sql<{ kind: string }[]>`select kind::text as kind from organisations where id = ${organisationId}`;
		const still = await caseAccess(deps.sql, { organisationId, organisationKind: kind?.kind ?? '', roles: ['medewerker'] }, caseId);
		if (!still) {
			try {
				const io = realtime();
				io.local.in(rooms.organisation(organisationId)).socketsLeave(rooms.case(caseId));
				io.in(rooms.organisation(organisationId)).socketsLeave(rooms.case(caseId));
			} catch {
				// the rooms are re-checked at the next watch; nothing is lost
			}
		}
	}
}

/** Appends a step of a handover to the case and to VT's and the partner's organisation (the partner named in toOrgId sees it). */
function handoverEvent<T extends EventTypeWith<HandoverStep>>(
	tx: Db,
	actor: Actor,
	type: T,
	h: { id: string; caseId: string; reference: string; fromOrgId: string; toOrgId: string; toOrgName: string },
	at: Date,
	extra: PayloadBeyond<T, HandoverStep>
) {
	const step: HandoverStep = {
		caseId: h.caseId,
		handoverId: h.id,
		reference: h.reference,
		toOrgId: h.toOrgId,
		toOrgName: h.toOrgName,
		actor: actor.name,
		actorOrg: actor.organisationName
	};
	const streams = [rooms.case(h.caseId), rooms.organisation(h.fromOrgId), rooms.organisation(h.toOrgId)];
	return appendEvent(tx, domainEvent(type, step, extra, { streams, actorUserId: actor.userId }), at);
}

/** The zorgvorm of an offer: required (and existing) for a consortium, refused for other partners. */
async function offeredCareType(tx: Db, partnerKind: string, careTypeId: string | undefined): Promise<string | null> {
	if (partnerKind !== 'consortium') {
		if (careTypeId)
			throw new InputError('Een zorgvorm kiest u alleen bij een aanbod aan een consortium.', {
				careTypeId: 'Een zorgvorm hoort alleen bij een aanbod aan een consortium. Laat dit veld leeg.'
			});
		return null;
	}
	const message = 'Kies de zorgvorm die het gezin nodig heeft: een aanbod aan een consortium noemt altijd de zorgvorm.';
	if (!careTypeId) throw new InputError(message, { careTypeId: message });
	const [known] = await tx`select 1 from care_types where id = ${careTypeId}`;
	if (!known) throw new InputError('Kies een zorgvorm uit de lijst.', { careTypeId: 'Kies een zorgvorm uit de lijst.' });
	return careTypeId;
}

/**
 * An offer to a consortium for a zorgvorm whose waiting time in the case's subregion is over the
 * norm (handovers/capacity.ts) needs the medewerker's confirmation of exactly this choice (`true`
 * from a system, or the form's overNormKey). Returns the wait to note on the offer, or null.
 */
async function checkOverNorm(
	tx: Db,
	caseId: string,
	consortiumName: string,
	consortiumId: string,
	careTypeId: string,
	confirmation: true | string | undefined,
	now: Date
): Promise<CareTypeWait | null> {
	const wait = await overNormChoice(tx, caseId, consortiumId, careTypeId, now);
	if (!wait || confirmation === true || confirmation === overNormKey(consortiumId, careTypeId)) return wait;
	const days = `${wait.expectedDays} dagen`;
	throw new InputError(
		`De wachttijd bij ${consortiumName} voor ${wait.careTypeName} is in deze subregio ${days}, langer dan de norm van ${wait.normDays} dagen. Bevestig dat u toch aan ${consortiumName} aanbiedt, of kies een andere ketenpartner of zorgvorm.`,
		{ confirmOverNorm: `Bevestig dat u bewust aanbiedt boven de norm (${days}, norm ${wait.normDays} dagen).` }
	);
}

/**
 * VT offers a case to one partner organisation. Refused while the assessment is incomplete (the
 * message says what is missing) or while another handover of the case is open or accepted.
 */
export async function offerHandover(
	deps: HandoverDeps,
	actor: Actor,
	caseId: string,
	input: { toOrgId: string; message: string; tableItemId?: string; careTypeId?: string; confirmOverNorm?: true | string }
): Promise<string> {
	if (!isVtWorker(actor)) throw new ForbiddenError('Alleen medewerkers van Veilig Thuis bieden overdrachten aan.');
	if (!isUuid(caseId) || !isUuid(input.toOrgId)) throw new ForbiddenError('Deze zaak bestaat niet of u heeft er geen toegang toe.');
	const now = deps.clock.now();
	const { id, events, notices } = await deps.sql
		.begin(async (tx) => {
			await tx`select id from cases where id = ${caseId} for update`;
			const c = await readCase(tx, caseId);
			if (!c) throw new ForbiddenError('Deze zaak bestaat niet of u heeft er geen toegang toe.');
			const [closed] = await tx`select 1 from cases where id = ${caseId} and closed_at is not null`;
			if (closed) throw new ConflictError('Deze zaak is afgesloten en kan niet worden aangeboden. Heropen de zaak eerst.');
			if (c.responsibleOrgId !== actor.organisationId) throw new ConflictError('Deze zaak is al overgedragen.');
			const gaps = assessmentGaps(c);
			if (gaps.length) throw new InputError(`De veiligheidsbeoordeling is nog niet compleet: ${gaps.join(' ')}`, { form: gaps.join(' ') });
			const [partner] = await tx<
				{ name: string; kind: string }[]
			>`select name, kind::text as kind from organisations where id = ${input.toOrgId}`;
			if (!partner || !PARTNER_KINDS.includes(partner.kind))
				throw new InputError('Kies een ketenpartner uit de lijst.', { toOrgId: 'Kies een ketenpartner uit de lijst.' });
			const careTypeId = await offeredCareType(tx, partner.kind, input.careTypeId);
			const overNorm = careTypeId
				? await checkOverNorm(tx, caseId, partner.name, input.toOrgId, careTypeId, input.confirmOverNorm, now)
				: null;
			const [live] = await tx<{ name: string; status: string }[]>`
			select o.name, h.status::text as status from handovers h join organisations o on o.id = h.to_org_id
			where h.case_id = ${caseId} and h.status in ('open', 'accepted')`;
			if (live) {
				throw new ConflictError(
					live.status === 'open'
						? `Deze zaak is al aangeboden aan ${live.name}. Trek dat aanbod eerst in.`
						: `${live.name} heeft deze zaak al geaccepteerd.`
				);
			}
			// The acceptance SLA in force now (sla_policies, workday_settings) is fixed on the offer.
			const urgency = c.urgent ? 'spoed' : 'regulier';
			const minutes = (await readSlaPolicies(tx))[urgency];
			const sla = slaTimes(now, minutes, await readWorkdayPolicy(tx));
			const respondBefore = sla.deadline;
			const [row] = await tx<{ id: string }[]>`
			insert into handovers (case_id, from_org_id, to_org_id, message, offered_by, offered_at, respond_before, table_item_id,
			                       sla_urgency, sla_response_minutes, remind_50_due, remind_90_due, care_type_id, over_norm_wait_days, over_norm_norm_days)
			values (${caseId}, ${actor.organisationId}, ${input.toOrgId}, ${input.message}, ${actor.userId}, ${now}, ${respondBefore},
			        ${input.tableItemId ?? null}, ${urgency}, ${minutes}, ${sla.remind50}, ${sla.remind90}, ${careTypeId},
			        ${overNorm?.expectedDays ?? null}, ${overNorm?.normDays ?? null})
			returning id`;
			await audit(
				tx,
				auditActorOf(actor),
				'handover.offered',
				{ type: 'handover', id: row.id },
				{
					case: caseId,
					to: input.toOrgId,
					...(overNorm ? { careType: overNorm.careTypeId, overNormWaitDays: overNorm.expectedDays, normDays: overNorm.normDays } : {})
				}
			);
			const offered: HandoverParties = {
				id: row.id,
				caseId,
				reference: c.reference,
				fromOrgId: actor.organisationId,
				fromOrgName: actor.organisationName,
				toOrgId: input.toOrgId,
				toOrgName: partner.name,
				offeredBy: actor.userId
			};
			const notices = await noticeHandoverStep(tx, 'offered', offered, actor.userId, now);
			const event = await handoverEvent(tx, actor, 'handover.offered', offered, now, {
				respondBefore: respondBefore.toISOString(),
				urgent: c.urgent ? 'ja' : 'nee'
			});
			return { id: row.id, events: [event], notices };
		})
		.catch((error: { code?: string }) => {
			if (error.code === '23505') throw new ConflictError('Deze zaak is zojuist al aan een ketenpartner aangeboden.');
			throw error;
		});
	await afterCommit(deps, { events, notices, sla: { offered: id } });
	return id;
}

function describeAnswer(h: HandoverRow): string {
	const when = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
	if (h.status === 'withdrawn')
		return `Veilig Thuis heeft dit aanbod al ingetrokken${h.withdrawnByName ? ` (${h.withdrawnByName}` : ''}${h.withdrawnAt ? `, ${when.format(h.withdrawnAt)})` : ')'}.`;
	const by = `${h.answeredByName ?? 'onbekend'}${h.answeredAt ? ` op ${when.format(h.answeredAt)}` : ''}`;
	if (h.status === 'declined')
		return `Dit aanbod is al afgewezen door ${by} (${DECLINE_REASON_LABELS[h.declineReason ?? ''] ?? h.declineReason}).`;
	return `Dit aanbod is al geaccepteerd door ${by}.`;
}

/**
 * A partner accepts or declines an open offer. Exactly one answer wins: the update only applies
 * while the offer is open, so concurrent answers (or a withdrawal) are decided by the database; the
 * losers get a ConflictError saying who answered what.
 */
export async function answerHandover(deps: HandoverDeps, actor: Actor, handoverId: string, answer: Answer): Promise<HandoverRow> {
	if (!isPartnerWorker(actor) || !isUuid(handoverId)) throw new ForbiddenError(NO_ACCESS);
	const now = deps.clock.now();
	const onBehalf = actor.roles.includes('coordinator');
	const result = await deps.sql.begin(async (tx) => {
		const rows =
			answer.answer === 'accept'
				? await tx<{ id: string }[]>`
					update handovers set status = 'accepted', answered_by = ${actor.userId}, answered_by_token = ${actor.tokenId},
					       answered_on_behalf = ${onBehalf}, answered_at = ${now}
					where id = ${handoverId} and to_org_id = ${actor.organisationId} and status = 'open' returning id`
				: await tx<{ id: string }[]>`
					update handovers set status = 'declined', answered_by = ${actor.userId}, answered_by_token = ${actor.tokenId},
					       answered_on_behalf = ${onBehalf}, answered_at = ${now}, decline_reason = ${answer.reason},
					       decline_note = ${answer.note || null}
					where id = ${handoverId} and to_org_id = ${actor.organisationId} and status = 'open' returning id`;
		const h = await readHandover(tx, handoverId);
		if (!rows.length) return { won: false as const, h };
		const type = answer.answer === 'accept' ? 'handover.accepted' : 'handover.declined';
		// accepted by a consortium: the family now waits for it (wait entry in this transaction)
		const waiting = answer.answer === 'accept' ? await startWaiting(tx, handoverId, actor, now) : null;
		await audit(
			tx,
			auditActorOf(actor),
			type,
			{ type: 'handover', id: handoverId },
			answer.answer === 'decline' ? { reason: answer.reason } : {}
		);
		const notices = await noticeHandoverStep(
			tx,
			answer.answer === 'accept' ? 'accepted' : 'declined',
			h!,
			actor.userId,
			now,
			answer.answer === 'decline' ? answer.reason : undefined
		);
		const event =
			answer.answer === 'accept'
				? await handoverEvent(tx, actor, 'handover.accepted', h!, now, {})
				: await handoverEvent(tx, actor, 'handover.declined', h!, now, { reason: DECLINE_REASON_LABELS[answer.reason] });
		const extra = waiting ? [await appendEvent(tx, waiting, now)] : [];
		return { won: true as const, h: h!, event, extra, notices };
	});
	if (!result.won) {
		if (!result.h || result.h.toOrgId !== actor.organisationId) throw new ForbiddenError(NO_ACCESS);
		await audit(
			deps.sql,
			auditActorOf(actor),
			'handover.answer_refused',
			{ type: 'handover', id: handoverId },
			{ status: result.h.status }
		);
		throw new ConflictError(describeAnswer(result.h));
	}
	await afterCommit(deps, {
		events: [result.event, ...result.extra],
		notices: result.notices,
		revoke: answer.answer === 'decline' ? { caseId: result.h.caseId, organisationId: result.h.toOrgId } : undefined,
		sla: { closed: handoverId }
	});
	return result.h;
}

/**
 * VT withdraws an open offer (refused once the partner answered: the message says how). The note
 * says why; the partner sees it when it opens the handover (viewEndedHandoverAsPartner).
 */
export async function withdrawHandover(deps: HandoverDeps, actor: Actor, handoverId: string, note: string): Promise<HandoverRow> {
	if (!isVtWorker(actor) || !isUuid(handoverId)) throw new ForbiddenError(NO_ACCESS);
	const now = deps.clock.now();
	const result = await deps.sql.begin(async (tx) => {
		const rows = await tx<{ id: string }[]>`
			update handovers set status = 'withdrawn', withdrawn_by = ${actor.userId}, withdrawn_at = ${now}, withdraw_note = ${note || null}
			where id = ${handoverId} and from_org_id = ${actor.organisationId} and status = 'open' returning id`;
		const h = await readHandover(tx, handoverId);
		if (!rows.length) return { won: false as const, h };
		await audit(tx, auditActorOf(actor), 'handover.withdrawn', { type: 'handover', id: handoverId });
		const notices = await noticeHandoverStep(tx, 'withdrawn', h!, actor.userId, now);
		return { won: true as const, h: h!, notices, event: await handoverEvent(tx, actor, 'handover.withdrawn', h!, now, {}) };
	});
	if (!result.won) {
		if (!result.h) throw new ForbiddenError(NO_ACCESS);
		throw new ConflictError(
			result.h.status === 'accepted' || result.h.status === 'declined'
				? `U kunt dit aanbod niet meer intrekken. ${describeAnswer(result.h)}`
				: describeAnswer(result.h)
		);
	}
	await afterCommit(deps, {
		events: [result.event],
		notices: result.notices,
		revoke: { caseId: result.h.caseId, organisationId: result.h.toOrgId },
		sla: { closed: handoverId }
	});
	return result.h;
}

/** Which side of a handover the actor is on, or null. */
function sideOf(actor: Actor, h: HandoverRow): 'vt' | 'partner' | null {
	if (isVtWorker(actor) && actor.organisationId === h.fromOrgId) return 'vt';
	if (isPartnerWorker(actor) && !actor.tokenId && actor.organisationId === h.toOrgId) return 'partner';
	return null;
}

/**
 * Either side plans (or re-plans) the joint contact moment of an accepted handover; confirmations
 * reset. A moment on a weekend, a holiday or outside 08:00–18:00 needs `plan.confirmUnusual`
 * (UnusualMomentError otherwise).
 */
export async function planWarmHandover(deps: HandoverDeps, actor: Actor, handoverId: string, plan: WarmPlan): Promise<void> {
	if (!isUuid(handoverId)) throw new ForbiddenError(NO_ACCESS);
	const now = deps.clock.now();
	const events = await deps.sql.begin(async (tx) => {
		await tx`select id from handovers where id = ${handoverId} for update`;
		const h = await readHandover(tx, handoverId);
		if (!h || !sideOf(actor, h)) throw new ForbiddenError(NO_ACCESS);
		if (h.status !== 'accepted')
			throw new ConflictError('Een warme overdracht plant u pas als de ketenpartner het aanbod heeft geaccepteerd.');
		const plannedAt = amsterdamDateTime(plan.plannedAt);
		checkPlannedMoment('Het contactmoment', plannedAt, plan.plannedAt, plan.confirmUnusual, await readWorkdayPolicy(tx));
		await tx`
			insert into warm_handovers (handover_id, planned_at, form, vt_attendees, partner_attendees, planned_by, updated_at)
			values (${handoverId}, ${plannedAt}, ${plan.form}, ${plan.vtAttendees}, ${plan.partnerAttendees}, ${actor.userId}, ${now})
			on conflict (handover_id) do update set planned_at = excluded.planned_at, form = excluded.form,
			  vt_attendees = excluded.vt_attendees, partner_attendees = excluded.partner_attendees, planned_by = excluded.planned_by,
			  updated_at = excluded.updated_at, vt_confirmed_by = null, vt_confirmed_at = null,
			  partner_confirmed_by = null, partner_confirmed_at = null`;
		await audit(tx, auditActorOf(actor), 'warm_handover.planned', { type: 'handover', id: handoverId });
		return [await handoverEvent(tx, actor, 'warm_handover.planned', h, now, { plannedAt: plannedAt.toISOString(), form: plan.form })];
	});
	await afterCommit(deps, { events });
}

/**
 * A side confirms that the contact moment took place. When both have, the handover is completed
 * and responsibility for the case moves to the partner.
 */
export async function confirmWarmHandover(deps: HandoverDeps, actor: Actor, handoverId: string): Promise<{ completed: boolean }> {
	if (!isUuid(handoverId)) throw new ForbiddenError(NO_ACCESS);
	const now = deps.clock.now();
	const { events, completed } = await deps.sql.begin(async (tx) => {
		// Row locks first (case, then handover), events last: appendEvent holds the event lock until commit.
		await tx`select id from cases where id = (select case_id from handovers where id = ${handoverId}) for update`;
		await tx`select id from handovers where id = ${handoverId} for update`;
		const h = await readHandover(tx, handoverId);
		const side = h ? sideOf(actor, h) : null;
		if (!h || !side) throw new ForbiddenError(NO_ACCESS);
		if (h.status !== 'accepted' || !h.warm) throw new ConflictError('Plan eerst het gezamenlijke contactmoment.');
		if (h.warm.plannedAt.getTime() > now.getTime())
			throw new ConflictError('U kunt pas bevestigen dat het contactmoment heeft plaatsgevonden als het voorbij is.');
		if (side === 'vt')
			await tx`update warm_handovers set vt_confirmed_by = ${actor.userId}, vt_confirmed_at = ${now} where handover_id = ${handoverId}`;
		else
			await tx`update warm_handovers set partner_confirmed_by = ${actor.userId}, partner_confirmed_at = ${now} where handover_id = ${handoverId}`;
		await audit(tx, auditActorOf(actor), 'warm_handover.confirmed', { type: 'handover', id: handoverId }, { side });
		const both = side === 'vt' ? !!h.warm.partnerConfirmedAt : !!h.warm.vtConfirmedAt;
		if (both) {
			await tx`update handovers set status = 'completed', completed_at = ${now} where id = ${handoverId}`;
			await tx`update cases set responsible_org_id = ${h.toOrgId}, updated_at = ${now}, version = version + 1 where id = ${h.caseId}`;
			await audit(tx, auditActorOf(actor), 'handover.completed', { type: 'handover', id: handoverId }, { case: h.caseId, to: h.toOrgId });
		}
		const out: StoredEvent[] = [await handoverEvent(tx, actor, 'warm_handover.confirmed', h, now, { side })];
		if (both) out.push(await handoverEvent(tx, actor, 'handover.completed', h, now, {}));
		return { events: out, completed: both };
	});
	await afterCommit(deps, { events });
	return { completed };
}

/** What a partner receives with an offer: rule 4's complete information, nothing more. */
export interface PartnerCaseView {
	reference: string;
	municipalityName: string;
	urgent: boolean;
	childrenInvolved: boolean;
	elderlyInvolved: boolean;
	summary: string;
	persons: Pick<CasePerson, 'role' | 'label' | 'spokenTo' | 'spokenOn'>[];
	safetyAgreements: string;
	monitoringBy: string;
}

/** A handover as the receiving partner sees it (audited); ForbiddenError without access. */
export async function viewHandoverAsPartner(
	deps: HandoverDeps,
	actor: Actor,
	handoverId: string
): Promise<{ handover: HandoverRow; case: PartnerCaseView }> {
	if (!isPartnerWorker(actor)) throw new ForbiddenError(NO_ACCESS);
	const h = await readHandover(deps.sql, handoverId);
	if (!h || h.toOrgId !== actor.organisationId || !['open', 'accepted', 'completed'].includes(h.status))
		throw new ForbiddenError(NO_ACCESS);
	const c = await readCase(deps.sql, h.caseId);
	if (!c) throw new ForbiddenError(NO_ACCESS);
	await audit(deps.sql, auditActorOf(actor), 'handover.viewed', { type: 'handover', id: handoverId }, { case: h.caseId });
	return {
		handover: h,
		case: {
			reference: c.reference,
			municipalityName: c.municipalityName,
			urgent: c.urgent,
			childrenInvolved: c.childrenInvolved,
			elderlyInvolved: c.elderlyInvolved,
			summary: c.summary,
			persons: c.persons.map(({ role, label, spokenTo, spokenOn }) => ({ role, label, spokenTo, spokenOn })),
			safetyAgreements: c.safetyAgreements,
			monitoringBy: c.monitoringBy
		}
	};
}
