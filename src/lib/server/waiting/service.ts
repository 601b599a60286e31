import { auditActorOf, isPartnerWorker, isVtWorker, type Actor, type Capacity } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { auditList } from '../audit/lists.ts';
import { appendEvent, publish } from '../events/log.ts';
import { ForbiddenError, InputError } from '../errors.ts';
import { maySetDeadlines, settingsStreams } from '../settings.ts';
import { amsterdamDay } from '../workdays.ts';
import { rooms } from '../../realtime/events.ts';
import type { ReportInput } from './schema.ts';
import {
	careTypes,
	consortia,
	currentReports,
	latestSnapshot,
	recentlyStarted,
	subregions,
	waitingList,
	waitingListTotal,
	weeklyTrend,
	type CareType,
	type Consortium,
	type CurrentReport,
	type SnapshotRow,
	type Subregion,
	type TrendRow,
	type WaitEntryRow,
	type WaitingOf
} from './queries.ts';
import type { ListTotal } from '../lists/keyset.ts';
import { auditedFilter, SECTION_PAGE_SIZE, pageOrFirst, type ListFilterState } from '../lists/query.ts';
import { waitingListQuerySchema, type WaitingListQuery } from './list.ts';
import type { ServiceDeps } from '../deps.ts';

export const NOT_CONSORTIUM =
	'Alleen consortia melden hun wachttijden: medewerkers en coördinatoren van een consortium, of het registratiesysteem van een consortium.';

/** A medewerker or coordinator of a consortium, or a consortium's partner system. */
export function isConsortiumWorker(actor: Capacity): boolean {
	return actor.organisationKind === 'consortium' && isPartnerWorker(actor);
}

/**
 * A consortium reports its current waiting time (days) per zorgvorm × subregio, through the form or
 * its API token: one row per report (the newest is current), one audit row, one event for the
 * consortium's and VT's pages. Unknown zorgvormen or subregions are refused per field
 * ("reports.<i>.careType"). Returns the consortium's current reports afterwards.
 */
export async function reportWaitingTimes(deps: ServiceDeps, actor: Actor, reports: ReportInput[]): Promise<CurrentReport[]> {
	if (!isConsortiumWorker(actor)) throw new ForbiddenError(NOT_CONSORTIUM);
	const now = deps.clock.now();
	const events = await deps.sql.begin(async (tx) => {
		const [types, regions] = await Promise.all([careTypes(tx), subregions(tx)]);
		const fields: Record<string, string> = {};
		reports.forEach((r, i) => {
			if (!types.some((t) => t.id === r.careType))
				fields[`reports.${i}.careType`] = `Onbekende zorgvorm "${r.careType}". Kies uit: ${types.map((t) => t.id).join(', ')}.`;
			if (!regions.some((s) => s.id === r.subregion))
				fields[`reports.${i}.subregion`] = `Onbekende subregio "${r.subregion}". Kies uit: ${regions.map((s) => s.id).join(', ')}.`;
		});
		if (Object.keys(fields).length)
			throw new InputError('Niet elke melding noemt een bestaande zorgvorm en subregio. Zie "fields".', fields);
		await tx`
			insert into waiting_time_reports (consortium_id, care_type_id, subregion_id, waiting_days, reported_at, reported_by, reported_by_token)
			select ${actor.organisationId}, care_type, subregion, waiting_days, ${now}, ${actor.userId}, ${actor.tokenId}
			from unnest(${reports.map((r) => r.careType)}::text[], ${reports.map((r) => r.subregion)}::text[], ${reports.map((r) => r.waitingDays)}::int[])
			  as t(care_type, subregion, waiting_days)`;
		await audit(
			tx,
			auditActorOf(actor),
			'waiting.reported',
			{ type: 'organisation', id: actor.organisationId },
			{
				count: reports.length,
				via: actor.tokenId ? 'api' : 'formulier'
			}
		);
		const vt = await tx<{ id: string }[]>`select id from organisations where kind = 'vt'`;
		return [
			await appendEvent(
				tx,
				{
					streams: [rooms.organisation(actor.organisationId), ...vt.map((o) => rooms.organisation(o.id))],
					type: 'waiting.reported',
					payload: {
						consortiumId: actor.organisationId,
						consortiumName: actor.organisationName,
						count: reports.length,
						actor: actor.name,
						actorOrg: actor.organisationName
					},
					actorUserId: actor.userId
				},
				now
			)
		];
	});
	publish(events);
	return currentReports(deps.sql, actor.organisationId);
}

/** A consortium's current reports, for its partner system (audited: every use of a token is). */
export async function readOwnReports(deps: ServiceDeps, actor: Actor): Promise<CurrentReport[]> {
	if (!isConsortiumWorker(actor)) throw new ForbiddenError(NOT_CONSORTIUM);
	const reports = await currentReports(deps.sql, actor.organisationId);
	await audit(
		deps.sql,
		auditActorOf(actor),
		'waiting.reports_viewed',
		{ type: 'organisation', id: actor.organisationId },
		{ rows: reports.length }
	);
	return reports;
}

interface Common {
	today: string;
	careTypes: CareType[];
	subregions: Subregion[];
	reports: CurrentReport[];
	snapshot: SnapshotRow[];
	trend: TrendRow[];
	/** One page of the waiting families (filtered), its next cursor and the total. */
	waiting: WaitEntryRow[];
	next: string | null;
	total: ListTotal;
}

