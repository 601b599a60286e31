import type { Db, Sql } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { auditActorOf, isVtCoordinator, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { ForbiddenError, InputError } from '../errors.ts';
import { appendEvent, domainEvent, publish } from '../events/log.ts';
import { rooms } from '../../realtime/events.ts';
import { isUuid } from '../ids.ts';
import { readBalance, readCaseload, teamMembers, type Balance, type Caseload } from './queries.ts';
import { listSprints, readSprint, sprintProgress, type Sprint, type SprintProgress } from './sprints.ts';
import type { NormInput, SprintInput } from './schema.ts';

export interface CaseloadDeps {
	sql: Sql;
	clock: Clock;
}

/**
 * Rule 9: caseloadgesprekken and sprints are the VT teamcoördinator's. Medewerkers, other roles,
 * partner organisations and API tokens are refused.
 */
export function requireTeamCoordinator(actor: Actor): void {
	if (!isVtCoordinator(actor)) throw new ForbiddenError('De caseload en de sprints zijn voor de teamcoördinatoren van Veilig Thuis.');
}

/** What the caseload page shows. */
export interface CaseloadView {
	caseload: Caseload;
	balance: Balance;
	sprints: (Sprint & { progress: SprintProgress })[];
	members: { id: string; name: string }[];
}

/**
 * The coördinator's caseload page: every medewerker's caseload against their norm, the balance
 * between the subregions, and the team's sprints with their progress. Audited (which medewerkers'
 * caseloads were shown; no case is named).
 */
export async function readCaseloadView(deps: CaseloadDeps, actor: Actor): Promise<CaseloadView> {
	requireTeamCoordinator(actor);
	const now = deps.clock.now();
	const [caseload, balance, sprints, members] = await Promise.all([
		readCaseload(deps.sql, actor.organisationId, now),
		readBalance(deps.sql, actor.organisationId, now),
		listSprints(deps.sql, actor.organisationId),
		teamMembers(deps.sql, actor.organisationId)
	]);
	const withProgress = await Promise.all(
		sprints.map(async (s) => ({ ...s, progress: await sprintProgress(deps.sql, actor.organisationId, s, now) }))
	);
	await audit(deps.sql, auditActorOf(actor), 'caseload.viewed', null, { users: caseload.people.map((p) => p.userId) });
	return { caseload, balance, sprints: withProgress, members };
}

/** One sprint with its progress, for its page; another organisation's sprint is refused as if it did not exist. */
export async function readSprintView(
	deps: CaseloadDeps,
	actor: Actor,
	sprintId: string
): Promise<{ sprint: Sprint; progress: SprintProgress }> {
	requireTeamCoordinator(actor);
	const sprint = isUuid(sprintId) ? await readSprint(deps.sql, actor.organisationId, sprintId) : null;
	if (!sprint) throw new ForbiddenError('Deze sprint bestaat niet of is van een ander team.');
	const progress = await sprintProgress(deps.sql, actor.organisationId, sprint, deps.clock.now());
	await audit(deps.sql, auditActorOf(actor), 'sprint.viewed', { type: 'sprint', id: sprint.id });
	return { sprint, progress };
}

/** The ids among `userIds` that are not medewerkers or coördinatoren (in use) of the organisation. */
async function strangers(tx: Db, orgId: string, userIds: string[]): Promise<string[]> {
	const rows = await tx<{ id: string }[]>`
		select distinct u.id from users u join memberships ms on ms.user_id = u.id
		where u.id = any(${userIds}::uuid[]) and ms.organisation_id = ${orgId} and ms.role in ('medewerker', 'coordinator') and u.disabled_at is null`;
	const known = new Set(rows.map((r) => r.id));
	return userIds.filter((id) => !known.has(id));
}

/**
 * A coördinator sets a caseload norm: the team default (no userId), or one medewerker's own (norm
 * null: back to the team default). In one transaction with an audit row (old and new value) and an
 * event for the team; published after commit. Returns whether anything changed.
 */
export async function setCaseloadNorm(deps: CaseloadDeps, actor: Actor, input: NormInput): Promise<{ changed: boolean }> {
	requireTeamCoordinator(actor);
	const now = deps.clock.now();
	const orgId = actor.organisationId;
	const result = await deps.sql.begin(async (tx) => {
		let from: number | null;
		if (!input.userId) {
			if (input.norm === null) throw new InputError('Teamnorm ontbreekt', { norm: 'Vul de norm in.' });
			const [org] = await tx<{ caseloadNorm: number }[]>`select caseload_norm from organisations where id = ${orgId} for update`;
			from = org.caseloadNorm;
			if (from === input.norm) return null;
			await tx`update organisations set caseload_norm = ${input.norm} where id = ${orgId}`;
		} else {
			if ((await strangers(tx, orgId, [input.userId])).length)
				throw new InputError('Onbekende medewerker', { userId: 'Kies een medewerker van uw team.' });
			const [own] = await tx<{ norm: number }[]>`
				select norm from caseload_norms where organisation_id = ${orgId} and user_id = ${input.userId} for update`;
			from = own?.norm ?? null;
			if (from === input.norm) return null;
			if (input.norm === null) await tx`delete from caseload_norms where organisation_id = ${orgId} and user_id = ${input.userId}`;
			else
				await tx`
					insert into caseload_norms (organisation_id, user_id, norm, updated_by, updated_at)
					values (${orgId}, ${input.userId}, ${input.norm}, ${actor.userId}, ${now})
					on conflict (organisation_id, user_id) do update set norm = excluded.norm, updated_by = excluded.updated_by, updated_at = excluded.updated_at`;
		}
		const record = input.userId ? { type: 'user', id: input.userId } : { type: 'organisation', id: orgId };
		await audit(tx, auditActorOf(actor), 'caseload.norm_changed', record, { from, to: input.norm });
		return appendEvent(
			tx,
			domainEvent(
				'caseload.norm_changed',
				{ actor: actor.name, actorOrg: actor.organisationName },
				{ userId: input.userId ?? null, norm: input.norm },
				{ streams: [rooms.organisation(orgId)], actorUserId: actor.userId }
			),
			now
		);
	});
	if (!result) return { changed: false };
	publish([result]);
	return { changed: true };
}

/**
 * A coördinator plans a sprintweek or focusgroep: period, participants (medewerkers of the team),
 * the part of the werkvoorraad and a target. Audited, with an event for the team; returns its id.
 */
export async function planSprint(deps: CaseloadDeps, actor: Actor, input: SprintInput): Promise<string> {
	requireTeamCoordinator(actor);
	const now = deps.clock.now();
	const orgId = actor.organisationId;
	const participants = [...new Set(input.participantIds)];
	const { id, event } = await deps.sql.begin(async (tx) => {
		if ((await strangers(tx, orgId, participants)).length)
			throw new InputError('Onbekende deelnemer', { participantIds: 'Kies deelnemers uit de medewerkers van uw team.' });
		if (input.subregionId) {
			const [found] = await tx`select 1 from subregions where id = ${input.subregionId}`;
			if (!found) throw new InputError('Onbekende subregio', { subregionId: 'Kies een subregio uit de lijst.' });
		}
		if (input.municipalityId) {
			const [m] = await tx<{ subregionId: string }[]>`select subregion_id from municipalities where id = ${input.municipalityId}`;
			if (!m) throw new InputError('Onbekende gemeente', { municipalityId: 'Kies een gemeente uit de lijst.' });
			if (input.subregionId && m.subregionId !== input.subregionId)
				throw new InputError('Gemeente buiten subregio', { municipalityId: 'Deze gemeente ligt niet in de gekozen subregio.' });
		}
		const [row] = await tx<{ id: string }[]>`
			insert into sprints (organisation_id, kind, name, starts_on, ends_on, scope_subregion_id, scope_municipality_id, scope_urgent_only,
			                     scope_older_than_days, target_kind, target_value, created_by, created_at)
			values (${orgId}, ${input.kind}, ${input.name}, ${input.startsOn}, ${input.endsOn}, ${input.subregionId ?? null}, ${input.municipalityId ?? null},
			        ${input.urgentOnly}, ${input.olderThanDays ?? null}, ${input.targetKind}, ${input.targetValue}, ${actor.userId}, ${now})
			returning id`;
		await tx`insert into sprint_participants ${tx(participants.map((userId) => ({ sprintId: row.id, userId })))}`;
		await audit(
			tx,
			auditActorOf(actor),
			'sprint.planned',
			{ type: 'sprint', id: row.id },
			{ kind: input.kind, startsOn: input.startsOn, endsOn: input.endsOn, participants, target: `${input.targetKind}:${input.targetValue}` }
		);
		const event = await appendEvent(
			tx,
			domainEvent(
				'sprint.planned',
				{ actor: actor.name, actorOrg: actor.organisationName },
				{ sprintId: row.id, kind: input.kind, startsOn: input.startsOn, endsOn: input.endsOn },
				{ streams: [rooms.organisation(orgId)], actorUserId: actor.userId }
			),
			now
		);
		return { id: row.id, event };
	});
	publish([event]);
	return id;
}
