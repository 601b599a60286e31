import { redirect } from '@sveltejs/kit';
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
import { loadOr403 } from '$lib/server/http';
import { formAction } from '$lib/server/forms';
import { amsterdamDay } from '$lib/server/workdays';
import { trajectoryOfCase, trajectoryPartners, workersOf } from '$lib/server/trajectories/queries';
import { openTrajectory } from '$lib/server/trajectories/service';
import { openSchema } from '$lib/server/trajectories/schema';
import { careTypes, consortiumIds, waitEntryOfCase } from '$lib/server/waiting/queries';
import { closureView } from '$lib/server/monitoring/service';
import { closeAction, reopenAction } from '$lib/server/monitoring/form-actions';
import { assessmentState } from '$lib/server/cases/lateness';
import { assignableWorkers, mayReassign, reassignCases, reassignSchema } from '$lib/server/cases/responsible';
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
		// a coordinator of the case's organisation makes another medewerker responsible (rule 6)
		assignable:
			mayReassign(actor) && c.responsibleOrgId === actor.organisationId ? await assignableWorkers(deps.sql, actor.organisationId) : [],
		capacity: await offerCapacity(deps.sql, c.id, deps.clock.now()),
		now: deps.clock.now(),
		today: amsterdamDay(deps.clock.now()),
		lastEventId: last
	};
};

export const actions: Actions = {
	aanbieden: (event) => {
		const actor = requireVtWorker(event);
		const deps = domainDeps();
		return formAction(event.request, {
			form: 'offer',
			schema: offerSchema,
			invalid: 'Controleer het aanbod.',
			run: (data) => offerHandover(deps, actor, event.params.id, data),
			done: async (id) => {
				const offered = await readHandover(deps.sql, id);
				return offered ? confirmHandover('Het aanbod is verstuurd.', offered) : { saved: 'Het aanbod is verstuurd.' };
			}
		});
	},
	intrekken: (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'withdraw',
			schema: withdrawSchema,
			run: (data) => withdrawHandover(domainDeps(), actor, data.handoverId, data.note),
			done: (withdrawn) => confirmHandover('Het aanbod is ingetrokken.', withdrawn)
		});
	},
	traject: (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'trajectory',
			schema: openSchema,
			invalid: 'Controleer het V&V-traject.',
			run: (data) => openTrajectory(domainDeps(), actor, event.params.id, data),
			done: (id) => redirect(303, `/trajecten/${id}?gestart=1`)
		});
	},
	toewijzen: (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'reassign',
			schema: reassignSchema,
			lists: ['caseIds'],
			run: (data) => reassignCases(domainDeps(), actor, data),
			done: (changed) => (changed ? 'De zaak is toegewezen.' : 'Deze medewerker was al verantwoordelijk.')
		});
	},
	plannen: (event) => planAction(requireVtWorker(event), event.request),
	bevestigen: (event) => confirmAction(requireVtWorker(event), event.request),
	afsluiten: (event) => closeAction(requireVtWorker(event), event.params.id, event.request),
	heropenen: (event) => reopenAction(requireVtWorker(event), event.params.id, event.request)
};
