import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireVtWorker } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { updateCase, viewCaseAsVt } from '$lib/server/cases/service';
import { parseCaseForm } from '$lib/server/cases/form';
import { municipalityOptions, partnerOptions } from '$lib/server/cases/options';
import { failFrom, loadOr403 } from '$lib/server/http';
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
	default: async (event) => {
		const actor = requireVtWorker(event);
		const parsed = await parseCaseForm(event.request);
		if (!parsed.ok) return fail(400, { values: parsed.values, fields: parsed.fields, message: 'Controleer de gemarkeerde velden.' });
		try {
			await updateCase(domainDeps(), actor, event.params.id, parsed.input);
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { ...failure.data, values: parsed.values });
		}
		redirect(303, `/zaken/${event.params.id}`);
	}
};
