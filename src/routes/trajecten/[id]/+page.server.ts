import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { loadOr403 } from '$lib/server/http';
import { formAction } from '$lib/server/forms';
import { amsterdamDay } from '$lib/server/workdays';
import { workersOf } from '$lib/server/trajectories/queries';
import {
	addCondition,
	addStep,
	closeVtPart,
	confirmContinuation,
	editCondition,
	editStep,
	setConditionStatus,
	setPartnerResponsible,
	setStepDone,
	viewTrajectory
} from '$lib/server/trajectories/service';
import {
	conditionEditSchema,
	conditionSchema,
	conditionStatusSchema,
	partnerResponsibleSchema,
	stepDoneSchema,
	stepEditSchema,
	stepSchema
} from '$lib/server/trajectories/schema';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { trajectory, side, blockers } = await loadOr403(() => viewTrajectory(deps, actor, event.params.id));
	return {
		trajectory,
		side,
		blockers,
		partnerWorkers: side === 'partner' && !trajectory.partnerResponsibleId ? await workersOf(deps.sql, trajectory.partnerOrgId) : [],
		today: amsterdamDay(deps.clock.now()),
		lastEventId: last
	};
};

const INVALID = 'Controleer de invoer.';

export const actions: Actions = {
	voorwaarde: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'voorwaarde',
			schema: conditionSchema,
			invalid: INVALID,
			run: (d) => addCondition(domainDeps(), actor, event.params.id, d),
			done: 'De veiligheidsvoorwaarde is toegevoegd.'
		});
	},
	voorwaardeStatus: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'voorwaardeStatus',
			schema: conditionStatusSchema,
			invalid: INVALID,
			run: (d) => setConditionStatus(domainDeps(), actor, event.params.id, d.conditionId, d.status),
			done: 'De status is opgeslagen.'
		});
	},
	voorwaardeWijzigen: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'voorwaardeWijzigen',
			schema: conditionEditSchema,
			invalid: INVALID,
			run: ({ conditionId, ...d }) => editCondition(domainDeps(), actor, event.params.id, conditionId, d),
			done: 'De veiligheidsvoorwaarde is gewijzigd.'
		});
	},
	stap: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'stap',
			schema: stepSchema,
			invalid: INVALID,
			run: (d) => addStep(domainDeps(), actor, event.params.id, d),
			done: 'De vervolgstap is toegevoegd.'
		});
	},
	stapGedaan: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'stapGedaan',
			schema: stepDoneSchema,
			invalid: INVALID,
			run: (d) => setStepDone(domainDeps(), actor, event.params.id, d.stepId, d.done),
			done: 'De vervolgstap is bijgewerkt.'
		});
	},
	stapWijzigen: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'stapWijzigen',
			schema: stepEditSchema,
			invalid: INVALID,
			run: ({ stepId, ...d }) => editStep(domainDeps(), actor, event.params.id, stepId, d),
			done: 'De vervolgstap is gewijzigd.'
		});
	},
	verantwoordelijke: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'verantwoordelijke',
			schema: partnerResponsibleSchema,
			invalid: INVALID,
			run: (d) => setPartnerResponsible(domainDeps(), actor, event.params.id, d.partnerResponsibleId),
			done: 'De verantwoordelijke medewerker is vastgelegd.'
		});
	},
	voortzetten: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'voortzetten',
			schema: z.object({}),
			invalid: INVALID,
			run: () => confirmContinuation(domainDeps(), actor, event.params.id),
			done: 'U heeft bevestigd dat u de ondersteuning voortzet.'
		});
	},
	afsluiten: (event) => {
		const actor = requireActor(event);
		return formAction(event.request, {
			form: 'afsluiten',
			schema: z.object({}),
			invalid: INVALID,
			run: () => closeVtPart(domainDeps(), actor, event.params.id),
			done: 'Het deel van Veilig Thuis is afgesloten.'
		});
	}
};
