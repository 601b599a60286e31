import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { domainDeps } from '../services.ts';
import { formAction } from '../forms.ts';
import { confirmWarmHandover, planWarmHandover } from './service.ts';
import { warmPlanSchema } from './schema.ts';
import { readHandover } from './queries.ts';
import { confirmHandover } from '../../confirmation.ts';

const handoverRef = z.object({ handoverId: z.uuid({ error: 'Deze overdracht bestaat niet.' }) });

/** The success message, stamped with the handover's state after the change (it disappears once that moves on). */
async function confirmed(saved: string, handoverId: string) {
	const h = await readHandover(domainDeps().sql, handoverId);
	return h ? confirmHandover(saved, h) : { saved };
}

/**
 * Form action shared by VT and partner pages (form "warm"): plan the warm handover's contact
 * moment (handoverId in the form). A failure returns what was sent, so the form (and the
 * confirmation of an unusual moment) shows it again.
 */
export function planAction(actor: Actor, request: Request) {
	return formAction(request, {
		form: 'warm',
		schema: warmPlanSchema.extend(handoverRef.shape),
		invalid: 'Controleer het contactmoment.',
		run: (data) => planWarmHandover(domainDeps(), actor, data.handoverId, data),
		done: (_, data) => confirmed('Het contactmoment is opgeslagen.', data.handoverId)
	});
}

/** Form action shared by VT and partner pages (form "warmConfirm"): confirm the contact moment took place (handoverId in the form). */
export function confirmAction(actor: Actor, request: Request) {
	return formAction(request, {
		form: 'warmConfirm',
		schema: handoverRef,
		run: (data) => confirmWarmHandover(domainDeps(), actor, data.handoverId),
		done: ({ completed }, data) =>
			confirmed(
				completed ? 'De warme overdracht is afgerond.' : 'Uw bevestiging is vastgelegd. Nu wacht het op de andere kant.',
				data.handoverId
			)
	});
}
