import { fail } from '@sveltejs/kit';
import type { Actor } from '../actor.ts';
import { domainDeps } from '../services.ts';
import { failFrom } from '../http.ts';
import { issuesByPath } from '../forms.ts';
import { formatDay } from '../../labels.ts';
import { markCareStarted } from './entries.ts';
import { careStartSchema } from './schema.ts';

/** Form action shared by /wachttijden and the consortium's handover page: "zorg gestart" (waitEntryId, careStartedOn). */
export async function careStartAction(actor: Actor, request: Request) {
	const form = Object.fromEntries(await request.formData());
	const waitEntryId = String(form.waitEntryId ?? '');
	const parsed = careStartSchema.safeParse(form);
	if (!parsed.success)
		return fail(400, { careStart: waitEntryId, message: 'Controleer de startdatum.', fields: issuesByPath(parsed.error.issues) });
	try {
		const { cancelledCheckins } = await markCareStarted(domainDeps(), actor, parsed.data);
		const checkins = cancelledCheckins
			? ` ${cancelledCheckins === 1 ? 'De geplande veiligheidscheck is' : `${cancelledCheckins} geplande veiligheidschecks zijn`} vervallen.`
			: '';
		return {
			careStart: waitEntryId,
			careSaved: `De start van de zorg op ${formatDay(parsed.data.careStartedOn)} is vastgelegd; het gezin staat niet meer op de wachtlijst.${checkins}`
		};
	} catch (e) {
		const failure = failFrom(e);
		return fail(failure.status, { ...failure.data, careStart: waitEntryId });
	}
}
