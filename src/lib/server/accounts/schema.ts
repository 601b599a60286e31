import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';
import { emailAddress } from '../auth/schema.ts';
import { freeText } from '../validation/text.ts';

const organisationId = z.uuid({ error: 'Kies een organisatie uit de lijst.' });
const userId = z.uuid({ error: 'Deze gebruiker bestaat niet (meer).' });
const roles = z
	.array(z.enum(ROLES, { error: 'Kies alleen rollen uit de lijst.' }), { error: 'Kies ten minste één rol.' })
	.min(1, { error: 'Kies ten minste één rol.' })
	.max(ROLES.length)
	.transform((list) => [...new Set(list)].sort());

/** Inviting a colleague: name, address and roles in the organisation the page is about. */
export const inviteSchema = z.object({
	organisationId,
	name: freeText({ label: 'de naam', max: 120, required: 'Vul de naam van uw collega in.' }),
	email: emailAddress('Vul het e-mailadres van uw collega in.'),
	roles
});
export type InviteInput = z.output<typeof inviteSchema>;

/** The roles a person has in one organisation. */
export const rolesSchema = z.object({ organisationId, userId, roles });
export type RolesInput = z.output<typeof rolesSchema>;

/** One person in one organisation (deactivate, reactivate, reset the second factor, send the invitation again). */
export const personSchema = z.object({ organisationId, userId });
export type PersonInput = z.output<typeof personSchema>;

/** Which organisation's people a page shows (?organisatie=…, Veilig Thuis's beheerders only). */
export const organisationParamSchema = organisationId.optional();

/** The notification e-mail choice under Mijn account. */
export const emailPreferenceSchema = z.object({
	preference: z.enum(['off', 'immediate', 'digest'], { error: 'Kies een van de drie mogelijkheden.' })
});
