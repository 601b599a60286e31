import { auditActorOf, isVtWorker, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { auditList } from '../audit/lists.ts';
import { publish } from '../events/log.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { amsterdamDay } from '../workdays.ts';
import { readFollowupSettings } from '../followups/settings.ts';
import { emitNotifications, insertNotifications, type StoredNotification } from '../notifications/service.ts';
import { coordinatorsOf } from '../notifications/recipients.ts';
import { notice } from '../notifications/texts.ts';
import { formatDay } from '../../labels.ts';
import { checkinEvent, isOpen, lockCheckin } from './common.ts';
import { scheduleNextCheckin, type ScheduledCheckin } from './schedule.ts';
import {
	checkinHistory,
	checkinList,
	checkinListTotal,
	dueCheckinCounts,
	openCheckinOf,
	readCheckin,
	teamCheckinCounts,
	type CheckinDetail,
	type CheckinListItem,
	type CheckinsOf,
	type RecordedCheckin
} from './queries.ts';
import type { ListTotal } from '../lists/keyset.ts';
import { auditedFilter, PAGE_SIZE, SECTION_PAGE_SIZE, pageOrFirst, type ListFilterState } from '../lists/query.ts';
import { checkinListQuerySchema, type CheckinListQuery } from './list.ts';
import type { RecordCheckinInput } from './schema.ts';
import type { ServiceDeps } from '../deps.ts';

const ONLY_VT = 'Veiligheidschecks zijn er voor medewerkers en teamcoördinatoren van Veilig Thuis.';
const NO_ACCESS = 'Deze veiligheidscheck bestaat niet of u heeft er geen toegang toe.';

/** A VT medewerker or coordinator of the check-in's VT organisation (never a token). */
function mayView(actor: Actor, c: { vtOrgId: string | null }): boolean {
	return !actor.tokenId && isVtWorker(actor) && !!c.vtOrgId && c.vtOrgId === actor.organisationId;
}

/** The assigned medewerker, or a coordinator of the same VT organisation. */
function mayRecord(actor: Actor, vtOrgId: string | null, assignedTo: string): boolean {
	return mayView(actor, { vtOrgId }) && (assignedTo === actor.userId || actor.roles.includes('coordinator'));
}

/**
 * The assigned medewerker (or a coordinator of the same VT organisation) records the outcome of a
 * safety check-in: veilig, zorgen or escalatie, the day of the contact (not in the future, not
 * before the wait began), with whom and how, and a note (required for zorgen and escalatie). Early
 * recording counts as this check-in. In the same transaction the next check-in is scheduled (while
 * the family still waits); an escalatie notifies the VT coordinators at once. Audited; the event
 * goes to the case and VT's organisation after commit.
 */
export async function recordCheckin(
	deps: ServiceDeps,
	actor: Actor,
	checkinId: string,
	input: RecordCheckinInput
): Promise<{ next: ScheduledCheckin | null }> {
	if (actor.tokenId || !isVtWorker(actor)) throw new ForbiddenError(ONLY_VT);
	if (!isUuid(checkinId)) throw new ForbiddenError(NO_ACCESS);
	const now = deps.clock.now();
	const today = amsterdamDay(now);
	const done = await deps.sql.begin(async (tx) => {
		const c = await lockCheckin(tx, checkinId);
		if (!c || !mayView(actor, c)) throw new ForbiddenError(NO_ACCESS);
		if (!mayRecord(actor, c.vtOrgId, c.assignedTo)) {
			throw new ForbiddenError(
				`Deze veiligheidscheck is toegewezen aan ${c.assignedToName}. Alleen die medewerker of een teamcoördinator legt de uitkomst vast.`
			);
		}
		if (c.outcome) throw new ConflictError(`${c.recordedByName ?? 'Een collega'} heeft deze veiligheidscheck al vastgelegd.`);
		if (!isOpen(c)) throw new ConflictError('De zorg voor dit gezin is gestart; deze veiligheidscheck is vervallen.');
		if (input.contactedOn > today) {
			throw new InputError('De datum van het contact ligt in de toekomst.', {
				contactedOn: 'De datum van het contact kan niet in de toekomst liggen.'
			});
		}
		if (input.contactedOn < c.waitingSince) {
			const message = `Het contact ligt vóór het begin van de wachttijd (${formatDay(c.waitingSince)}).`;
			throw new InputError(message, { contactedOn: message });
		}
		await tx`
			update safety_checkins set outcome = ${input.outcome}, note = ${input.note || null}, contacted_on = ${input.contactedOn},
			       contact_with = ${input.contactWith}, recorded_by = ${actor.userId}, recorded_at = ${now}
			where id = ${checkinId}`;
		const next = await scheduleNextCheckin(tx, c.waitEntryId, now);
		let stored: StoredNotification[] = [];
		if (input.outcome === 'escalatie' && c.vtOrgId) {
			const coordinators = (await coordinatorsOf(tx, c.vtOrgId)).filter((id) => id !== actor.userId);
			stored = await insertNotifications(
				tx,
				coordinators,
				{
					...notice('checkin.concern', { reference: c.reference }),
					href: `/veiligheidschecks/${checkinId}`,
					dedupeKey: `checkin.concern:${checkinId}`
				},
				now
			);
		}
		await audit(
			tx,
			auditActorOf(actor),
			'checkin.recorded',
			{ type: 'safety_checkin', id: checkinId },
			{
				case: c.caseId,
				outcome: input.outcome,
				early: input.contactedOn < c.dueOn
			}
		);
		const event = await checkinEvent(tx, c, 'checkin.recorded', actor, 'veiligheidscheck vastgelegd', now, true);
		return { next, stored, events: [event] };
	});
	publish(done.events);
	emitNotifications(done.stored);
	return { next: done.next };
}

export interface CheckinLists {
	/** One page of the open check-ins assigned to the actor, earliest due first (empty when the query asks for the team's only). */
	mine: CheckinListItem[];
	/** Coordinators: one page of every open check-in of the team (escalated and overdue on top); null for medewerkers. */
	team: CheckinListItem[] | null;
	/** The next page's cursor and the filtered total of each list shown. */
	pages: { mine: { next: string | null; total: ListTotal } | null; team: { next: string | null; total: ListTotal } | null };
	/** Unfiltered: the actor's due and overdue check-ins; the team's open, escalated and overdue ones (coordinators). */
	counts: { due: number; overdue: number; team: { open: number; escalated: number; overdue: number } | null };
	today: string;
	intervalDays: number;
}

/**
 * The work lists of a VT medewerker or coordinator, one page each, filtered and audited with the
 * check-ins shown; ForbiddenError for everyone else.
 */
export async function listCheckins(
	deps: ServiceDeps,
	actor: Actor,
	query: CheckinListQuery = checkinListQuerySchema.parse({}),
	filter: ListFilterState = { values: {}, errors: {} }
): Promise<CheckinLists> {
	if (actor.tokenId || !isVtWorker(actor) || !actor.userId) throw new ForbiddenError(ONLY_VT);
	const today = amsterdamDay(deps.clock.now());
	const coordinator = actor.roles.includes('coordinator');
	const showMine = query.who !== 'team' || !coordinator;
	const showTeam = coordinator && query.who !== 'mijn';
	const limit = showMine && showTeam ? SECTION_PAGE_SIZE : PAGE_SIZE;
	const list = async (of: CheckinsOf, param: string, cursor: string | undefined) => {
		const [page, total] = await Promise.all([
			pageOrFirst(cursor, filter, (c) => checkinList(deps.sql, of, today, query, { cursor: c, limit }), param),
			checkinListTotal(deps.sql, of, today, query)
		]);
		return { ...page, total };
	};
	const [mine, team, due, teamCounts, settings] = await Promise.all([
		showMine ? list({ vtOrgId: actor.organisationId, assignedTo: actor.userId }, 'na-mijn', query.cursors.mine) : Promise.resolve(null),
		showTeam ? list({ vtOrgId: actor.organisationId }, 'na-team', query.cursors.team) : Promise.resolve(null),
		dueCheckinCounts(deps.sql, actor.userId, actor.organisationId, today),
		coordinator ? teamCheckinCounts(deps.sql, actor.organisationId, today) : Promise.resolve(null),
		readFollowupSettings(deps.sql)
	]);
	await auditList(
		deps.sql,
		auditActorOf(actor),
		'checkins.listed',
		'safety_checkin',
		[...(mine?.rows ?? []), ...(team?.rows ?? [])].map((c) => c.id),
		{
			details: { team: !!team, ...auditedFilter(filter) }
		}
	);
	return {
		mine: mine?.rows ?? [],
		team: team?.rows ?? null,
		pages: { mine: mine && { next: mine.next, total: mine.total }, team: team && { next: team.next, total: team.total } },
		counts: { ...due, team: teamCounts },
		today,
		intervalDays: settings.checkinIntervalDays
	};
}

export interface CheckinView {
	checkin: CheckinDetail;
	history: RecordedCheckin[];
	/** The wait entry's open check-in when it is another one (after this one was recorded). */
	nextOpen: { id: string; dueOn: string } | null;
	canRecord: boolean;
	today: string;
}

/** One check-in with the history of its wait entry (audited); ForbiddenError outside its VT organisation. */
export async function viewCheckin(deps: ServiceDeps, actor: Actor, checkinId: string): Promise<CheckinView> {
	if (actor.tokenId || !isVtWorker(actor)) throw new ForbiddenError(ONLY_VT);
	const checkin = await readCheckin(deps.sql, checkinId);
	if (!checkin || !mayView(actor, checkin)) throw new ForbiddenError(NO_ACCESS);
	const [history, open] = await Promise.all([checkinHistory(deps.sql, checkin.waitEntryId), openCheckinOf(deps.sql, checkin.waitEntryId)]);
	await audit(deps.sql, auditActorOf(actor), 'checkin.viewed', { type: 'safety_checkin', id: checkin.id }, { case: checkin.caseId });
	return {
		checkin,
		history,
		nextOpen: open && open.id !== checkin.id ? open : null,
		canRecord: checkin.status === 'open' && mayRecord(actor, checkin.vtOrgId, checkin.assignedToId),
		today: amsterdamDay(deps.clock.now())
	};
}
