import type { RequestEvent } from '@sveltejs/kit';
import { requireActor } from '../auth/guards.ts';
import { loadOr403 } from '../http.ts';
import { domainDeps } from '../services.ts';
import { PERIOD_PRESETS, PeriodError, periodFrom } from './period.ts';
import { viewDashboard } from './service.ts';
import { figureTables } from '../../dashboard/tables.ts';
import { summarise } from '../../dashboard/summary.ts';

/**
 * What the dashboard page, its report and its exports load: the actor's figures for the period in
 * the query (a bad period falls back to the last 13 weeks with a Dutch message).
 */
export async function loadDashboard(event: RequestEvent, via: 'page' | 'report' | 'export') {
	const actor = requireActor(event);
	const deps = domainDeps();
	let periodError: string | null = null;
	let period;
	try {
		period = periodFrom(event.url.searchParams, deps.clock.now());
	} catch (e) {
		if (!(e instanceof PeriodError)) throw e;
		periodError = e.message;
		period = periodFrom(new URLSearchParams(), deps.clock.now());
	}
	const figures = await loadOr403(() => viewDashboard(deps, actor, period, via));
	const query = period.preset ? `weken=${period.preset}` : `van=${period.from}&tot=${period.to}`;
	return { figures, tables: figureTables(figures), summary: summarise(figures), period, presets: PERIOD_PRESETS, periodError, query };
}
