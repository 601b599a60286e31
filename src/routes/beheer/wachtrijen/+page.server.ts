import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requireBeheerder } from '$lib/server/auth/guards';
import { failFrom, forbidden } from '$lib/server/http';
import { ForbiddenError } from '$lib/server/errors';
import { queueOverview, retryFailedJob } from '$lib/server/status/queue-admin';

const retrySchema = z.object({
	queue: z.string().min(1).max(100),
	jobId: z.string().min(1).max(200)
});

export const load: PageServerLoad = async (event) => {
	const actor = requireBeheerder(event);
	try {
		return { queues: await queueOverview({ sql: db() }, actor) };
	} catch (e) {
		if (e instanceof ForbiddenError) forbidden(e.message, 'role');
		throw e;
	}
};

export const actions: Actions = {
	opnieuw: async (event) => {
		const actor = requireBeheerder(event);
		const form = await event.request.formData();
		const parsed = retrySchema.safeParse({ queue: form.get('queue'), jobId: form.get('jobId') });
		if (!parsed.success) return fail(400, { message: 'Kies een mislukte taak om opnieuw te proberen.', fields: {} });
		try {
			await retryFailedJob({ sql: db() }, actor, parsed.data.queue, parsed.data.jobId);
		} catch (e) {
			return failFrom(e);
		}
		return { retried: parsed.data, message: `Taak ${parsed.data.jobId} van wachtrij ${parsed.data.queue} staat weer in de wachtrij.` };
	}
};
