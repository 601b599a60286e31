import type { Job } from 'bullmq';
import { z } from 'zod';
import { enqueueDeliveries, reconcileDeliveries, SEND_JOB } from '../src/lib/server/email/deliveries.ts';
import { DIGEST_JOB, planDigests } from '../src/lib/server/email/digest.ts';
import { sendDelivery, type SendDeps } from '../src/lib/server/email/send.ts';

const sendJob = z.object({ deliveryId: z.string().regex(/^\d{1,18}$/) });

/** A job of the email queue that is neither a send, the digest nor reconciliation. */
export class UnknownEmailJobError extends Error {
	override name = 'UnknownEmailJobError';
}

/**
 * The processor of the 'email' queue: 'send' sends one recorded e-mail (data: its id only);
 * 'digest' plans and queues the 08:00 overviews; 'reconcile' queues deliveries whose job was lost.
 */
export function emailProcessor(deps: SendDeps) {
	return async (job: Job) => {
		if (job.name === SEND_JOB) {
			const { deliveryId } = sendJob.parse(job.data);
			return sendDelivery(deps, deliveryId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
		}
		if (job.name === DIGEST_JOB) {
			const plan = await planDigests(deps);
			if ('planned' in plan) await enqueueDeliveries(plan.planned);
			return 'planned' in plan ? { day: plan.day, planned: plan.planned.length } : plan;
		}
		if (job.name === 'reconcile') return { queued: await reconcileDeliveries(deps) };
		throw new UnknownEmailJobError(`unknown job "${job.name}" on the email queue`);
	};
}
