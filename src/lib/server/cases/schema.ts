import { z } from 'zod';
import { MUNICIPALITIES } from '../../region.ts';
import { calendarDay, optionalCalendarDay } from '../validation/dates.ts';
import { freeText, personLabel } from '../validation/text.ts';

export const PERSON_ROLES = ['kind', 'ouder', 'verzorger', 'partner', 'oudere', 'overig'] as const;

const text = (label: string, max: number) => freeText({ label, max });
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

const optionalUuid = z.preprocess((v) => (v === '' ? undefined : v), z.uuid({ error: 'Kies een ketenpartner uit de lijst.' }).optional());

export const personSchema = z
	.object({
		role: z.enum(PERSON_ROLES, { error: 'Kies de rol van deze directbetrokkene.' }),
		label: personLabel({
			label: 'de omschrijving',
			max: 80,
			required: 'Omschrijf deze directbetrokkene zonder naam, bijvoorbeeld "Kind 1 (8 jaar)".'
		}),
		spokenTo: checkbox,
		spokenOn: optionalCalendarDay({ label: 'de gespreksdatum' })
	})
	.refine((p) => !p.spokenTo || p.spokenOn, { error: 'Vul in wanneer deze directbetrokkene is gesproken.', path: ['spokenOn'] });

/** A case as VT enters it: pseudonymous, no names, BSN or other identifying data in its texts. */
export const caseInputSchema = z
	.object({
		municipalityId: z.enum(MUNICIPALITIES.map((m) => m.id) as [string, ...string[]], { error: 'Kies de gemeente.' }),
		reportDate: calendarDay({ label: 'de meldingsdatum' }),
		urgent: checkbox,
		childrenInvolved: checkbox,
		elderlyInvolved: checkbox,
		helpPresent: checkbox,
		summary: freeText({ label: 'de situatieschets', max: 2000, required: 'Schets de situatie in een paar zinnen.' }),
		safetyAgreements: text('het veld "Veiligheidsafspraken"', 2000),
		monitoringBy: text('het veld "Wie monitort"', 200),
		/** The "Uitzondering" box: a ketenpartner is already involved (rule 3); then it names the partner. */
		exception: checkbox.optional(),
		involvedPartnerId: optionalUuid,
		involvedPartnerReason: text('de reden', 500).optional(),
		persons: z.array(personSchema).max(20, { error: 'Hoogstens 20 directbetrokkenen.' }).default([]),
		version: z.coerce.number().int().positive().max(2_147_483_647).optional()
	})
	.refine((c) => !c.exception || !!c.involvedPartnerId, {
		error: 'Kies welke ketenpartner al betrokken is, of zet het vinkje bij "Uitzondering" uit.',
		path: ['involvedPartnerId'],
		// said together with the other fields' messages, not only once they are right
		when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'exception' || i.path?.[0] === 'involvedPartnerId')
	})
	.refine((c) => !c.involvedPartnerId || (c.involvedPartnerReason ?? '').length > 0, {
		error: 'Leg vast waarom de melding aan deze ketenpartner gaat.',
		path: ['involvedPartnerReason']
	});

export type CaseInput = z.output<typeof caseInputSchema>;
