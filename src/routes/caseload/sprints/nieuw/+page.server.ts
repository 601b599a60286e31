import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireActor } from '$lib/server/auth/guards';
import { forbidden } from '$lib/server/http';
import { failureFrom, formFailure, formFields, readForm } from '$lib/server/forms';
import { domainDeps } from '$lib/server/services';
import { ForbiddenError } from '$lib/server/errors';
import { planSprint, requireTeamCoordinator } from '$lib/server/caseload/service';
import { teamMembers } from '$lib/server/caseload/queries';
import { sprintFormValues, sprintSchema } from '$lib/server/caseload/schema';
import { subregions } from '$lib/server/tables/queries';
import { municipalityOptions } from '$lib/server/cases/options';
import { amsterdamDay } from '$lib/server/workdays';

function coordinator(event: RequestEvent) {
	const actor = requireActor(event);
	try {
		requireTeamCoordinator(actor);
	} catch (e) {
		if (e instanceof ForbiddenError) forbidden(e.message, 'role');
		throw e;
	}
	return actor;
}

export const load: PageServerLoad = async (event) => {
	const actor = coordinator(event);
	const { sql, clock } = domainDeps();
	const today = amsterdamDay(clock.now());
	return {
		members: await teamMembers(sql, actor.organisationId),
		subregions: await subregions(sql),
		municipalities: municipalityOptions(),
		defaults: { startsOn: today, endsOn: new Date(Date.parse(today) + 4 * 86_400_000).toISOString().slice(0, 10) }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = coordinator(event);
		// sprintFormValues reads the checkbox and the participants list, so the form is read here rather than by formAction.
		const { form, values } = await readForm(event.request);
		const parsed = sprintSchema.safeParse(sprintFormValues(form));
		if (!parsed.success) {
			const fields = formFields(parsed.error.issues);
			return formFailure(400, 'sprint', Object.values(fields)[0] ?? 'Controleer het formulier.', fields, values);
		}
		let id: string;
		try {
			id = await planSprint(domainDeps(), actor, parsed.data);
		} catch (e) {
			return failureFrom(e, 'sprint', values);
		}
		redirect(303, `/caseload/sprints/${id}?gepland`);
	}
};
