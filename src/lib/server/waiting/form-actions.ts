import type { Actor } from '../actor.ts';
import { domainDeps } from '../services.ts';
import { formAction } from '../forms.ts';
import { formatDay } from '../../labels.ts';
import { markCareStarted } from './entries.ts';
import { careStartSchema } from './schema.ts';

/**
 * Form action shared by /wachttijden and the consortium's handover page (form "careStart"): "zorg
 * gestart" (waitEntryId, careStartedOn). The success names the entry (waitEntryId), a failure sends it back in its values.
 */
export function careStartAction(actor: Actor, request: Request) {
	return formAction(request, {
		form: 'careStart',
		schema: careStartSchema,
		invalid: 'Controleer de startdatum.',
		run: (data) => markCareStarted(domainDeps(), actor, data),
		done: ({ cancelledCheckins }, data) => {
			const checkins = cancelledCheckins
				? ` ${cancelledCheckins === 1 ? 'De geplande veiligheidscheck is' : `${cancelledCheckins} geplande veiligheidschecks zijn`} vervallen.`
				: '';
			return {
				saved: `De start van de zorg op ${formatDay(data.careStartedOn)} is vastgelegd; het gezin staat niet meer op de wachtlijst.${checkins}`,
				waitEntryId: data.waitEntryId
			};
		}
	});
}
