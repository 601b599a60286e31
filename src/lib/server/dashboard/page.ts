import type { RequestEvent } from '@sveltejs/kit';
import { requireActor } from '../auth/guards.ts';
import { loadOr403 } from '../http.ts';
import { domainDeps } from '../services.ts';
import { RANGE_PRESETS } from './period.ts';
import { viewDashboard } from './service.ts';
import { publishedPeriods } from './figures.ts';
import { figureTables } from '../../dashboard/tables.ts';
import { summarise, type ReportNorms } from '../../dashboard/summary.ts';
import { readAssessmentNorms } from '../cases/norms.ts';
import { readSlaPolicies } from '../sla/policy.ts';
import type { Db } from '../db/client.ts';

/** The norms the report states performance against: the assessment norm and the response time in force. */
export async function reportNorms(sql: Db): Promise<ReportNorms> {
	const [assessment, sla] = await Promise.all([readAssessmentNorms(sql), readSlaPolicies(sql)]);
	return { assessmentDays: assessment, responseMinutes: { regulier: sla.regulier, spoed: sla.spoed } };
}

/**
 * What the dashboard page, its report and its exports load: the actor's figures for the range in
 * the query (a range that cannot be shown falls back to the last 3 periods, with a Dutch message).
 */
export async function loadDashboard(event: RequestEvent, via: 'page' | 'report' | 'export') {
	const actor = requireActor(event);
	const deps = domainDeps();
	const view = await loadOr403(() => viewDashboard(deps, actor, event.url.searchParams, via));
	const range = view.range;
	const query = !range ? '' : range.preset ? `periodes=${range.preset}` : `van=${range.from.id}&tot=${range.to.id}`;
	const norms = await reportNorms(deps.sql);
	return {
		figures: view.figures,
		norms,
		tables: view.figures ? figureTables(view.figures) : [],
		summary: view.figures ? summarise(view.figures, norms) : null,
		range: range && { from: range.from.id, to: range.to.id, preset: range.preset },
		published: (await publishedPeriods(deps.sql)).map((p) => p.id),
		presets: RANGE_PRESETS,
		periodError: view.refused?.message ?? null,
		query
	};
}
