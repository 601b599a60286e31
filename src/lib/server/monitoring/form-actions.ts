import { redirect } from '@sveltejs/kit';
import type { Actor } from '../actor.ts';
import { domainDeps } from '../services.ts';
import { formAction } from '../forms.ts';
import { closeCase, reopenCase } from './service.ts';
import { closeSchema, reopenSchema } from './schema.ts';

/** Form action of the case page (form "closure"): close the case and plan the monitoring. */
export function closeAction(actor: Actor, caseId: string, request: Request) {
	return formAction(request, {
		form: 'closure',
		schema: closeSchema,
		invalid: 'Controleer de gemarkeerde velden.',
		run: (data) => closeCase(domainDeps(), actor, caseId, data),
		// the melder still has to be informed: on to the drafted afsluitbrief
		done: (_, data) => {
			if (data.melder === 'letter') redirect(303, `/zaken/${caseId}/afsluitbrief?afgesloten=1`);
			return 'De zaak is afgesloten en de monitoring is gepland.';
		}
	});
}

/** Form action of the case and monitoring pages (form "reopen"): reopen a closed case with a reason. */
export function reopenAction(actor: Actor, caseId: string, request: Request) {
	return formAction(request, {
		form: 'reopen',
		schema: reopenSchema,
		invalid: 'Leg vast waarom de zaak weer wordt geopend.',
		run: (data) => reopenCase(domainDeps(), actor, caseId, data),
		done: 'De zaak is heropend en staat weer in de werkvoorraad.'
	});
}
