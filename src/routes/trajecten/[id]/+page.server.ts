import { fail } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { requireActor } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { fieldErrors } from '$lib/server/auth/schema';
import { failFrom, loadOr403 } from '$lib/server/http';
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

/** Parses the form with the schema and runs the change; the form name tells the page where to show errors. */
async function run<S extends z.ZodType>(
	event: RequestEvent,
	form: string,
	schema: S,
	apply: (data: z.output<S>) => Promise<void>,
	saved: string
) {
	requireActor(event);
	const values = Object.fromEntries(await event.request.formData());
	const parsed = schema.safeParse(values);
	if (!parsed.success) return fail(400, { form, message: 'Controleer de invoer.', fields: fieldErrors(parsed.error), values });
	try {
		await apply(parsed.data);
	} catch (e) {
		const failure = failFrom(e);
		return fail(failure.status, { ...failure.data, form, values });
	}
	return { form, saved };
}

export const actions: Actions = {
	voorwaarde: (event) =>
		run(
			event,
			'voorwaarde',
			conditionSchema,
			(d) => addCondition(domainDeps(), requireActor(event), event.params.id, d),
			'De veiligheidsvoorwaarde is toegevoegd.'
		),
	voorwaardeStatus: (event) =>
		run(
			event,
			'voorwaardeStatus',
			conditionStatusSchema,
			(d) => setConditionStatus(domainDeps(), requireActor(event), event.params.id, d.conditionId, d.status),
			'De status is opgeslagen.'
		),
	voorwaardeWijzigen: (event) =>
		run(
			event,
			'voorwaardeWijzigen',
			conditionEditSchema,
			({ conditionId, ...d }) => editCondition(domainDeps(), requireActor(event), event.params.id, conditionId, d),
			'De veiligheidsvoorwaarde is gewijzigd.'
		),
	stap: (event) =>
		run(event, 'stap', stepSchema, (d) => addStep(domainDeps(), requireActor(event), event.params.id, d), 'De vervolgstap is toegevoegd.'),
	stapGedaan: (event) =>
		run(
			event,
			'stapGedaan',
			stepDoneSchema,
			(d) => setStepDone(domainDeps(), requireActor(event), event.params.id, d.stepId, d.done),
			'De vervolgstap is bijgewerkt.'
		),
	stapWijzigen: (event) =>
		run(
			event,
			'stapWijzigen',
			stepEditSchema,
			({ stepId, ...d }) => editStep(domainDeps(), requireActor(event), event.params.id, stepId, d),
			'De vervolgstap is gewijzigd.'
		),
	verantwoordelijke: (event) =>
		run(
			event,
			'verantwoordelijke',
			partnerResponsibleSchema,
			(d) => setPartnerResponsible(domainDeps(), requireActor(event), event.params.id, d.partnerResponsibleId),
			'De verantwoordelijke medewerker is vastgelegd.'
		),
	voortzetten: (event) =>
		run(
			event,
			'voortzetten',
			z.object({}),
			() => confirmContinuation(domainDeps(), requireActor(event), event.params.id),
			'U heeft bevestigd dat u de ondersteuning voortzet.'
		),
	afsluiten: (event) =>
		run(
			event,
			'afsluiten',
			z.object({}),
			() => closeVtPart(domainDeps(), requireActor(event), event.params.id),
			'Het deel van Veilig Thuis is afgesloten.'
		)
};