/** What /wachttijden shows: a consortium its own figures and families, VT every consortium and its own cases' families. */
export type WaitingView =
	(Common & { side: 'consortium'; consortiumId: string; started: WaitEntryRow[] }) | (Common & { side: 'vt'; consortia: Consortium[] });

/**
 * The /wachttijden page for the actor, with one page of the waiting families (filtered; reading them
 * is audited); ForbiddenError for anyone else.
 */
export async function viewWaiting(
	deps: ServiceDeps,
	actor: Actor,
	query: WaitingListQuery = waitingListQuerySchema.parse({}),
	filter: ListFilterState = { values: {}, errors: {} }
): Promise<WaitingView> {
	const sql = deps.sql;
	const today = amsterdamDay(deps.clock.now());
	const families = async (of: WaitingOf, f: WaitingListQuery & { mineOf: string | null }) => {
		const [page, total] = await Promise.all([
			pageOrFirst(query.cursor, filter, (cursor) => waitingList(sql, of, today, f, { cursor, limit: SECTION_PAGE_SIZE })), // the page holds the figures too
			waitingListTotal(sql, of, today, f)
		]);
		return { waiting: page.rows, next: page.next, total };
	};
	if (isConsortiumWorker(actor) && !actor.tokenId) {
		const id = actor.organisationId;
		const [types, regions, reports, snapshot, trend, waiting, started] = await Promise.all([
			careTypes(sql),
			subregions(sql),
			currentReports(sql, id),
			latestSnapshot(sql, id),
			weeklyTrend(sql, 8, id),
			families({ consortiumId: id }, { ...query, consortiumId: undefined, mineOf: null }),
			recentlyStarted(sql, id, today, 30, 10)
		]);
		await auditList(
			sql,
			auditActorOf(actor),
			'waiting.viewed',
			'wait_entry',
			[...waiting.waiting, ...started].map((w) => w.id),
			{
				record: { type: 'organisation', id },
				details: auditedFilter(filter)
			}
		);
		return {
			side: 'consortium',
			consortiumId: id,
			today,
			careTypes: types,
			subregions: regions,
			reports,
			snapshot,
			trend,
			...waiting,
			started
		};
	}
	if (isVtWorker(actor) && !actor.tokenId) {
		const [types, regions, all, reports, snapshot, trend, waiting] = await Promise.all([
			careTypes(sql),
			subregions(sql),
			consortia(sql),
			currentReports(sql),
			latestSnapshot(sql),
			weeklyTrend(sql, 8),
			families({ vtOrgId: actor.organisationId }, { ...query, mineOf: query.mine ? actor.userId : null })
		]);
		await auditList(
			sql,
			auditActorOf(actor),
			'waiting.viewed',
			'wait_entry',
			waiting.waiting.map((w) => w.id),
			{
				record: { type: 'organisation', id: actor.organisationId },
				details: auditedFilter(filter)
			}
		);
		return { side: 'vt', today, careTypes: types, subregions: regions, consortia: all, reports, snapshot, trend, ...waiting };
	}
	throw new ForbiddenError('Wachttijden zijn er voor medewerkers van Veilig Thuis en van de consortia.');
}

/** The refusal when someone else than a beheerder of Veilig Thuis changes a zorgvorm norm. */
const ONLY_VT_BEHEERDERS_NORMS = 'Alleen beheerders van Veilig Thuis wijzigen de normen.';

/**
 * A beheerder of Veilig Thuis changes the norms (days) of zorgvormen. In one transaction: an audit
 * row per changed norm with old and new value and one 'waiting.norms_changed' event for VT's and
 * the consortia's waiting pages; published after commit. Families still waiting are flagged against
 * the new norm from the next run.
 */
export async function updateCareTypeNorms(deps: ServiceDeps, actor: Actor, norms: Record<string, number>): Promise<{ changed: number }> {
	if (!maySetDeadlines(actor)) throw new ForbiddenError(ONLY_VT_BEHEERDERS_NORMS);
	const now = deps.clock.now();
	const result = await deps.sql.begin(async (tx) => {
		const current = await tx<{ id: string; normDays: number }[]>`select id, norm_days from care_types order by position for update`;
		const changes: { careTypeId: string; normDays: number }[] = [];
		for (const ct of current) {
			const next = norms[ct.id];
			if (next === undefined || next === ct.normDays) continue;
			await tx`update care_types set norm_days = ${next}, updated_by = ${actor.userId}, updated_at = ${now} where id = ${ct.id}`;
			await audit(tx, auditActorOf(actor), 'waiting.norm_changed', { type: 'care_type', id: ct.id }, { from: ct.normDays, to: next });
			changes.push({ careTypeId: ct.id, normDays: next });
		}
		if (!changes.length) return { changed: 0, events: [] };
		const event = await appendEvent(
			tx,
			{
				streams: await settingsStreams(tx, ['consortium']),
				type: 'waiting.norms_changed',
				payload: { actor: actor.name, actorOrg: actor.organisationName, changed: changes.length },
				actorUserId: actor.userId
			},
			now
		);
		return { changed: changes.length, events: [event] };
	});
	publish(result.events);
	return { changed: result.changed };
}
