import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authDeps } from '$lib/server/services';
import { signOut } from '$lib/server/auth/service';
import { requestOrigin } from '$lib/server/auth/guards';
import { sessionCookieName } from '$lib/server/auth/cookie';
import { closeSessionSockets } from '$lib/server/realtime/sessions';
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';

export const load: PageServerLoad = () => redirect(303, '/');

async function end(event: RequestEvent, everywhere: boolean): Promise<never> {
	const auth = event.locals.auth;
	if (auth) {
		const ended = await signOut(authDeps(), auth, everywhere, requestOrigin(event));
		closeSessionSockets(ended, 'ended');
	}
	event.cookies.delete(sessionCookieName(), { path: '/' });
	redirect(303, '/inloggen?afgemeld=1');
}

const signOutSchema = z.object({ overal: z.literal('ja').optional() });

export const actions: Actions = {
	default: async (event) => {
		const parsed = signOutSchema.safeParse(Object.fromEntries(await event.request.formData()));
		return end(event, parsed.success && parsed.data.overal === 'ja');
	}
};
