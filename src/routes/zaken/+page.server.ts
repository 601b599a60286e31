import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { parseListQuery } from '$lib/server/lists/query';
import { listWorkQueue, workQueueQuerySchema } from '$lib/server/cases/list';
import { municipalityOptions } from '$lib/server/cases/options';
import {
	assignableWorkers,
	mayReassign,
	reassignCases,
	reassignForm,
	reassignSchema,
	responsibleOptions
} from '$lib/server/cases/responsible';
import { fieldErrors } from '$lib/server/auth/schema';
import { failFrom } from '$lib/server/http';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const last = await lastEventId(deps.sql);
	const { query, filter } = parseListQuery(workQueueQuerySchema, event.url.searchParams);
	const { rows, next, total, overdue, today, now, handovers } = await listWorkQueue(deps, actor, query, filter);
	const coordinator = mayReassign(actor);
	return {
		rows,
		next,
		total,
		overdue,
		today,
		now,
		handovers,
		filter,
		municipalities: municipalityOptions(),
		responsibles: await responsibleOptions(deps.sql, actor.organisationId),
		// a coordinator gives a selection of cases to a medewerker (rule 6)
		assignable: coordinator ? await assignableWorkers(deps.sql, actor.organisationId) : [],
		mayReassign: coordinator,
		lastEventId: last
	};
};

export const actions: Actions = {
	toewijzen: async (event) => {
		const actor = requireVtWorker(event);
		const parsed = reassignSchema.safeParse(reassignForm(await event.request.formData()));
		if (!parsed.success) return fail(400, { reassign: true, message: parsed.error.issues[0].message, fields: fieldErrors(parsed.error) });
		try {
			const changed = await reassignCases(domainDeps(), actor, parsed.data);
			const n = parsed.data.caseIds.length;
			return {
				reassign: true,
				saved:
					changed === 0
						? 'Er is niets gewijzigd: de medewerker was al verantwoordelijk.'
						: `${changed === 1 ? '1 zaak is' : `${changed} zaken zijn`} toegewezen${changed < n ? ` (${n - changed} had${n - changed === 1 ? '' : 'den'} deze medewerker al)` : ''}.`
			};
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, reassign: true });
		}
	}
};
