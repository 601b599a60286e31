import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requestOrigin, requireRole } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/auth/service';
import { issuesByPath } from '$lib/server/forms';
import { careTypes } from '$lib/server/waiting/queries';
import { normName, normsSchema } from '$lib/server/waiting/schema';
import { updateCareTypeNorms } from '$lib/server/waiting/service';
import { forbidden } from '$lib/server/http';

/** The norms are Veilig Thuis's to set (like the termijnen): its beheerders edit, other beheerders read. */
const canEdit = (kind: string) => kind === 'vt';

export const load: PageServerLoad = async (event) => {
	const auth = requireRole(event, ['beheerder']);
	return { careTypes: await careTypes(db()), editable: canEdit(auth.active.kind) };
};

export const actions: Actions = {
	default: async (event) => {
		const auth = requireRole(event, ['beheerder']);
		if (!canEdit(auth.active.kind)) forbidden('Alleen beheerders van Veilig Thuis wijzigen de normen.', 'role');
		const types = await careTypes(db());
		const form = await event.request.formData();
		const values = Object.fromEntries(types.map((t) => [normName(t.id), String(form.get(normName(t.id)) ?? '')]));
		const parsed = normsSchema(types).safeParse(values);
		if (!parsed.success) return fail(400, { errors: issuesByPath(parsed.error.issues), values });
		const norms = Object.fromEntries(types.map((t) => [t.id, parsed.data[normName(t.id)] as number]));
		const { changed } = await updateCareTypeNorms(db(), actorOf(auth, requestOrigin(event)), norms, new Date());
		return {
			message: changed
				? `${changed === 1 ? 'De norm is' : `${changed} normen zijn`} opgeslagen. Gezinnen die al wachten, worden vanaf nu tegen de nieuwe norm gemeten.`
				: 'Er was niets gewijzigd.'
		};
	}
};
