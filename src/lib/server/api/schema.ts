import { z } from 'zod';
import { freeText } from '../validation/text.ts';
import { API_SCOPES } from './scopes.ts';

/** A new API token as a beheerder enters it on the token page. */
export const tokenCreateSchema = z.object({
	name: freeText({ label: 'de naam', max: 80, required: 'Geef het token een naam, bijvoorbeeld de naam van uw registratiesysteem.' }),
	scopes: z
		.array(z.enum(API_SCOPES, { error: 'Kies alleen bevoegdheden uit de lijst.' }))
		.min(1, { error: 'Kies ten minste één bevoegdheid.' })
		.transform((scopes) => [...new Set(scopes)])
});
export type TokenCreateInput = z.output<typeof tokenCreateSchema>;

/** The token to revoke (form field). */
export const tokenRevokeSchema = z.object({ id: z.uuid({ error: 'Kies een token uit de lijst.' }) });

/** ?status= of GET /api/v1/handovers. */
export const HANDOVER_LIST_STATUSES = ['open', 'accepted', 'completed'] as const;
export const handoverListQuerySchema = z.object({
	status: z.enum(HANDOVER_LIST_STATUSES, { error: 'Kies open, accepted of completed.' }).default('open')
});

/** The {id} in a handover path; anything else is answered like an unknown handover. */
export const handoverIdSchema = z.uuid();

/** The body of POST …/accept: nothing, or an empty JSON object. */
export const acceptBodySchema = z.strictObject({}, { error: 'Stuur bij accepteren geen velden mee (of een leeg object {}).' });

/** The fields POST …/decline may carry; answerSchema then checks them (reason, note when required). */
export const declineBodySchema = z.strictObject({ reason: z.unknown(), note: z.unknown() }).partial();
