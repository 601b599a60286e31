import { z } from 'zod';
import { ORGANISATION_KINDS } from '../auth/roles.ts';
import { freeText } from '../validation/text.ts';

/** The kinds a Veilig Thuis beheerder can give a new or edited organisation (there is one Veilig Thuis). */
export const EDITABLE_KINDS = ORGANISATION_KINDS.filter((k) => k !== 'vt');

const ids = (message: string, pattern: RegExp) =>
	z
		.array(z.string().regex(pattern, { error: message }), { error: message })
		.max(50)
		.transform((list) => [...new Set(list)].sort());

/** An organisation as the form on /beheer/organisaties enters it. */
export const organisationSchema = z
	.object({
		name: freeText({ label: 'de naam', max: 120, required: 'Vul de naam van de organisatie in.' }),
		kind: z.enum(EDITABLE_KINDS, { error: 'Kies het soort organisatie.' }),
		subregionId: z
			.string()
			.regex(/^[a-z-]{1,40}$/, { error: 'Kies een subregio uit de lijst.' })
			.optional()
			.or(z.literal('').transform(() => undefined)),
		municipalityIds: ids('Kies gemeenten uit de lijst.', /^GM\d{4}$/),
		careTypeIds: ids('Kies zorgvormen uit de lijst.', /^[a-z0-9-]{1,40}$/)
	})
	.superRefine((value, ctx) => {
		if (value.kind === 'gemeente' && value.municipalityIds.length !== 1) {
			ctx.addIssue({
				code: 'custom',
				path: ['municipalityIds'],
				message: 'Kies voor een gemeente precies één gemeente: die van de organisatie zelf.'
			});
		}
		if (value.kind !== 'consortium' && value.careTypeIds.length) {
			ctx.addIssue({ code: 'custom', path: ['careTypeIds'], message: 'Alleen consortia bieden zorgvormen aan.' });
		}
	});
export type OrganisationInput = z.output<typeof organisationSchema>;

/** An organisation's id from the address or a form. */
export const organisationIdSchema = z.uuid({ error: 'Deze organisatie bestaat niet.' });
