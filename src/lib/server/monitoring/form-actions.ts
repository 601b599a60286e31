import { fail, redirect } from '@sveltejs/kit';
import type { Actor } from '../actor.ts';
import { domainDeps } from '../services.ts';
import { failFrom } from '../http.ts';
import { issuesByPath } from '../forms.ts';
import { closeCase, reopenCase } from './service.ts';
import { closeSchema, reopenSchema } from './schema.ts';

/** Form action of the case page: close the case and plan the monitoring (errors come back with `closure: true`). */
export async function closeAction(actor: Actor, caseId: string, request: Request) {
	const values = Object.fromEntries(await request.formData()) as Record<string, string>;
	const parsed = closeSchema.safeParse(values);
	if (!parsed.success)
		return fail(400, { closure: true, message: 'Controleer de gemarkeerde velden.', fields: issuesByPath(parsed.error.issues), values });
	try {
		await closeCase(domainDeps(), actor, caseId, parsed.data);
	} catch (e) {
		const failure = failFrom(e);
		return fail(failure.status, { ...failure.data, closure: true, values });
	}
	// the melder still has to be informed: on to the drafted afsluitbrief
	if (parsed.data.melder === 'letter') redirect(303, `/zaken/${caseId}/afsluitbrief`);
	return { closure: true, saved: 'De zaak is afgesloten en de monitoring is gepland.' };
}

/** Form action of the case and monitoring pages: reopen a closed case with a reason. */
export async function reopenAction(actor: Actor, caseId: string, request: Request) {
	const values = Object.fromEntries(await request.formData()) as Record<string, string>;
	const parsed = reopenSchema.safeParse(values);
	if (!parsed.success)
		return fail(400, {
			reopen: true,
			message: 'Leg vast waarom de zaak weer wordt geopend.',
			fields: issuesByPath(parsed.error.issues),
			values
		});
	try {
		await reopenCase(domainDeps(), actor, caseId, parsed.data);
	} catch (e) {
		const failure = failFrom(e);
		return fail(failure.status, { ...failure.data, reopen: true, values });
	}
	return { reopen: true, saved: 'De zaak is heropend en staat weer in de werkvoorraad.' };
}
