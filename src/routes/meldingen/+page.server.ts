import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requestOrigin, requireUser } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/auth/service';
import { markRead, readNotifications } from '$lib/server/notifications/service';
import { markReadSchema } from '$lib/server/notifications/schema';

export const load: PageServerLoad = async (event) => {
	const auth = requireUser(event);
	return { list: await readNotifications(db(), { ...actorOf(auth, requestOrigin(event)), userId: auth.user.id }, 200, 'pagina') };
};

export const actions: Actions = {
	gelezen: async (event) => {
		const auth = requireUser(event);
		const parsed = markReadSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const unread = await markRead(db(), auth.user.id, parsed.data.id, new Date());
		return { unread };
	},
	allesGelezen: async (event) => {
		const auth = requireUser(event);
		const unread = await markRead(db(), auth.user.id, null, new Date());
		return { unread, message: 'Alle meldingen zijn als gelezen gemarkeerd.' };
	}
};
