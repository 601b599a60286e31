import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { auditActorOf, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { ForbiddenError } from '../errors.ts';
import { dashboardFigures, publishedPeriods, type DashboardFigures, type Scope } from './figures.ts';
import { DEFAULT_PRESET, PeriodError, rangeFrom, type RangeChoice } from './period.ts';

export interface DashboardDeps {
	sql: Db;
	clock: Clock;
}

const ONLY_GEMEENTEN = 'Het doorstroomdashboard is er voor gemeenten en de stuurgroep.';

/**
 * Whose figures the actor may see: a gemeente user (or its API token) its own gemeente, the
 * stuurgroep the region. Everyone else is refused: the dashboard never shows anything about a
 * case, but the figures are the gemeenten's.
 */
export async function dashboardScope(sql: Db, actor: Actor): Promise<Scope> {
	if (actor.organisationKind === 'stuurgroep' && (actor.tokenId || actor.roles.includes('stuurgroep'))) return { kind: 'regio' };
	if (actor.organisationKind === 'gemeente' && (actor.tokenId || actor.roles.includes('gemeente'))) {
		const [org] = await sql<
			{ municipalityId: string | null }[]
		>`select municipality_id from organisations where id = ${actor.organisationId}`;
		if (org?.municipalityId) return { kind: 'gemeente', municipalityId: org.municipalityId };
	}
	throw new ForbiddenError(ONLY_GEMEENTEN);
}

/** What a view of the dashboard answers: the figures (null before the first publication), the range, and why the asked range was refused. */
export interface DashboardView {
	figures: DashboardFigures | null;
	range: RangeChoice | null;
	/** Set when the query asked for a range that cannot be shown; the figures are then the default range's. */
	refused: PeriodError | null;
}

/**
 * The actor's figures for the range in the query (see rangeFrom), audited: who looked at which
 * figures, when. A refused range falls back to the default one when `fallBack`, else throws the
 * PeriodError (the API answers 400).
 */
export async function viewDashboard(
	deps: DashboardDeps,
	actor: Actor,
	query: URLSearchParams,
	via: 'page' | 'export' | 'report' | 'api',
	fallBack = true
): Promise<DashboardView> {
	const scope = await dashboardScope(deps.sql, actor);
	const published = await publishedPeriods(deps.sql);
	let refused: PeriodError | null = null;
	let range: RangeChoice | null;
	try {
		range = rangeFrom(query, published);
	} catch (e) {
		if (!(e instanceof PeriodError) || !fallBack) throw e;
		refused = e;
		range = rangeFrom(new URLSearchParams({ periodes: DEFAULT_PRESET }), published);
	}
	const figures = range ? await dashboardFigures(deps.sql, scope, range) : null;
	await audit(
		deps.sql,
		auditActorOf(actor),
		'dashboard.viewed',
		{ type: 'dashboard', id: scope.kind === 'regio' ? 'regio' : scope.municipalityId },
		{
			from: range?.from.id ?? null,
			to: range?.to.id ?? null,
			via
		}
	);
	return { figures, range, refused };
}
