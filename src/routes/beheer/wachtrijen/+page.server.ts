import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db/client';
import { requireBeheerder } from '$lib/server/auth/guards';
import { forbidden } from '$lib/server/http';
import { failureFrom, formFailure, parseForm } from '$lib/server/forms';
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
		const parsed = await parseForm(event.request, { form: 'opnieuw', schema: retrySchema });
		if (!parsed.ok) return formFailure(400, 'opnieuw', 'Kies een mislukte taak om opnieuw te proberen.', {}, parsed.values);
		const { queue, jobId } = parsed.data;
		try {
			await retryFailedJob({ sql: db() }, actor, queue, jobId);
		} catch (e) {
			return failureFrom(e, 'opnieuw', parsed.values);
		}
		return { form: 'opnieuw' as const, saved: `Taak ${jobId} van wachtrij ${queue} staat weer in de wachtrij.`, retried: { queue, jobId } };
	}
};
