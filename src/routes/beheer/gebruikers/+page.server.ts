import type { Actions, PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { db } from '$lib/server/db/client';
import { loadOr403 } from '$lib/server/http';
import { formAction } from '$lib/server/forms';
import { inviteSchema, organisationParamSchema } from '$lib/server/accounts/schema';
import { invitePerson } from '$lib/server/accounts/service';
import { listAccounts, organisationChoices, organisationToManage } from '$lib/server/accounts/queries';
import { mailEnabled } from '$lib/server/email/transport';

export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
	const requested = organisationParamSchema.safeParse(event.url.searchParams.get('organisatie') ?? undefined);
	return loadOr403(async () => {
		const organisation = await organisationToManage(db(), actor, requested.success ? requested.data : undefined);
		return {
			organisation,
			accounts: await listAccounts(db(), actor, organisation.id),
			choices: await organisationChoices(db(), actor),
			mailEnabled: mailEnabled()
		};
	});
};

export const actions: Actions = {
	uitnodigen: async (event) => {
		const actor = requireBeheerder(event);
		return formAction(event.request, {
			form: 'uitnodigen',
			schema: inviteSchema,
			lists: ['roles'],
			invalid: 'De uitnodiging is niet verstuurd.',
			run: (data) => invitePerson(domainDeps(), actor, data),
			done: (result, data) => ({
				saved: 'De collega is uitgenodigd.',
				invited: { name: data.name, email: data.email, existing: result.existing, sent: result.sent, userId: result.userId }
			})
		});
	}
};
