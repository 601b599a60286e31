import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { lastEventId } from '$lib/server/events/log';
import { parseListQuery } from '$lib/server/lists/query';
import { listWorkQueue, workQueueQuerySchema } from '$lib/server/cases/list';
import { municipalityOptions } from '$lib/server/cases/options';
import { assignableWorkers, mayReassign, reassignCases, reassignSchema, responsibleOptions } from '$lib/server/cases/responsible';
import { formAction } from '$lib/server/forms';

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
	toewijzen: (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'reassign',
			schema: reassignSchema,
			lists: ['caseIds'],
			run: (data) => reassignCases(domainDeps(), actor, data),
			done: (changed, data) => {
				const n = data.caseIds.length;
				if (changed === 0) return 'Er is niets gewijzigd: de medewerker was al verantwoordelijk.';
				const already = n - changed;
				return `${changed === 1 ? '1 zaak is' : `${changed} zaken zijn`} toegewezen${already ? ` (${already} had${already === 1 ? '' : 'den'} deze medewerker al)` : ''}.`;
			}
		});
	}
};
