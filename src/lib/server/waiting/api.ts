import type { ApiCall, ApiDeps } from '../api/deps.ts';
import { withToken } from '../api/endpoint.ts';
import { ApiError, invalidInput } from '../api/errors.ts';
import { jsonOf, parseOrThrow, readJson } from '../api/http.ts';
import { waitingTimesReportedSchema, waitingTimesSchema, type WaitingTimeJson } from '../api/contract-waiting.ts';
import { InputError } from '../errors.ts';
import type { CurrentReport } from './queries.ts';
import { reportSchema, reportsBodySchema, type ReportInput } from './schema.ts';
import { isConsortiumWorker, NOT_CONSORTIUM, readOwnReports, reportWaitingTimes } from './service.ts';

/** A current report as the API shows it (contract-waiting.ts: waitingTimeSchema). */
function reportJson(r: CurrentReport): WaitingTimeJson {
	return {
		careType: r.careTypeId,
		careTypeName: r.careTypeName,
		subregion: r.subregionId,
		subregionName: r.subregionName,
		waitingDays: r.waitingDays,
		reportedAt: new Date(r.reportedAt).toISOString(),
		reportedBy: r.reportedByName
	};
}

const notConsortium = () => new ApiError('forbidden', NOT_CONSORTIUM);

/** One report, { "reports": [...] } or a bare array of reports; with the field paths the caller sent. */
function parseReports(body: unknown): { reports: ReportInput[]; single: boolean } {
	const value = Array.isArray(body) ? { reports: body } : body;
	if (typeof value !== 'object' || value === null) {
		throw invalidInput(
			{ body: 'Stuur een JSON-object met careType, subregion en waitingDays, of {"reports": [...]}.' },
			'De body van het verzoek is geen melding.'
		);
	}
	if ('reports' in value) return { reports: parseOrThrow(reportsBodySchema, value).reports, single: false };
	return { reports: [parseOrThrow(reportSchema, value)], single: true };
}

/** GET /api/v1/waiting-times: the consortium's current waiting times (audited). */
export function listWaitingTimesEndpoint(deps: ApiDeps, call: ApiCall): Promise<Response> {
	return withToken(deps, call, 'waiting-times:read', async (actor) => {
		if (!isConsortiumWorker(actor)) throw notConsortium();
		const reports = await readOwnReports(deps, actor);
		return jsonOf(waitingTimesSchema, { consortium: actor.organisationName, reports: reports.map(reportJson) });
	});
}

/** POST /api/v1/waiting-times: reports one waiting time or several; answers with the current ones. */
export function reportWaitingTimesEndpoint(deps: ApiDeps, call: ApiCall): Promise<Response> {
	return withToken(deps, call, 'waiting-times:write', async (actor) => {
		if (!isConsortiumWorker(actor)) throw notConsortium();
		const { reports, single } = parseReports(await readJson(call.request, { empty: 'Stuur een melding of een lijst met meldingen mee.' }));
		try {
			const current = await reportWaitingTimes(deps, actor, reports);
			return jsonOf(waitingTimesReportedSchema, {
				consortium: actor.organisationName,
				reported: reports.length,
				reports: current.map(reportJson)
			});
		} catch (error) {
			if (single && error instanceof InputError) {
				throw new InputError(
					error.message,
					Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k.replace(/^reports\.0\./, ''), v]))
				);
			}
			throw error;
		}
	});
}
