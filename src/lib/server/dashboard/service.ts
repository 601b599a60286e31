import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { auditActorOf, type Actor } from '../actor.ts';
import { audit } from '../audit/log.ts';
import { ForbiddenError } from '../errors.ts';
import { dashboardFigures, type DashboardFigures, type Period, type Scope } from './figures.ts';

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
		const [org] = await sql<{ municipalityId: string | null }[]>`select municipality_id from organisations where id = ${actor.organisationId}`;
		if (org?.municipalityId) return { kind: 'gemeente', municipalityId: org.municipalityId };
	}
	throw new ForbiddenError(ONLY_GEMEENTEN);
}

/** The figures for the actor's scope and a period (audited: who looked at which figures, when). */
export async function viewDashboard(deps: DashboardDeps, actor: Actor, period: Period, via: 'page' | 'export' | 'report' | 'api' = 'page'): Promise<DashboardFigures> {
	const scope = await dashboardScope(deps.sql, actor);
	const figures = await dashboardFigures(deps.sql, scope, period);
	await audit(deps.sql, auditActorOf(actor), 'dashboard.viewed', { type: 'dashboard', id: scope.kind === 'regio' ? 'regio' : scope.municipalityId }, {
		from: period.from,
		to: period.to,
		via
	});
	return figures;
}
