import { z } from 'zod';
import { MUNICIPALITIES } from '../seed/region.ts';

export const PERSON_ROLES = ['kind', 'ouder', 'verzorger', 'partner', 'oudere', 'overig'] as const;

// Nine digits, also as printed on ID documents ("1234.56.782") or glued to letters ("BSN123456782").
const BSN_LIKE = /(?<!\d)\d{4}[.\s-]?\d{2}[.\s-]?\d{3}(?!\d)/;
const noBsn = (field: string) => (value: string) => !BSN_LIKE.test(value) || `Vul bij ${field} geen BSN of ander nummer van 9 cijfers in.`;

const text = (field: string, max: number) =>
	z
		.string()
		.trim()
		.max(max, { error: `${field} mag hoogstens ${max} tekens hebben.` })
		.refine((v) => noBsn(field)(v) === true, { error: `Vul bij ${field} geen BSN of ander nummer van 9 cijfers in.` });

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

const day = (field: string) =>
	z
		.string({ error: `Vul ${field} in.` })
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Vul ${field} in als datum (dd-mm-jjjj).` })
		.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: `${field} is geen bestaande datum.` });

const optionalUuid = z.preprocess((v) => (v === '' ? undefined : v), z.uuid({ error: 'Kies een ketenpartner uit de lijst.' }).optional());

export const personSchema = z
	.object({
		role: z.enum(PERSON_ROLES, { error: 'Kies de rol van deze directbetrokkene.' }),
		label: text('de omschrijving', 80).pipe(z.string().min(1, { error: 'Omschrijf deze directbetrokkene zonder naam, bijvoorbeeld "Kind 1 (8 jaar)".' })),
		spokenTo: checkbox,
		spokenOn: z.preprocess((v) => (v === '' ? undefined : v), day('de gespreksdatum').optional())
	})
	.refine((p) => !p.spokenTo || p.spokenOn, { error: 'Vul in wanneer deze directbetrokkene is gesproken.', path: ['spokenOn'] });

/** A case as VT enters it: pseudonymous, no names or BSN. */
export const caseInputSchema = z
	.object({
		municipalityId: z.enum(MUNICIPALITIES.map((m) => m.id) as [string, ...string[]], { error: 'Kies de gemeente.' }),
		reportDate: day('de meldingsdatum'),
		urgent: checkbox,
		childrenInvolved: checkbox,
		elderlyInvolved: checkbox,
		helpPresent: checkbox,
		summary: text('de situatieschets', 2000).pipe(z.string().min(1, { error: 'Schets de situatie in een paar zinnen.' })),
		safetyAgreements: text('de veiligheidsafspraken', 2000),
		monitoringBy: text('wie monitort', 200),
		involvedPartnerId: optionalUuid,
		involvedPartnerReason: text('de reden', 500).optional(),
		persons: z.array(personSchema).max(20, { error: 'Hoogstens 20 directbetrokkenen.' }).default([]),
		version: z.coerce.number().int().positive().optional()
	})
	.refine((c) => !c.involvedPartnerId || (c.involvedPartnerReason ?? '').length > 0, {
		error: 'Leg vast waarom de melding aan deze ketenpartner gaat.',
		path: ['involvedPartnerReason']
	});

export type CaseInput = z.output<typeof caseInputSchema>;
