import { fail } from '@sveltejs/kit';
import type { Actor } from '../actor.ts';
import { domainDeps } from '../services.ts';
import { failFrom } from '../http.ts';
import { fieldErrors } from '../auth/schema.ts';
import { confirmWarmHandover, planWarmHandover } from './service.ts';
import { warmPlanSchema } from './schema.ts';
import { z } from 'zod';

const handoverRef = z.object({ handoverId: z.uuid({ error: 'Deze overdracht bestaat niet.' }) });

/**
 * Form action shared by VT and partner pages: plan the warm handover's contact moment (handoverId
 * in the form). A failure returns what was sent, so the form (and the confirmation of an unusual
 * moment) shows it again.
 */
export async function planAction(actor: Actor, request: Request) {
	const values = Object.fromEntries([...(await request.formData()).entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
	const parsed = warmPlanSchema.extend(handoverRef.shape).safeParse(values);
	if (!parsed.success) return fail(400, { warm: true, message: 'Controleer het contactmoment.', fields: fieldErrors(parsed.error), values });
	try {
		await planWarmHandover(domainDeps(), actor, parsed.data.handoverId, parsed.data);
	} catch (e) {
		const failure = failFrom(e);
		return fail(failure.status, { ...failure.data, warm: true, values });
	}
	return { warm: true, saved: 'Het contactmoment is opgeslagen.' };
}

/** Form action shared by VT and partner pages: confirm the contact moment took place (handoverId in the form). */
export async function confirmAction(actor: Actor, request: Request) {
	const parsed = handoverRef.safeParse(Object.fromEntries(await request.formData()));
	if (!parsed.success) return fail(400, { warm: true, message: parsed.error.issues[0].message, fields: {} });
	try {
		const { completed } = await confirmWarmHandover(domainDeps(), actor, parsed.data.handoverId);
		return { warm: true, saved: completed ? 'De warme overdracht is afgerond.' : 'Uw bevestiging is vastgelegd. Nu wacht het op de andere kant.' };
	} catch (e) {
		const failure = failFrom(e);
		return fail(failure.status, { ...failure.data, warm: true });
	}
}
