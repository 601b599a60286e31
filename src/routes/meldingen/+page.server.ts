import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requestOrigin, requireUser } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/auth/service';
import { markRead, readNotificationPage } from '$lib/server/notifications/service';
import { markReadSchema } from '$lib/server/notifications/schema';
import { notificationListQuerySchema } from '$lib/server/notifications/list';
import { auditedFilter, PAGE_SIZE, pageOrFirst, parseListQuery } from '$lib/server/lists/query';

export const load: PageServerLoad = async (event) => {
	const auth = requireUser(event);
	const actor = { ...actorOf(auth, requestOrigin(event)), userId: auth.user.id };
	const { query, filter } = parseListQuery(notificationListQuerySchema, event.url.searchParams);
	const list = await pageOrFirst(query.cursor, filter, (cursor) =>
		readNotificationPage(db(), actor, query, { cursor, limit: PAGE_SIZE }, auditedFilter(filter))
	);
	return { list: { items: list.rows, unread: list.unread, next: list.next, total: list.total }, filter };
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
