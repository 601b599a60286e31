import type { ApiCall, ApiDeps } from '../api/deps.ts';
import { withToken } from '../api/endpoint.ts';
import { invalidInput } from '../api/errors.ts';
import { json } from '../api/http.ts';
import { PeriodError, periodFrom } from './period.ts';
import { viewDashboard } from './service.ts';

/**
 * GET /api/v1/dashboard?weken=13 (or ?van=…&tot=…): the figures of the token's gemeente (a
 * stuurgroep token: the region) as JSON, suppressed exactly as on the page ("<5").
 */
export function dashboardEndpoint(deps: ApiDeps, call: ApiCall): Promise<Response> {
	return withToken(deps, call, 'dashboard:read', async (actor) => {
		let period;
		try {
			period = periodFrom(new URL(call.request.url).searchParams, deps.clock.now());
		} catch (e) {
			if (e instanceof PeriodError) throw invalidInput({ period: e.message }, e.message);
			throw e;
		}
		const { from, to } = period;
		const figures = await viewDashboard(deps, actor, { from, to }, 'api');
		return json({ ...figures, computedAt: figures.computedAt?.toISOString() ?? null });
	});
}
