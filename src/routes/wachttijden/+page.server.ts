import type { Actions, PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { forbidden, loadOr403 } from '$lib/server/http';
import { failureFrom, formFailure, formToObject, readForm } from '$lib/server/forms';
import { careTypes, subregions } from '$lib/server/waiting/queries';
import { isConsortiumWorker, NOT_CONSORTIUM, reportWaitingTimes, viewWaiting } from '$lib/server/waiting/service';
import { parseReportForm } from '$lib/server/waiting/schema';
import { careStartAction } from '$lib/server/waiting/form-actions';
import { parseListQuery } from '$lib/server/lists/query';
import { waitingListQuerySchema } from '$lib/server/waiting/list';
import type { WaitEntryRow } from '$lib/server/waiting/queries';

/** What a row of the families' tables shows (and nothing more goes to the browser). */
const family = (w: WaitEntryRow) => ({
	id: w.id,
	caseId: w.caseId,
	reference: w.reference,
	handoverId: w.handoverId,
	consortiumName: w.consortiumName,
	careTypeName: w.careTypeName,
	subregionName: w.subregionName,
	responsibleUserId: w.responsibleUserId,
	responsibleName: w.responsibleName,
	waitingSince: w.waitingSince,
	careStartedOn: w.careStartedOn,
	careStartedByName: w.careStartedByName,
	normDays: w.normDays,
	daysWaiting: w.daysWaiting,
	overNorm: w.overNorm
});

/** What the list of recent care starts shows. */
const started = (w: WaitEntryRow) => ({
	id: w.id,
	reference: w.reference,
	careTypeName: w.careTypeName,
	subregionName: w.subregionName,
	careStartedOn: w.careStartedOn,
	careStartedByName: w.careStartedByName,
	daysWaiting: w.daysWaiting
});

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { query, filter } = parseListQuery(waitingListQuerySchema, event.url.searchParams);
	const view = await loadOr403(() => viewWaiting(deps, actor, query, filter));
	return {
		view: { ...view, waiting: view.waiting.map(family), ...(view.side === 'consortium' ? { started: view.started.map(started) } : {}) },
		filter,
		organisationName: actor.organisationName,
		meId: actor.userId,
		lastEventId: last
	};
};

export const actions: Actions = {
	melden: async (event) => {
		const actor = requireActor(event);
		if (!isConsortiumWorker(actor)) forbidden(NOT_CONSORTIUM, 'role');
		const deps = domainDeps();
		const { form, values } = await readForm(event.request);
		const [types, regions] = await Promise.all([careTypes(deps.sql), subregions(deps.sql)]);
		const cells = types.flatMap((t) => regions.map((s) => ({ careTypeId: t.id, subregionId: s.id })));
		const parsed = parseReportForm(formToObject(form), cells);
		if (!parsed.ok) return formFailure(400, 'report', 'Controleer de wachttijden.', parsed.errors, values);
		try {
			await reportWaitingTimes(deps, actor, parsed.reports);
		} catch (e) {
			return failureFrom(e, 'report', values);
		}
		const n = parsed.reports.length;
		return { form: 'report' as const, saved: `${n} ${n === 1 ? 'wachttijd is' : 'wachttijden zijn'} gemeld. Veilig Thuis ziet ze direct.` };
	},
	zorgGestart: (event) => careStartAction(requireActor(event), event.request)
};
