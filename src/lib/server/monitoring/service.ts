import type { Db } from '../db/client.ts';
import { auditActorOf, isVtWorker, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { auditList } from '../audit/lists.ts';
import { appendEvent, domainEvent, publish, type StoredEvent } from '../events/log.ts';
import type { MonitoringStep, PayloadBeyond } from '../../domain-events.ts';
import { ConflictError, ForbiddenError, InputError } from '../errors.ts';
import { emitNotifications, insertNotifications, type StoredNotification } from '../notifications/service.ts';
import { coordinatorsOf } from '../notifications/recipients.ts';
import { notice } from '../notifications/texts.ts';
import { rooms } from '../../realtime/events.ts';
import { formatDay, formatMoment } from '../../labels.ts';
import { isUuid } from '../ids.ts';
import { amsterdamDay } from '../workdays.ts';
import { readWorkdayPolicy } from '../sla/policy.ts';
import { readFollowupSettings } from '../followups/settings.ts';
import { dueDayMoments } from '../followups/moments.ts';
import { readCase, type CasePerson, type CaseRow } from '../cases/queries.ts';
import { workersOf } from '../trajectories/queries.ts';
import { draftLetter } from '../letters/service.ts';
import {
	caseMoments,
	caseReopenings,
	closeBlockers,
	monitoringList,
	monitoringListTotal,
	readClosure,
	readMoment,
	vtOrgOfCase,
	type ClosureRow,
	type MomentDetail,
	type MomentRow,
	type MomentsOf,
	type ReopeningRow
} from './queries.ts';
import type { CloseInput, MomentInput, OutcomeInput, ReopenInput } from './schema.ts';
import type { ListTotal, Page } from '../lists/keyset.ts';
import { auditedFilter, PAGE_SIZE, SECTION_PAGE_SIZE, pageOrFirst, type ListFilterState } from '../lists/query.ts';
import { monitoringListQuerySchema, type MonitoringListQuery } from './list.ts';
import type { ServiceDeps } from '../deps.ts';

const NO_CASE = 'Deze zaak bestaat niet of u heeft er geen toegang toe.';
const NO_MOMENT = 'Dit monitoringsmoment bestaat niet of u heeft er geen toegang toe.';

/** The monitoring moment is planned at most this many months after closing (or re-planning). */
export const MONITORING_HORIZON_MONTHS = 6;

/** The day `months` calendar months after `day` (YYYY-MM-DD), clamped to the month's last day. */
export function addMonths(day: string, months: number): string {
	const [y, m, d] = day.split('-').map(Number);
	const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
	return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The days a monitoring moment may be planned on: after today (or from today when re-planning), within six months. */
export function plannableDays(today: string, fromToday: boolean): { first: string; last: string } {
	const next = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	return { first: fromToday ? today : next, last: addMonths(today, MONITORING_HORIZON_MONTHS) };
}

function requireVt(actor: Actor): void {
	if (!isVtWorker(actor) || actor.tokenId) throw new ForbiddenError('Afsluiten en monitoren doen medewerkers van Veilig Thuis.');
}

const isCoordinator = (actor: Actor) => actor.roles.includes('coordinator');

/** The monitor, or a coordinator of the moment's VT organisation. */
function mayWorkOn(actor: Actor, m: Pick<MomentRow, 'vtOrgId' | 'monitorId'>): boolean {
	return (
		isVtWorker(actor) && !actor.tokenId && actor.organisationId === m.vtOrgId && (actor.userId === m.monitorId || isCoordinator(actor))
	);
}

/** The monitor's name when the user is an active VT medewerker or coordinator of the organisation. */
async function checkMonitor(tx: Db, userId: string, vtOrgId: string): Promise<string> {
	const [row] = await tx<{ name: string }[]>`
		select u.name from users u join memberships m on m.user_id = u.id
		where u.id = ${userId} and m.organisation_id = ${vtOrgId} and m.role in ('medewerker', 'coordinator') and u.disabled_at is null limit 1`;
	if (!row)
		throw new InputError('Kies als monitor een medewerker van Veilig Thuis.', { monitorId: 'Kies een medewerker van Veilig Thuis.' });
	return row.name;
}

function checkPlannedOn(plannedOn: string, today: string, fromToday: boolean): void {
	const { first, last } = plannableDays(today, fromToday);
	if (plannedOn < first) {
		const message = fromToday ? 'Kies vandaag of een latere datum.' : 'Kies een datum na vandaag.';
		throw new InputError(`De monitoring ligt in het verleden. ${message}`, { plannedOn: message });
	}
	if (plannedOn > last) {
		const message = `Plan de monitoring binnen zes maanden, uiterlijk ${formatDay(last)}.`;
		throw new InputError(message, { plannedOn: message });
	}
}

/** When the monitor is reminded (09:00 on the day, or the next working day) and when it escalates. */
async function followupTimes(tx: Db, plannedOn: string): Promise<{ remindAt: Date; escalateAt: Date }> {
	const [policy, settings] = await Promise.all([readWorkdayPolicy(tx), readFollowupSettings(tx)]);
	return dueDayMoments(plannedOn, settings.graceWorkdays, policy);
}

/** Appends a step of VT's closure or monitoring to the case and VT's organisation: professionals' names and days only, never family data. */
function monitoringEvent<T extends 'case.closed' | 'case.reopened' | 'monitoring.recorded' | 'monitoring.replanned'>(
	tx: Db,
	actor: Actor,
	type: T,
	c: { caseId: string; reference: string; vtOrgId: string },
	at: Date,
	extra: PayloadBeyond<T, MonitoringStep>
): Promise<StoredEvent<T>> {
	const step: MonitoringStep = { caseId: c.caseId, reference: c.reference, actor: actor.name, actorOrg: actor.organisationName };
	return appendEvent(
		tx,
		domainEvent(type, step, extra, { streams: [rooms.case(c.caseId), rooms.organisation(c.vtOrgId)], actorUserId: actor.userId }),
		at
	);
}

function assignedNotice(
	tx: Db,
	actor: Actor,
	monitorId: string,
	momentId: string,
	reference: string,
	plannedOn: string,
	at: Date
): Promise<StoredNotification[]> {
	if (monitorId === actor.userId) return Promise.resolve([]);
	return insertNotifications(
		tx,
		[monitorId],
		{
			...notice('monitoring.assigned', { reference }),
			href: `/monitoring/${momentId}`,
			dedupeKey: `monitoring.assigned:${momentId}:${monitorId}:${plannedOn}`
		},
		at
	);
}

/**
 * A VT medewerker or coordinator of the case's VT organisation closes the case: the closing
 * summary (outcomes, veiligheidsafspraken, who oversees them), whether and when the melder was
 * informed, and the monitoring moment (who, when, with whom). Refused while a handover is open or
 * accepted without a completed warm handover, a V&V-traject is open, a tafel still has to discuss
 * it, or the assessment is incomplete. Returns the monitoring moment's id.
 */
export async function closeCase(deps: ServiceDeps, actor: Actor, caseId: string, input: CloseInput): Promise<string> {
	requireVt(actor);
	if (!isUuid(caseId)) throw new ForbiddenError(NO_CASE);
	const now = deps.clock.now();
	const today = amsterdamDay(now);
	const { id, events, stored } = await deps.sql
		.begin(async (tx) => {
			const [locked] = await tx<{ closedAt: Date | null; closedByName: string | null }[]>`
				select c.closed_at, u.name as closed_by_name from cases c left join users u on u.id = c.closed_by where c.id = ${caseId} for update of c`;
			if (!locked) throw new ForbiddenError(NO_CASE);
			const vtOrgId = await vtOrgOfCase(tx, caseId);
			if (!vtOrgId || vtOrgId !== actor.organisationId)
				throw new ForbiddenError('Alleen Veilig Thuis-medewerkers van de organisatie van deze zaak sluiten haar af.');
			if (locked.closedAt)
				throw new ConflictError(
					`Deze zaak is al afgesloten door ${locked.closedByName ?? 'een collega'} op ${formatDay(amsterdamDay(locked.closedAt))}.`
				);
			const c = (await readCase(tx, caseId))!;
			const blockers = await closeBlockers(tx, c);
			if (blockers.length) throw new ConflictError(`U kunt deze zaak nog niet afsluiten. ${blockers.join(' ')}`);
			const monitorName = await checkMonitor(tx, input.monitorId, vtOrgId);
			checkPlannedOn(input.plannedOn, today, false);
			const informedOn = input.melder === 'informed' ? input.melderInformedOn! : null;
			if (informedOn && informedOn > today)
				throw new InputError('De melder kan niet in de toekomst zijn geïnformeerd.', {
					melderInformedOn: 'De datum kan niet in de toekomst liggen.'
				});
			if (informedOn && informedOn < c.reportDate) {
				throw new InputError('De melder kan niet vóór de melding zijn geïnformeerd.', {
					melderInformedOn: `Kies een datum vanaf de meldingsdatum (${formatDay(c.reportDate)}).`
				});
			}
			const times = await followupTimes(tx, input.plannedOn);
			await tx`
				update cases set closed_at = ${now}, closed_by = ${actor.userId}, closing_summary = ${input.closingSummary},
				       melder_informed_on = ${informedOn}, melder_informed_how = ${informedOn ? (input.melderInformedHow ?? null) : null},
				       melder_anonymous = ${input.melder === 'anonymous'}, updated_at = ${now}, version = version + 1
				where id = ${caseId}`;
			await draftLetter(tx, actor, caseId, vtOrgId, now);
			const [row] = await tx<{ id: string }[]>`
				insert into monitoring_moments (case_id, vt_org_id, monitor_id, planned_on, with_professional, with_family, with_whom_note,
				                                remind_due, escalate_due, planned_by, created_at, updated_at)
				values (${caseId}, ${vtOrgId}, ${input.monitorId}, ${input.plannedOn}, ${input.withProfessional}, ${input.withFamily}, ${input.withWhomNote},
				        ${times.remindAt}, ${times.escalateAt}, ${actor.userId}, ${now}, ${now})
				returning id`;
			await audit(
				tx,
				auditActorOf(actor),
				'case.closed',
				{ type: 'case', id: caseId },
				{ monitoring: row.id, monitor: input.monitorId, plannedOn: input.plannedOn, melder: input.melder }
			);
			const stored = await assignedNotice(tx, actor, input.monitorId, row.id, c.reference, input.plannedOn, now);
			const event = await monitoringEvent(tx, actor, 'case.closed', { caseId, reference: c.reference, vtOrgId }, now, {
				monitoringId: row.id,
				plannedOn: input.plannedOn,
				monitor: monitorName
			});
			return { id: row.id, events: [event], stored };
		})
		.catch((error: { code?: string }) => {
			if (error.code === '23505') throw new ConflictError('Deze zaak is zojuist al afgesloten.');
			throw error;
		});
	publish(events);
	emitNotifications(stored);
	return id;
}

/** Locks the case, then the moment; the moment when the actor may work on it (monitor or coordinator), else ForbiddenError. */
async function lockMoment(tx: Db, actor: Actor, momentId: string): Promise<MomentDetail> {
	await tx`select id from cases where id = (select case_id from monitoring_moments where id = ${momentId}) for update`;
	await tx`select id from monitoring_moments where id = ${momentId} for update`;
	const m = await readMoment(tx, momentId);
	if (!m || !mayWorkOn(actor, m)) throw new ForbiddenError(NO_MOMENT);
	if (m.recordedAt)
		throw new ConflictError(
			`De uitkomst van deze monitoring is al vastgelegd door ${m.recordedByName ?? 'een collega'} (${formatMoment(m.recordedAt)}).`
		);
	if (m.cancelledAt) throw new ConflictError('Dit monitoringsmoment is vervallen: de zaak is heropend.');
	return m;
}

/**
 * The monitor (or a VT coordinator) records the outcome: when the monitoring took place, the effect
 * of the help, and per directbetrokkene whether safety is restored. "Everyone safe" is derived and
 * stored; when someone is not safe, the coordinators (and the monitor) are notified at once.
 */
export async function recordMonitoring(
	deps: ServiceDeps,
	actor: Actor,
	momentId: string,
	input: OutcomeInput
): Promise<{ allSafe: boolean; unsafe: string[] }> {
	requireVt(actor);
	if (!isUuid(momentId)) throw new ForbiddenError(NO_MOMENT);
	const now = deps.clock.now();
	const today = amsterdamDay(now);
	const result = await deps.sql.begin(async (tx) => {
		const m = await lockMoment(tx, actor, momentId);
		if (input.heldOn > today)
			throw new InputError('De monitoring kan niet in de toekomst hebben plaatsgevonden.', {
				heldOn: 'De datum kan niet in de toekomst liggen.'
			});
		const closedOn = amsterdamDay(m.createdAt);
		if (input.heldOn < closedOn) {
			throw new InputError('De monitoring kan niet vóór het afsluiten van de zaak hebben plaatsgevonden.', {
				heldOn: `Kies een datum vanaf ${formatDay(closedOn)}.`
			});
		}
		const persons = (await readCase(tx, m.caseId))!.persons;
		const given = new Map(input.persons.map((p) => [p.personId, p.safe]));
		if (given.size !== input.persons.length || given.size !== persons.length || persons.some((p) => !given.has(p.id))) {
			throw new InputError('Geef voor elke directbetrokkene van de zaak aan of de veiligheid is hersteld.', {
				persons: 'Geef voor elke directbetrokkene aan of de veiligheid is hersteld.'
			});
		}
		const outcomes = persons.map((p, i) => ({
			momentId,
			position: i,
			casePersonId: p.id,
			role: p.role,
			label: p.label,
			safetyRestored: given.get(p.id)!
		}));
		const unsafe = outcomes.filter((o) => !o.safetyRestored).map((o) => o.label);
		const allSafe = unsafe.length === 0;
		await tx`insert into monitoring_person_outcomes ${tx(outcomes)}`;
		await tx`
			update monitoring_moments set held_on = ${input.heldOn}, effect = ${input.effect}, all_safe = ${allSafe},
			       recorded_by = ${actor.userId}, recorded_at = ${now}, updated_at = ${now}
			where id = ${momentId}`;
		await audit(
			tx,
			auditActorOf(actor),
			'monitoring.recorded',
			{ type: 'monitoring', id: momentId },
			{ case: m.caseId, allSafe, unsafe: unsafe.length }
		);
		let stored: StoredNotification[] = [];
		if (!allSafe) {
			const recipients = [...new Set([...(await coordinatorsOf(tx, m.vtOrgId)), m.monitorId])].filter((u) => u !== actor.userId);
			stored = await insertNotifications(
				tx,
				recipients,
				{
					...notice('monitoring.unsafe', { reference: m.reference }),
					href: `/monitoring/${momentId}`,
					dedupeKey: `monitoring.unsafe:${momentId}`
				},
				now
			);
		}
		const event = await monitoringEvent(tx, actor, 'monitoring.recorded', m, now, { monitoringId: momentId });
		return { allSafe, unsafe, events: [event], stored };
	});
	publish(result.events);
	emitNotifications(result.stored);
	return { allSafe: result.allSafe, unsafe: result.unsafe };
}

/**
 * The monitor (or a VT coordinator) plans a moment again that has no outcome yet: another day
 * (from today, within six months), another monitor, or other people to speak with. Its reminder and
 * escalation start over; a new monitor is notified.
 */
export async function replanMonitoring(deps: ServiceDeps, actor: Actor, momentId: string, input: MomentInput): Promise<void> {
	requireVt(actor);
	if (!isUuid(momentId)) throw new ForbiddenError(NO_MOMENT);
	const now = deps.clock.now();
	const { events, stored } = await deps.sql.begin(async (tx) => {
		const m = await lockMoment(tx, actor, momentId);
		const monitorName = await checkMonitor(tx, input.monitorId, m.vtOrgId);
		checkPlannedOn(input.plannedOn, amsterdamDay(now), true);
		const times = await followupTimes(tx, input.plannedOn);
		await tx`
			update monitoring_moments set monitor_id = ${input.monitorId}, planned_on = ${input.plannedOn}, with_professional = ${input.withProfessional},
			       with_family = ${input.withFamily}, with_whom_note = ${input.withWhomNote}, remind_due = ${times.remindAt}, escalate_due = ${times.escalateAt},
			       reminded_at = null, escalated_at = null, planned_by = ${actor.userId}, updated_at = ${now}
			where id = ${momentId}`;
		await audit(
			tx,
			auditActorOf(actor),
			'monitoring.replanned',
			{ type: 'monitoring', id: momentId },
			{ case: m.caseId, monitor: input.monitorId, plannedOn: input.plannedOn }
		);
		const stored =
			input.monitorId !== m.monitorId || input.plannedOn !== m.plannedOn
				? await assignedNotice(tx, actor, input.monitorId, momentId, m.reference, input.plannedOn, now)
				: [];
		const event = await monitoringEvent(tx, actor, 'monitoring.replanned', m, now, {
			monitoringId: momentId,
			plannedOn: input.plannedOn,
			monitor: monitorName
		});
		return { events: [event], stored };
	});
	publish(events);
	emitNotifications(stored);
}

/**
 * A VT coordinator, or the medewerker who monitors, reopens a closed case (for instance when the
 * monitoring showed that someone is not safe): the closure is kept in case_reopenings, VT is
 * responsible again (work queue, editing, offers), and a moment still waiting for its outcome lapses.
 */
export async function reopenCase(deps: ServiceDeps, actor: Actor, caseId: string, input: ReopenInput): Promise<void> {
	requireVt(actor);
	if (!isUuid(caseId)) throw new ForbiddenError(NO_CASE);
	const now = deps.clock.now();
	const events = await deps.sql.begin(async (tx) => {
		const [c] = await tx<
			{ reference: string; closedAt: Date | null }[]
		>`select reference, closed_at from cases where id = ${caseId} for update`;
		if (!c) throw new ForbiddenError(NO_CASE);
		const vtOrgId = await vtOrgOfCase(tx, caseId);
		if (!vtOrgId || vtOrgId !== actor.organisationId) throw new ForbiddenError(NO_CASE);
		if (!c.closedAt) throw new ConflictError('Deze zaak is niet afgesloten.');
		const [latest] = await tx<
			{ monitorId: string }[]
		>`select monitor_id from monitoring_moments where case_id = ${caseId} order by created_at desc limit 1`;
		if (!isCoordinator(actor) && latest?.monitorId !== actor.userId) {
			throw new ForbiddenError('Een afgesloten zaak heropent een teamcoördinator of de medewerker die haar monitort.');
		}
		await tx`
			insert into case_reopenings (case_id, reopened_by, reopened_at, reason, closed_at, closed_by, closing_summary, melder_informed_on, melder_anonymous,
			                             melder_informed_how)
			select id, ${actor.userId}, ${now}, ${input.reason}, closed_at, closed_by, closing_summary, melder_informed_on, melder_anonymous,
			       melder_informed_how from cases where id = ${caseId}`;
		await tx`
			update cases set closed_at = null, closed_by = null, closing_summary = null, melder_informed_on = null, melder_informed_how = null, melder_anonymous = false,
			       responsible_org_id = ${vtOrgId}, updated_at = ${now}, version = version + 1
			where id = ${caseId}`;
		const lapsed = await tx`
			update monitoring_moments set cancelled_at = ${now}, updated_at = ${now}
			where case_id = ${caseId} and recorded_at is null and cancelled_at is null returning id`;
		await audit(tx, auditActorOf(actor), 'case.reopened', { type: 'case', id: caseId }, { lapsed: lapsed.length });
		return [await monitoringEvent(tx, actor, 'case.reopened', { caseId, reference: c.reference, vtOrgId }, now, {})];
	});
	publish(events);
}

export interface MonitoringView {
	moment: MomentDetail;
	/** The case's directbetrokkenen now: the rows of the outcome form. */
	persons: CasePerson[];
	/** The case is closed now (not reopened since). */
	caseClosed: boolean;
	canReopen: boolean;
}

/** A monitoring moment for its monitor or a VT coordinator of its organisation (audited); ForbiddenError for anyone else. */
export async function viewMonitoring(deps: ServiceDeps, actor: Actor, momentId: string): Promise<MonitoringView> {
	const m = await readMoment(deps.sql, momentId);
	if (!m || !mayWorkOn(actor, m)) throw new ForbiddenError(NO_MOMENT);
	const c = (await readCase(deps.sql, m.caseId))!;
	const closure = await readClosure(deps.sql, m.caseId);
	const [latest] = await deps.sql<
		{ id: string }[]
	>`select id from monitoring_moments where case_id = ${m.caseId} order by created_at desc limit 1`;
	await audit(deps.sql, auditActorOf(actor), 'monitoring.viewed', { type: 'monitoring', id: m.id }, { case: m.caseId });
	return {
		moment: m,
		persons: c.persons,
		caseClosed: !!closure,
		canReopen: !!closure && latest?.id === m.id && (isCoordinator(actor) || actor.userId === m.monitorId)
	};
}

/** A page of one monitoring list, with its next cursor and filtered total. */
export type MomentList = Page<MomentRow> & { total: ListTotal };

/**
 * The monitoring lists, one page each (filtered, audited with the moments shown): the actor's own
 * moments waiting for an outcome, for coordinators the whole team's, and the recorded ones (the
 * team's for coordinators, else the actor's own), newest first. Which lists: see the query.
 */
export async function listMonitoring(
	deps: ServiceDeps,
	actor: Actor,
	query: MonitoringListQuery = monitoringListQuerySchema.parse({}),
	filter: ListFilterState = { values: {}, errors: {} }
): Promise<{
	mine: MomentRow[];
	team: MomentRow[] | null;
	recorded: MomentRow[] | null;
	pages: Record<'mine' | 'team' | 'recorded', MomentList | null>;
}> {
	if (!isVtWorker(actor) || actor.tokenId) throw new ForbiddenError('Monitoring is er voor medewerkers van Veilig Thuis.');
	const coordinator = isCoordinator(actor);
	const org = actor.organisationId;
	const open = query.state !== 'vastgelegd';
	const teamWide = coordinator && query.who !== 'mijn';
	const shows = { mine: open && !(coordinator && query.who === 'team'), team: open && teamWide, recorded: query.state !== 'open' };
	const limit = Object.values(shows).filter(Boolean).length > 1 ? SECTION_PAGE_SIZE : PAGE_SIZE;
	const list = async (of: MomentsOf, param: string, cursor: string | undefined): Promise<MomentList> => {
		const [page, total] = await Promise.all([
			pageOrFirst(cursor, filter, (c) => monitoringList(deps.sql, of, query, { cursor: c, limit }), param),
			monitoringListTotal(deps.sql, of, query)
		]);
		return { ...page, total };
	};
	const [mine, team, recorded] = await Promise.all([
		shows.mine ? list({ vtOrgId: org, monitorId: actor.userId, recorded: false }, 'na-mijn', query.cursors.mine) : null,
		shows.team ? list({ vtOrgId: org, recorded: false }, 'na-team', query.cursors.team) : null,
		shows.recorded
			? list({ vtOrgId: org, monitorId: teamWide ? null : actor.userId, recorded: true }, 'na-vastgelegd', query.cursors.recorded)
			: null
	]);
	const shown = [...(mine?.rows ?? []), ...(team?.rows ?? []), ...(recorded?.rows ?? [])].map((m) => m.id);
	await auditList(deps.sql, auditActorOf(actor), 'monitoring.listed', 'monitoring', shown, {
		details: { team: teamWide, ...auditedFilter(filter) }
	});
	return { mine: mine?.rows ?? [], team: team?.rows ?? null, recorded: recorded?.rows ?? null, pages: { mine, team, recorded } };
}

export interface ClosureView {
	closure: ClosureRow | null;
	moments: MomentDetail[];
	reopenings: ReopeningRow[];
	/** Why the case cannot be closed now (empty when it can). */
	blockers: string[];
	/** The actor may close the case (VT worker of its VT organisation), when nothing blocks. */
	mayClose: boolean;
	mayReopen: boolean;
	/** The actor may open the newest moment's page (its monitor or a coordinator). */
	mayWorkOnMoment: boolean;
	/** Who can be named monitor. */
	workers: { id: string; name: string }[];
	/** Who monitors unless the closer chooses otherwise: the case's responsible medewerker (rule 6), when among `workers`. */
	defaultMonitorId: string | null;
	/** The days the monitoring may be planned on. */
	plannable: { first: string; last: string };
}

/** What the case page shows about closing and monitoring (the case view itself is audited by the caller). */
export async function closureView(deps: ServiceDeps, actor: Actor, c: CaseRow): Promise<ClosureView> {
	const vtOrgId = await vtOrgOfCase(deps.sql, c.id);
	const own = !!vtOrgId && vtOrgId === actor.organisationId && isVtWorker(actor);
	const closure = await readClosure(deps.sql, c.id);
	const moments = await caseMoments(deps.sql, c.id);
	const workers = own ? await workersOf(deps.sql, vtOrgId) : [];
	return {
		closure,
		moments,
		reopenings: await caseReopenings(deps.sql, c.id),
		blockers: closure ? [] : await closeBlockers(deps.sql, c),
		mayClose: own && !closure,
		mayReopen: own && !!closure && (isCoordinator(actor) || moments[0]?.monitorId === actor.userId),
		mayWorkOnMoment: own && !!moments[0] && (isCoordinator(actor) || moments[0].monitorId === actor.userId),
		workers,
		defaultMonitorId: workers.some((w) => w.id === c.responsibleUserId) ? c.responsibleUserId : null,
		plannable: plannableDays(amsterdamDay(deps.clock.now()), false)
	};
}
