import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePartnerWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { answerHandover } from '$lib/server/handovers/service';
import { viewHandoverPageAsPartner } from '$lib/server/handovers/ended-view';
import { confirmHandover } from '$lib/confirmation';
import { answerSchema } from '$lib/server/handovers/schema';
import { caseTimeline } from '$lib/server/cases/timeline';
import { lastEventId } from '$lib/server/events/log';
import { planAction, confirmAction } from '$lib/server/handovers/form-actions';
import { loadOr403 } from '$lib/server/http';
import { formAction } from '$lib/server/forms';
import { trajectoryOfCase } from '$lib/server/trajectories/queries';
import { waitEntryOfHandover } from '$lib/server/waiting/queries';
import { careStartAction } from '$lib/server/waiting/form-actions';
import { amsterdamDay } from '$lib/server/workdays';

export const load: PageServerLoad = async (event) => {
	const actor = requirePartnerWorker(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const view = await loadOr403(() => viewHandoverPageAsPartner(deps, actor, event.params.id));
	// an offer that ended (declined by this organisation, withdrawn by VT): how it ended, nothing of the case
	if (view.ended) return { ended: view.ended, organisationName: actor.organisationName, lastEventId: last };
	const h = view.handover;
	return {
		ended: null,
		handover: {
			id: h.id,
			caseId: h.caseId,
			status: h.status,
			breachedAt: h.breachedAt,
			message: h.message,
			offeredByName: h.offeredByName,
			offeredAt: h.offeredAt,
			respondBefore: h.respondBefore,
			answeredByName: h.answeredByName,
			answeredAt: h.answeredAt,
			completedAt: h.completedAt,
			careTypeName: h.careTypeName,
			warm: h.warm
		},
		case: view.case,
		organisationName: actor.organisationName,
		timeline: await caseTimeline(deps.sql, actor, h.caseId),
		trajectory: await trajectoryOfCase(deps.sql, h.caseId, actor.organisationId),
		waiting: await waitEntryOfHandover(deps.sql, h.id, amsterdamDay(deps.clock.now())),
		today: amsterdamDay(deps.clock.now()),
		now: deps.clock.now(),
		lastEventId: last
	};
};

export const actions: Actions = {
	antwoorden: (event) => {
		const actor = requirePartnerWorker(event);
		return formAction(event.request, {
			form: 'answer',
			schema: answerSchema,
			invalid: 'Controleer uw antwoord.',
			run: (data) => answerHandover(domainDeps(), actor, event.params.id, data),
			done: (answered, data) => {
				// a decline ends the organisation's access to the case: to the inbox, which confirms it
				if (data.answer === 'decline') redirect(303, '/overdrachten?afgewezen=1');
				return confirmHandover('U heeft de overdracht geaccepteerd. Plan nu samen met Veilig Thuis het contactmoment.', answered);
			}
		});
	},
	plannen: (event) => planAction(requirePartnerWorker(event), event.request),
	bevestigen: (event) => confirmAction(requirePartnerWorker(event), event.request),
	zorgGestart: (event) => careStartAction(requirePartnerWorker(event), event.request)
};
