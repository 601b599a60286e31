import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireBeheerder } from '$lib/server/auth/guards';
import { domainDeps } from '$lib/server/services';
import { db } from '$lib/server/db/client';
import { failFrom, loadOr403 } from '$lib/server/http';
import { issuesByPath } from '$lib/server/forms';
import { inviteSchema, organisationParamSchema, rolesFromForm } from '$lib/server/accounts/schema';
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
		const form = await event.request.formData();
		const values = {
			organisationId: String(form.get('organisationId') ?? ''),
			name: String(form.get('name') ?? ''),
			email: String(form.get('email') ?? ''),
			roles: rolesFromForm(form)
		};
		const parsed = inviteSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, {
				values,
				message: 'De uitnodiging is niet verstuurd.',
				fields: issuesByPath(parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(0, 1) })))
			});
		try {
			const result = await invitePerson(domainDeps(), actor, parsed.data);
			return {
				invited: { name: parsed.data.name, email: parsed.data.email, existing: result.existing, sent: result.sent, userId: result.userId }
			};
		} catch (e) {
			const failure = failFrom(e);
			return fail(failure.status, { values, message: failure.data.message, fields: failure.data.fields });
		}
	}
};
