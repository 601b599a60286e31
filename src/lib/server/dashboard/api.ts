import type { ApiCall, ApiDeps } from '../api/deps.ts';
import { withToken } from '../api/endpoint.ts';
import { ApiError, invalidInput } from '../api/errors.ts';
import { jsonOf } from '../api/http.ts';
import { dashboardFiguresSchema } from '../api/contract-dashboard.ts';
import { PeriodError } from './period.ts';
import { viewDashboard } from './service.ts';

/**
 * GET /api/v1/dashboard?periodes=3 (or ?van=2026-P10&tot=2026-P12): the published figures of the
 * token's gemeente (a stuurgroep token: the region) as JSON, exactly as the page shows them.
 */
export function dashboardEndpoint(deps: ApiDeps, call: ApiCall): Promise<Response> {
	return withToken(deps, call, 'dashboard:read', async (actor) => {
		let view;
		try {
			view = await viewDashboard(deps, actor, new URL(call.request.url).searchParams, 'api', false);
		} catch (e) {
			if (e instanceof PeriodError) throw invalidInput({ [e.field]: e.message }, e.message);
			throw e;
		}
		if (!view.figures)
			throw new ApiError(
				'not_found',
				'Er zijn nog geen doorstroomcijfers gepubliceerd. De eerste periode wordt gepubliceerd zodra die is afgelopen.'
			);
		return jsonOf(dashboardFiguresSchema, view.figures);
	});
}
