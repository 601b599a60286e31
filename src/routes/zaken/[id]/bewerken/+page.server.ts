import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { updateCase, viewCaseAsVt } from '$lib/server/cases/service';
import { caseInputSchema } from '$lib/server/cases/schema';
import { formAction } from '$lib/server/forms';
import { municipalityOptions, partnerOptions } from '$lib/server/cases/options';
import { loadOr403 } from '$lib/server/http';
import type { CaseFormValues } from '$lib/case-form';

export const load: PageServerLoad = async (event) => {
	const actor = requireVtWorker(event);
	const deps = domainDeps();
	const c = await loadOr403(() => viewCaseAsVt(deps, actor, event.params.id));
	const values: CaseFormValues = {
		municipalityId: c.municipalityId,
		reportDate: c.reportDate,
		urgent: c.urgent,
		childrenInvolved: c.childrenInvolved,
		elderlyInvolved: c.elderlyInvolved,
		helpPresent: c.helpPresent,
		summary: c.summary,
		safetyAgreements: c.safetyAgreements,
		monitoringBy: c.monitoringBy,
		exception: !!c.involvedPartnerId,
		involvedPartnerId: c.involvedPartnerId ?? '',
		involvedPartnerReason: c.involvedPartnerReason ?? '',
		persons: c.persons.map((p) => ({ role: p.role, label: p.label, spokenTo: p.spokenTo, spokenOn: p.spokenOn ?? '' })),
		version: c.version
	};
	return { id: c.id, reference: c.reference, values, municipalities: municipalityOptions(), partners: await partnerOptions(deps.sql) };
};

export const actions: Actions = {
	default: (event) => {
		const actor = requireVtWorker(event);
		return formAction(event.request, {
			form: 'case',
			schema: caseInputSchema,
			invalid: 'Controleer de gemarkeerde velden.',
			run: (input) => updateCase(domainDeps(), actor, event.params.id, input),
			done: () => redirect(303, `/zaken/${event.params.id}?bijgewerkt=1`)
		});
	}
};
