import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { assessmentGaps, viewCaseAsVt } from '$lib/server/cases/service';
import { caseHandovers, readHandover } from '$lib/server/handovers/queries';
import { confirmHandover } from '$lib/confirmation';
import { caseTimeline } from '$lib/server/cases/timeline';
import { partnerOptions } from '$lib/server/cases/options';
import { lastEventId } from '$lib/server/events/log';
import { offerHandover, withdrawHandover } from '$lib/server/handovers/service';
import { offerSchema, withdrawSchema } from '$lib/server/handovers/schema';
import { planAction, confirmAction } from '$lib/server/handovers/form-actions';
import { fieldErrors } from '$lib/server/auth/schema';
import { failFrom, loadOr403 } from '$lib/server/http';
import { amsterdamDay } from '$lib/server/workdays';
import { trajectoryOfCase, trajectoryPartners, workersOf } from '$lib/server/trajectories/queries';
import { openTrajectory } from '$lib/server/trajectories/service';
import { openSchema } from '$lib/server/trajectories/schema';
import { careTypes, consortiumIds, waitEntryOfCase } from '$lib/server/waiting/queries';
import { closureView } from '$lib/server/monitoring/service';
import { closeAction, reopenAction } from '$lib/server/monitoring/form-actions';
import { assessmentState } from '$lib/server/cases/lateness';
import { offerCapacity } from '$lib/server/handovers/capacity';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const c = await loadOr403(() => viewCaseAsVt(deps, actor, event.params.id));
	const handovers = await caseHandovers(deps.sql, c.id);
	return {
		case: c,
		gaps: assessmentGaps(c),
		assessment: {
			state: assessmentState(c.assessmentDue, c.assessmentCompletedAt, deps.clock.now()),
			completedOn: c.assessmentCompletedAt ? amsterdamDay(c.assessmentCompletedAt) : null
		},
		handovers,
		live: handovers.find((h) => h.status === 'open' || h.status === 'accepted') ?? null,
		timeline: await caseTimeline(deps.sql, actor, c.id),
		partners: await partnerOptions(deps.sql),
		careTypes: (await careTypes(deps.sql)).map(({ id, name }) => ({ id, name })),
		consortiumIds: await consortiumIds(deps.sql),
		waiting: await waitEntryOfCase(deps.sql, c.id, amsterdamDay(deps.clock.now())),
		trajectory: await trajectoryOfCase(deps.sql, c.id),
		trajectoryPartners: await trajectoryPartners(deps.sql, c.id, actor.organisationId),
		vtWorkers: await workersOf(deps.sql, actor.organisationId),
		closure: await closureView(deps, actor, c),
		capacity: await offerCapacity(deps.sql, c.id, deps.clock.now()),
		now: deps.clock.now(),
		today: amsterdamDay(deps.clock.now()),
		lastEventId: last
	};
};

export const actions: Actions = {
	aanbieden: async (event) => {
		const actor = requireVtWorker(event);
		const form = Object.fromEntries(await event.request.formData());
		const parsed = offerSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, { offer: true, message: 'Controleer het aanbod.', fields: fieldErrors(parsed.error), values: form });
		const deps = domainDeps();
		let id: string;
		try {
			id = await offerHandover(deps, actor, event.params.id, parsed.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, offer: true, values: form });
		}
		const offered = await readHandover(deps.sql, id);
		return offered ? confirmHandover('Het aanbod is verstuurd.', offered) : { saved: 'Het aanbod is verstuurd.' };
	},
	intrekken: async (event) => {
		const actor = requireVtWorker(event);
		const parsed = withdrawSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message, fields: fieldErrors(parsed.error) });
		try {
			const withdrawn = await withdrawHandover(domainDeps(), actor, parsed.data.handoverId, parsed.data.note);
			return confirmHandover('Het aanbod is ingetrokken.', withdrawn);
		} catch (e) {
			return failFrom(e);
		}
	},
	traject: async (event) => {
		const actor = requireVtWorker(event);
		const parsed = openSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { trajectory: true, message: 'Controleer het V&V-traject.', fields: fieldErrors(parsed.error) });
		let id: string;
		try {
			id = await openTrajectory(domainDeps(), actor, event.params.id, parsed.data);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, trajectory: true });
		}
		redirect(303, `/trajecten/${id}`);
	},
	plannen: (event) => planAction(requireVtWorker(event), event.request),
	bevestigen: (event) => confirmAction(requireVtWorker(event), event.request),
	afsluiten: (event) => closeAction(requireVtWorker(event), event.params.id, event.request),
	heropenen: (event) => reopenAction(requireVtWorker(event), event.params.id, event.request)
};
